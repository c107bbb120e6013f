import type { Schema } from '@werkstatt/api-client';
import type { ReactElement } from 'react';
import type { Reply } from '../../test/api';
import { page } from '../../test/api';
import { type Workspace, WorkspaceContext } from '../workspace/useWorkspace';

export const MUNICIPALITY = '0190f1c2-7a1b-7cde-8f00-000000000001';
export const PROGRAM = '0190f1c2-7a1b-7cde-8f00-0000000000f0';
export const DIGITAL = '0190f1c2-7a1b-7cde-8f00-0000000000f1';
export const MOBILITY = '0190f1c2-7a1b-7cde-8f00-0000000000f2';
const stamp = '2026-11-01T08:00:00.000Z';

export const listPath = `/v1/municipalities/${MUNICIPALITY}/measures`;

export const measureFixture = (extra: Partial<Schema<'Measure'>> = {}): Schema<'Measure'> => ({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000a1',
  municipalityId: MUNICIPALITY,
  actionFieldId: DIGITAL,
  originIdeaId: null,
  rank: 1,
  title: 'Freies WLAN im Bürgerhaus',
  description: '',
  lead: null,
  participants: null,
  targetGroup: null,
  expectedResult: null,
  resources: null,
  startWindow: null,
  startDate: '2026-01-15',
  endDate: '2026-06-30',
  status: 'in_progress',
  progress: 40,
  progressSource: 'manual',
  stepsTotal: 0,
  stepsDone: 0,
  overdue: false,
  budgetCents: null,
  fundingSource: null,
  grantProgram: null,
  indicators: [],
  createdAt: stamp,
  updatedAt: stamp,
  deletedAt: null,
  ...extra,
});

export const wlan = measureFixture();
export const bus = measureFixture({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000a2',
  actionFieldId: MOBILITY,
  title: 'Bürgerbus für die Ortsgemeinden',
  startDate: null,
  endDate: '2025-12-31',
  status: 'planned',
  progress: 0,
  overdue: true,
});
export const portal = measureFixture({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000a3',
  title: 'Antragsportal online',
  startDate: '2025-03-01',
  endDate: '2027-12-31',
  status: 'done',
  progress: 100,
  stepsTotal: 4,
  stepsDone: 4,
  progressSource: 'steps',
});

const field = (id: string, title: string, sortOrder: number) => ({
  id,
  programId: PROGRAM,
  key: title.toLowerCase(),
  title,
  description: '',
  exampleMeasures: [],
  sortOrder,
  createdAt: stamp,
  updatedAt: stamp,
  deletedAt: null,
});

/** The strategy (Digitalisierung chosen) and its program's fields; the measures answer `measures`. */
export function measureRoutes(measures: Reply | ((request: Request, url: URL) => Reply)) {
  return {
    [`GET /v1/municipalities/${MUNICIPALITY}/strategy`]: {
      status: 200,
      body: {
        id: '0190f1c2-7a1b-7cde-8f00-0000000000e1',
        municipalityId: MUNICIPALITY,
        programId: PROGRAM,
        fields: [
          {
            actionFieldId: DIGITAL,
            actionFieldKey: 'digitalisierung',
            actionFieldTitle: 'Digitalisierung',
            priority: 1,
            rationale: '',
            goal: '',
            maturityNow: null,
            maturityTarget: null,
          },
        ],
      },
    },
    [`GET /v1/programs/${PROGRAM}/action-fields`]: page([
      field(MOBILITY, 'Mobilität', 1),
      field(DIGITAL, 'Digitalisierung', 2),
    ]),
    [`GET ${listPath}`]: measures,
  };
}

export function workspaceOf(canEdit: boolean): Workspace {
  return {
    municipalityId: MUNICIPALITY,
    municipality: {
      id: MUNICIPALITY,
      name: 'Verbandsgemeinde Wonnegau',
    } as Schema<'Municipality'>,
    canEdit,
    canVote: true,
    canAdminister: canEdit,
    officeView: false,
  };
}

export const inWorkspace = (ui: ReactElement, canEdit = true) => (
  <WorkspaceContext.Provider value={workspaceOf(canEdit)}>{ui}</WorkspaceContext.Provider>
);
