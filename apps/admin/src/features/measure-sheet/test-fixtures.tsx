import type { Schema } from '@werkstatt/api-client';
import type { ReactElement } from 'react';
import { type Reply, stubApi } from '../../test/api';
import { renderPage } from '../../test/router';
import { WorkspaceContext } from '../workspace/useWorkspace';
import { MeasureSheetPage } from './MeasureSheetPage';

export const municipalityId = '0190f1c2-7a1b-7cde-8f00-000000000001';
export const measureId = '0190f1c2-7a1b-7cde-8f00-0000000000a1';
export const programId = '0190f1c2-7a1b-7cde-8f00-0000000000f0';
export const fieldA = '0190f1c2-7a1b-7cde-8f00-0000000000f1';
export const fieldB = '0190f1c2-7a1b-7cde-8f00-0000000000f2';
const stamp = '2026-11-01T08:00:00.000Z';

export const measureFixture = (extra: Partial<Schema<'Measure'>> = {}): Schema<'Measure'> => ({
  id: measureId,
  municipalityId,
  actionFieldId: fieldA,
  originIdeaId: null,
  rank: 1,
  title: 'Freies WLAN im Bürgerhaus',
  description: 'Access Points im Saal und im Foyer.',
  lead: 'Bauamt',
  participants: null,
  targetGroup: null,
  expectedResult: null,
  resources: null,
  startWindow: 'immediately',
  startDate: '2027-01-15',
  endDate: null,
  status: 'planned',
  progress: 0,
  progressSource: 'manual',
  stepsTotal: 0,
  stepsDone: 0,
  overdue: false,
  budgetCents: 1_250_000,
  fundingSource: null,
  grantProgram: null,
  indicators: [],
  createdAt: stamp,
  updatedAt: stamp,
  deletedAt: null,
  ...extra,
});

export const stepFixture = (
  n: number,
  extra: Partial<Schema<'MeasureStep'>> = {},
): Schema<'MeasureStep'> => ({
  id: `0190f1c2-7a1b-7cde-8f00-00000000050${n}`,
  measureId,
  title: `Schritt ${n}`,
  dueOn: null,
  doneAt: null,
  order: n,
  createdAt: stamp,
  updatedAt: stamp,
  ...extra,
});

export const base = `/v1/municipalities/${municipalityId}/measures/${measureId}`;

/** The reads every fact sheet makes: the measure, its steps, the strategy and the program's fields. */
export function sheetRoutes(
  measure: Schema<'Measure'> | Reply | Reply[],
  steps: Schema<'MeasureStep'>[] = [],
): Record<string, Reply | Reply[]> {
  const strategy = {
    programId,
    fields: [{ actionFieldId: fieldA, actionFieldTitle: 'Digitale Infrastruktur' }],
  };
  return {
    [`GET ${base}`]:
      'id' in (measure as object)
        ? { status: 200, body: measure, headers: { etag: '"m1"' } }
        : (measure as Reply | Reply[]),
    [`GET ${base}/steps`]: { status: 200, body: { data: steps } },
    [`GET /v1/municipalities/${municipalityId}/strategy`]: { status: 200, body: strategy },
    [`GET /v1/programs/${programId}/action-fields`]: {
      status: 200,
      body: {
        data: [
          { id: fieldA, title: 'Digitale Infrastruktur' },
          { id: fieldB, title: 'Bildung' },
        ],
        nextCursor: null,
      },
    },
  };
}

export async function showSheet(routes: Record<string, Reply | Reply[]>, { canEdit = true } = {}) {
  const api = stubApi(routes);
  const workspace = {
    municipalityId,
    municipality: { id: municipalityId, name: 'Verbandsgemeinde Wonnegau' } as Schema<'Municipality'>,
    canEdit,
    canVote: true,
    canAdminister: false,
    officeView: false,
  };
  const ui: ReactElement = (
    <WorkspaceContext.Provider value={workspace}>
      <MeasureSheetPage measureId={measureId} />
    </WorkspaceContext.Provider>
  );
  const rendered = await renderPage(ui, {
    path: `/arbeitsbereich/${municipalityId}/massnahmen/${measureId}`,
  });
  return { api: api.requests, ...rendered };
}
