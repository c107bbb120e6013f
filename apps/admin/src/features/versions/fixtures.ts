import type { Schema } from '@werkstatt/api-client';

export const municipalityId = '0190f1c2-7a1b-7cde-8f00-000000000001';
export const fieldId = '0190f1c2-7a1b-7cde-8f00-0000000000f1';
const stamp = '2026-11-21T09:30:00.000Z';

export const versionFixture = (
  number: number,
  extra: Partial<Schema<'StrategyVersionSummary'>> = {},
): Schema<'StrategyVersionSummary'> => ({
  id: `0190f1c2-7a1b-7cde-8f00-0000000001${String(number).padStart(2, '0')}`,
  municipalityId,
  number,
  label: `Fassung ${number}`,
  createdAt: stamp,
  createdBy: 'Rita Redaktion',
  strategyStatus: 'draft',
  fieldCount: 2,
  measureCount: 3,
  ideaCount: 4,
  ...extra,
});

export const documentFixture = (
  status: Schema<'Document'>['status'],
  progress: number,
  extra: Partial<Schema<'Document'>> = {},
): Schema<'Document'> => ({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000d1',
  municipalityId,
  strategyVersionId: versionFixture(2).id,
  status,
  progress,
  pageCount: status === 'ready' ? 12 : null,
  sizeBytes: status === 'ready' ? 1_400_000 : null,
  sha256: status === 'ready' ? 'abc' : null,
  error: null,
  filename: 'Digitalstrategie-Wonnegau-2026-11-21.pdf',
  createdAt: stamp,
  updatedAt: stamp,
  ...extra,
});

const step = (id: string, title: string, extra = {}) => ({
  id: `0190f1c2-7a1b-7cde-8f00-0000000005${id}`,
  title,
  dueOn: null,
  doneAt: null,
  order: 1,
  ...extra,
});

export const diffFixture = (): Schema<'StrategyVersionDiff'> => ({
  from: { id: versionFixture(1).id, number: 1, label: 'Fassung 1' },
  to: { id: versionFixture(2).id, number: 2, label: 'Fassung 2' },
  strategy: { changes: [{ field: 'status', before: 'draft', after: 'adopted' }] },
  fields: {
    added: [],
    removed: [{ actionFieldId: '0190f1c2-7a1b-7cde-8f00-0000000000f2', title: 'Bildung' }],
    changed: [
      {
        actionFieldId: fieldId,
        title: 'Verwaltung',
        changes: [{ field: 'goal', before: 'Alles digital', after: 'Alle Anträge online bis 2028' }],
      },
    ],
  },
  measures: {
    added: [
      {
        id: '0190f1c2-7a1b-7cde-8f00-000000000401',
        title: 'Freies WLAN im Bürgerhaus',
        actionFieldId: fieldId,
      },
    ],
    removed: [],
    changed: [
      {
        id: '0190f1c2-7a1b-7cde-8f00-000000000402',
        title: 'Online-Terminvergabe',
        actionFieldId: fieldId,
        changes: [
          { field: 'budgetCents', before: 1_250_000, after: 1_500_000 },
          { field: 'endDate', before: null, after: '2027-06-30' },
          {
            field: 'steps',
            before: [step('01', 'Anbieter auswählen'), step('02', 'Ausschreibung')],
            after: [
              step('01', 'Anbieter auswählen', { doneAt: '2026-11-20T10:00:00.000Z' }),
              step('03', 'Schulung der Mitarbeitenden', { dueOn: '2027-02-01' }),
            ],
          },
        ],
      },
    ],
  },
});
