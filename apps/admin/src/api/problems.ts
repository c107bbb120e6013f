import type { Problem } from '@werkstatt/api-client';
import { de } from '../i18n/de';

/** A thrown value that is the API's problem document (openapi-react-query throws the error body). */
export function isProblem(error: unknown): error is Problem {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Problem).status === 'number' &&
    typeof (error as Problem).code === 'string'
  );
}

/** Unknown, expired, revoked or already used personal links all answer 404. */
export const isDeadLink = (error: unknown): boolean => isProblem(error) && error.status === 404;

/** A lost connection, a server error or a rate limit may pass; a conflict or a dead link will not. */
export const isTransient = (error: unknown): boolean =>
  !isProblem(error) || error.status >= 500 || error.status === 429;

/**
 * The API's field errors (`errors[].path` such as `body.email`) as German messages per form field. The
 * API's own texts are English, so each field gets its German message; a path outside the form counts as
 * `other`.
 */
export function fieldErrorsOf<F extends string>(
  problem: Problem,
  messages: Readonly<Record<F | 'other', string>>,
): Partial<Record<F | 'other', string>> {
  const result: Partial<Record<F | 'other', string>> = {};
  for (const { path } of problem.errors ?? []) {
    const field = path.replace(/^(body|querystring|params)\./, '').split('.')[0] ?? '';
    const key = (Object.hasOwn(messages, field) && field !== 'other' ? field : 'other') as F | 'other';
    result[key] ??= messages[key];
  }
  return result;
}

/** The German sentence for a problem that is not about one field. */
export function problemMessage(error: unknown): string {
  if (!isProblem(error)) return de.problems.network;
  switch (error.code) {
    case 'invitation_used_up':
      return de.problems.invitationUsedUp;
    case 'registration_attended':
      return de.problems.registrationAttended;
    case 'workshop_cancelled':
      return de.invitation.cancelled;
    case 'workshop_held':
      return de.invitation.held;
    case 'workshop_not_published':
      return de.problems.workshopNotPublished;
    case 'registration_not_open':
      return de.invitation.notOpen;
    case 'registration_closed':
      return de.invitation.closed;
  }
  if (error.status === 404) return de.problems.linkInvalidTitle;
  if (error.status === 429) return de.problems.tooManyRequests;
  if (error.status === 400) return de.fieldErrors.other;
  return de.problems.generic;
}
