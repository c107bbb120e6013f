import { type Database, PENDING_CONFIRMATION_HOURS } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { jobScope } from '../scope.js';
import {
  anonymizeRegistrations,
  registrationsPastRetention,
  unconfirmedRegistrations,
} from './retention.data.js';

export interface RetentionResult {
  /** Registrations anonymised because their workshop ended before the cutoff. */
  anonymized: number;
  /** Invitees' registrations never confirmed in time: ended and anonymised. */
  expired: number;
}

const BATCH = 500;

/**
 * The daily privacy scan (DSGVO), program-wide:
 * - registrations of workshops that ended more than `retentionDays` ago are anonymised (status,
 *   role and counts stay, see anonymizedRegistration);
 * - `pending` registrations older than the confirmation window end as cancelled and are anonymised
 *   at once: the person never confirmed, so nothing of theirs is kept.
 * Idempotent: only rows without anonymized_at are touched, so running it twice changes nothing.
 * Each batch is one transaction with one audit event per registration (ids only, actor 'system') and
 * one registration.erased job each, which removes the mails written for it.
 */
export async function runRetentionScan(
  db: Database,
  retentionDays: number,
  now = new Date(),
): Promise<RetentionResult> {
  const platform = jobScope(db, null);
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const staleBefore = new Date(now.getTime() - PENDING_CONFIRMATION_HOURS * 3_600_000);
  const result: RetentionResult = { anonymized: 0, expired: 0 };

  for (;;) {
    const done = await platform.transaction(async (tx) => {
      const due = await registrationsPastRetention(tx, cutoff, BATCH);
      const stale =
        due.length < BATCH ? await unconfirmedRegistrations(tx, staleBefore, BATCH - due.length) : [];
      const rows = [...due, ...stale.filter((s) => !due.some((d) => d.id === s.id))];
      if (rows.length === 0) return true;
      await anonymizeRegistrations(tx, rows, now);
      // Their mails go too: one erasure job each, relayed after commit like every job.
      for (const r of rows) {
        await enqueue(tx, {
          queue: 'mail',
          name: 'registration.erased',
          payload: { registrationId: r.id, municipalityId: r.municipalityId },
        });
      }
      const expired = rows.filter((r) => r.status === 'pending').length;
      result.expired += expired;
      result.anonymized += rows.length - expired;
      return rows.length < BATCH;
    });
    if (done) return result;
  }
}
