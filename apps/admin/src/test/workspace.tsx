import type { Schema } from '@werkstatt/api-client';
import type { ReactElement } from 'react';
import type { WorkspaceAccess } from '../app/workspace-access';
import { type Workspace, WorkspaceContext } from '../features/workspace/useWorkspace';
import { renderPage } from './router';

export const MUNICIPALITY_ID = '0190f1c2-7a1b-7cde-8f00-0000000000a1';

export const municipalityFixture = (extra: Partial<Schema<'Municipality'>> = {}): Schema<'Municipality'> => ({
  id: MUNICIPALITY_ID,
  name: 'Verbandsgemeinde Wonnegau',
  slug: 'wonnegau',
  kind: 'verbandsgemeinde',
  ars: '073315005',
  stateCode: 'RP',
  population: 27000,
  parentId: null,
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
  ...extra,
});

/** The rights of each kind of user in their own municipality's workspace. */
export const accessOf = {
  editor: { canEdit: true, canVote: true, canAdminister: false, officeView: false },
  admin: { canEdit: true, canVote: true, canAdminister: true, officeView: false },
  viewer: { canEdit: false, canVote: true, canAdminister: false, officeView: false },
  moderator: { canEdit: false, canVote: true, canAdminister: false, officeView: true },
} satisfies Record<string, WorkspaceAccess>;

/** Renders a workspace page as the workspace layout would, for a user with the given rights. */
export function renderWorkspacePage(
  ui: ReactElement,
  { access = accessOf.editor, path = '/' }: { access?: WorkspaceAccess; path?: string } = {},
) {
  const workspace: Workspace = {
    ...access,
    municipalityId: MUNICIPALITY_ID,
    municipality: municipalityFixture(),
  };
  return renderPage(<WorkspaceContext.Provider value={workspace}>{ui}</WorkspaceContext.Provider>, { path });
}
