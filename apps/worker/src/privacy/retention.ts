import {
  anonymizedRegistration,
  auditEvents,
  type Database,
  PENDING_CONFIRMATION_HOURS,
  registrations,
  scopedDatabase,
  workshops,
} from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { and, eq, isNull, lt } from 'drizzle-orm';

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
  const platform = scopedDatabase(db, { kind: 'platform' });
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const staleBefore = new Date(now.getTime() - PENDING_CONFIRMATION_HOURS * 3_600_000);
  const result: RetentionResult = { anonymized: 0, expired: 0 };

  for (;;) {
    const done = await platform.transaction(async (tx) => {
      const due = await tx
        .select({
          id: registrations.id,
          municipalityId: registrations.municipalityId,
          status: registrations.status,
        })
        .from(registrations)
        .innerJoin(workshops, eq(workshops.id, registrations.workshopId))
        .where(and(isNull(registrations.anonymizedAt), lt(workshops.endsAt, cutoff)))
        .orderBy(registrations.id)
        .limit(BATCH)
        .for('update', { of: registrations, skipLocked: true });
      const stale =
        due.length < BATCH
          ? await tx
              .select({
                id: registrations.id,
                municipalityId: registrations.municipalityId,
                status: registrations.status,
              })
              .from(registrations)
              .where(
                and(
                  isNull(registrations.anonymizedAt),
                  eq(registrations.status, 'pending'),
                  lt(registrations.createdAt, staleBefore),
                ),
              )
              .orderBy(registrations.id)
              .limit(BATCH - due.length)
              .for('update', { skipLocked: true })
          : [];
      const rows = [...due, ...stale.filter((s) => !due.some((d) => d.id === s.id))];
      if (rows.length === 0) return true;
      for (const r of rows) {
        await tx
          .update(registrations)
          .set({
            ...anonymizedRegistration(r.id, now),
            ...(r.status === 'pending' ? { status: 'cancelled' as const, cancelledAt: now } : {}),
          })
          .where(eq(registrations.id, r.id));
      }
      await tx.insert(auditEvents).values(
        rows.map((r) => ({
          actorType: 'system',
          actorId: null,
          actorLabel: 'Aufbewahrungsfrist',
          municipalityId: r.municipalityId,
          action: r.status === 'pending' ? 'registration.expired' : 'registration.anonymized',
          entityType: 'registration',
          entityId: r.id,
          before: { anonymized: false, status: r.status },
          after: { anonymized: true, status: r.status === 'pending' ? 'cancelled' : r.status },
        })),
      );
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
