import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';

/** The German sentence for a refused change of a user that is not about one form field. */
export function userProblem(error: unknown): string {
  if (isProblem(error)) {
    switch (error.code) {
      case 'cannot_change_own_account':
        return de.users.cannotChangeOwn;
      case 'user_disabled':
        return de.users.resendDisabled;
      case 'role_municipality_mismatch':
        return de.users.roleMunicipalityMismatch;
      case 'email_taken':
        return de.users.emailTaken;
    }
    if (error.status === 404) return de.users.gone;
  }
  return problemMessage(error);
}

/** Someone else saved the user in between: the shared conflict dialog takes over. */
export const isConflict = (error: unknown): boolean => isProblem(error) && error.status === 412;
