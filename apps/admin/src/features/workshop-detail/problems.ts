import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';

const t = de.workshopDetail.problems;

/** The German sentence for a refused change to a workshop's participants, links or status. */
export function workshopProblemMessage(error: unknown): string {
  if (isProblem(error)) {
    switch (error.code) {
      case 'check_in_not_today':
        return t.checkInNotToday;
      case 'check_in_final':
        return t.checkInFinal;
      case 'registration_not_confirmed':
        return t.notConfirmed;
      case 'already_checked_in':
        return t.alreadyCheckedIn;
      case 'not_checked_in':
        return t.notCheckedIn;
      case 'registration_cancelled':
        return t.alreadyCancelled;
      case 'workshop_locked':
        return t.locked;
    }
    if (error.status === 403) return t.forbidden;
  }
  return problemMessage(error);
}

/** The accessible name of a row's button, e.g. "Stornieren: Anna Schmidt" (WCAG 2.5.3, label in name). */
export const withName = de.workshopDetail.rowAction;
