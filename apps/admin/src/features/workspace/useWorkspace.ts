import type { Schema } from '@werkstatt/api-client';
import { createContext, useContext } from 'react';
import type { WorkspaceAccess } from '../../app/workspace-access';

export interface Workspace extends WorkspaceAccess {
  municipalityId: string;
  municipality: Schema<'Municipality'>;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

/** The municipality whose workspace is open, and what the signed-in user may do in it. */
export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace needs the workspace layout');
  return workspace;
}
