import type { SessionUser } from '../api/session';
import { isOffice } from './roles';

/**
 * What a user may do in one municipality's workspace, by the API's own rules (municipality-access):
 * program admins and the municipality's admins and editors write, moderators and viewers read; every
 * signed-in user with access casts dots; the municipality's admin (and a program admin) administers
 * its users, keys and workshop applications.
 */
export interface WorkspaceAccess {
  canEdit: boolean;
  canVote: boolean;
  canAdminister: boolean;
  /** The program office looking at a municipality's workspace from outside (shown with a banner). */
  officeView: boolean;
}

export function workspaceAccess(user: Pick<SessionUser, 'role' | 'municipalityId'>, municipalityId: string) {
  const own = user.municipalityId === municipalityId;
  const access: WorkspaceAccess = {
    canEdit:
      user.role === 'program_admin' ||
      (own && (user.role === 'municipality_admin' || user.role === 'municipality_editor')),
    canVote: isOffice(user) || own,
    canAdminister: user.role === 'program_admin' || (own && user.role === 'municipality_admin'),
    officeView: isOffice(user),
  };
  return access;
}
