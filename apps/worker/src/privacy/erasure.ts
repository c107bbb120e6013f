import type { Database } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { JobContext } from '../handlers.js';
import type { Mailer } from '../mail/mailer.js';
import { jobScope } from '../scope.js';
import { deleteStoredResponsesAbout } from './erasure.data.js';

interface ErasureDeps {
  db: Database;
  mailer: Mailer;
}

/**
 * What a deleted user left outside their row: the mails written for them, and the stored
 * Idempotency-Key responses that hold their name or address (their own requests' responses, and the
 * response to the request that created them, kept under whichever actor sent it). Those responses
 * belong to actors of any municipality or none, so this runs in platform scope. Idempotent.
 */
export async function eraseUserCopies(
  deps: ErasureDeps,
  payload: JobPayload<'mail', 'user.erased'>,
  ctx: JobContext,
): Promise<void> {
  await deps.mailer.eraseMailsAbout({ kind: 'user', id: payload.userId });
  const storedResponses = await jobScope(deps.db, null).transaction((tx) =>
    deleteStoredResponsesAbout(tx, payload.userId),
  );
  ctx.log.info(
    { jobId: ctx.jobId, userId: payload.userId, storedResponses },
    'erased copies of a deleted user',
  );
}

/** The mails written for an erased registration (opt-in, confirmations, workshop changes). Idempotent. */
export async function eraseRegistrationMails(
  deps: ErasureDeps,
  payload: JobPayload<'mail', 'registration.erased'>,
  ctx: JobContext,
): Promise<void> {
  await deps.mailer.eraseMailsAbout({ kind: 'registration', id: payload.registrationId });
  ctx.log.info(
    { jobId: ctx.jobId, registrationId: payload.registrationId },
    'erased mails of a registration',
  );
}
