import type { Schema } from '@werkstatt/api-client';
import type { Strategy } from './strategy-form';

export const municipalityId = '0190f1c2-7a1b-7cde-8f00-00000000a001';
export const programId = '0190f1c2-7a1b-7cde-8f00-00000000b001';

const fieldIds = ['c001', 'c002', 'c003'].map((n) => `0190f1c2-7a1b-7cde-8f00-00000000${n}`);
const titles = ['Bürgerservice', 'Infrastruktur', 'Bildung'];

export const catalogue: Schema<'ActionField'>[] = titles.map((title, i) => ({
  id: fieldIds[i] as string,
  programId,
  key: title.toLowerCase(),
  title,
  description: '',
  exampleMeasures: [],
  sortOrder: i,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
}));

export const program = {
  id: programId,
  name: 'Digital-Werkstatt',
} as Schema<'Program'>;

export const strategyFixture = (extra: Partial<Strategy> = {}): Strategy => ({
  id: '0190f1c2-7a1b-7cde-8f00-00000000d001',
  municipalityId,
  programId,
  title: 'Digitalstrategie Wonnegau',
  vision: '# Wonnegau 2030\n\nWir sind **digital** und *nah*.',
  summary: 'Kurz gesagt.',
  status: 'draft',
  adoptedOn: null,
  councilResolution: null,
  visibility: 'private',
  nextReviewOn: '2027-03-31',
  councilMeeting: null,
  fields: [0, 1].map((i) => ({
    actionFieldId: fieldIds[i] as string,
    actionFieldKey: (titles[i] as string).toLowerCase(),
    actionFieldTitle: titles[i] as string,
    priority: i + 1,
    rationale: '',
    goal: i === 0 ? 'Alle Anträge online.' : 'WLAN in jedem Ort.',
    maturityNow: i === 0 ? 1 : null,
    maturityTarget: i === 0 ? 3 : null,
  })),
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-02T00:00:00.000Z',
  ...extra,
});
