import type { Schema } from '@werkstatt/api-client';
import type { ReactElement } from 'react';
import { renderPage } from '../../test/router';
import { type Workspace, WorkspaceContext } from '../workspace/useWorkspace';
import type { Idea, Strategy } from './queries';

/** Test data shaped like the API's answers for a municipality's strategy and ideas. */
export const M = '0190f1c2-7a1b-7cde-8f00-0000000000a1';
export const FIELD_A = '0190f1c2-7a1b-7cde-8f00-0000000000f1';
export const FIELD_B = '0190f1c2-7a1b-7cde-8f00-0000000000f2';

export const base = `/v1/municipalities/${M}`;

export const strategyFixture = (extra: Partial<Strategy> = {}): Strategy => ({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000s1',
  municipalityId: M,
  programId: '0190f1c2-7a1b-7cde-8f00-0000000000p1',
  title: 'Digitalstrategie der VG Wonnegau',
  vision: '',
  summary: '',
  status: 'draft',
  adoptedOn: null,
  councilResolution: null,
  visibility: 'private',
  nextReviewOn: null,
  councilMeeting: null,
  fields: [
    {
      actionFieldId: FIELD_A,
      actionFieldKey: 'buergerservice',
      actionFieldTitle: 'Bürgerservice',
      priority: 1,
      rationale: '',
      goal: 'Jeder Antrag geht auch online.',
      maturityNow: 1,
      maturityTarget: 3,
    },
    {
      actionFieldId: FIELD_B,
      actionFieldKey: 'bildung',
      actionFieldTitle: 'Bildung und Teilhabe',
      priority: 2,
      rationale: '',
      goal: '',
      maturityNow: null,
      maturityTarget: null,
    },
  ],
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...extra,
});

let next = 1;
export function idea(extra: Partial<Idea> = {}): Idea {
  const n = next++;
  return {
    id: `0190f1c2-7a1b-7cde-8f00-2000000000${String(n).padStart(2, '0')}`,
    municipalityId: M,
    actionFieldId: FIELD_A,
    title: `Idee ${n}`,
    description: '',
    sourceWorkshopId: null,
    estimatedDuration: null,
    status: 'new',
    votes: 0,
    measureId: null,
    createdAt: `2026-11-0${Math.min(n, 9)}T10:00:00.000Z`,
    updatedAt: `2026-11-0${Math.min(n, 9)}T10:00:00.000Z`,
    deletedAt: null,
    ...extra,
  };
}

/** The caller's dots: `usedA` in the first field, of them the ones on ideas the test names in `ideas`. */
export const myDotsFixture = (
  usedA = 0,
  perField = 5,
  ideas: Schema<'IdeaDots'>[] = [],
): Schema<'MyDots'> => ({
  dotsPerField: perField,
  fields: [
    { actionFieldId: FIELD_A, dotsUsed: usedA, dotsLeft: perField - usedA },
    { actionFieldId: FIELD_B, dotsUsed: 0, dotsLeft: perField },
  ],
  ideas,
});

type Role = 'editor' | 'viewer' | 'office';

export function workspaceFixture(role: Role = 'editor'): Workspace {
  return {
    municipalityId: M,
    municipality: {
      id: M,
      name: 'Verbandsgemeinde Wonnegau',
      slug: 'wonnegau',
      kind: 'verbandsgemeinde',
      ars: null,
      stateCode: 'RP',
      population: null,
      parentId: null,
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      deletedAt: null,
    },
    canEdit: role !== 'viewer',
    canVote: true,
    canAdminister: false,
    officeView: role === 'office',
  };
}

/** Renders inside the workspace frame's context, a router and a fresh query client. */
export const renderInWorkspace = (ui: ReactElement, workspace = workspaceFixture(), path = '/') =>
  renderPage(<WorkspaceContext.Provider value={workspace}>{ui}</WorkspaceContext.Provider>, { path });
