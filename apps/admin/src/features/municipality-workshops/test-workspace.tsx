import type { ReactElement } from 'react';
import { renderInRouter } from '../../test/router';
import { type Workspace, WorkspaceContext } from '../workspace/useWorkspace';

export const WONNEGAU_ID = '0190f1c2-7a1b-7cde-8f00-0000000000a1';
export const wonnegau = {
  id: WONNEGAU_ID,
  name: 'Verbandsgemeinde Wonnegau',
} as unknown as Workspace['municipality'];

/** The rights of each kind of visitor, as workspaceAccess gives them. */
export const access = {
  admin: { canEdit: true, canVote: true, canAdminister: true, officeView: false },
  editor: { canEdit: true, canVote: true, canAdminister: false, officeView: false },
  viewer: { canEdit: false, canVote: true, canAdminister: false, officeView: false },
  office: { canEdit: true, canVote: true, canAdminister: true, officeView: true },
  moderator: { canEdit: false, canVote: true, canAdminister: false, officeView: true },
} as const;

/** A page of the workspace, inside the frame's context, for one kind of visitor. */
export function renderInWorkspace(ui: ReactElement, who: keyof typeof access = 'admin') {
  const workspace: Workspace = { ...access[who], municipalityId: WONNEGAU_ID, municipality: wonnegau };
  return renderInRouter(<WorkspaceContext.Provider value={workspace}>{ui}</WorkspaceContext.Provider>);
}
