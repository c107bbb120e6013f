import {
  outbox,
  type Tx,
  type WebhookDeliveryStatus,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { type Job, parseJob } from '@werkstatt/jobs';
import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';

/** A delivery with what sending it needs: its subscription (URL, secrets, state) and the event's body. */
export async function findDelivery(tx: Tx, deliveryId: string) {
  const [row] = await tx
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      municipalityId: webhookDeliveries.municipalityId,
      subscriptionId: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      subscriptionStatus: webhookSubscriptions.status,
      subscriptionDeletedAt: webhookSubscriptions.deletedAt,
      secretCiphertext: webhookSubscriptions.secretCiphertext,
      // The rotated-out secret only while its overlap lasts (by the database's clock).
      previousSecretCiphertext: sql<
        string | null
      >`case when ${webhookSubscriptions.previousSecretExpiresAt} > now() then ${webhookSubscriptions.previousSecretCiphertext} end`,
      payload: webhookEvents.payload,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  return row;
}

/**
 * Takes attempt `attempt` of a pending delivery for `leaseMs`: its next_attempt_at moves past the
 * attempt's end, so a second job for the same attempt (a stalled job run again while the first still
 * sends) does not send as well, and a worker that died mid-attempt leaves it to a retry once the
 * lease ended. False when the delivery is not due or the attempt was taken.
 */
export async function claimAttempt(tx: Tx, deliveryId: string, attempt: number, leaseMs: number) {
  const rows = await tx
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now() + ${leaseMs}::float8 * interval '1 millisecond'` })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, 'pending'),
        eq(webhookDeliveries.attempts, attempt - 1),
        or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, sql`now()`)),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length === 1;
}

/** Ends a pending delivery without (further) attempts: its subscription was disabled or deleted. */
export async function abandonDelivery(tx: Tx, deliveryId: string) {
  await tx
    .update(webhookDeliveries)
    .set({ status: 'failed', nextAttemptAt: null })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
}

export interface AttemptRecord {
  deliveryId: string;
  subscriptionId: string;
  municipalityId: string | null;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/** Logs the attempt and moves the delivery on: its status and when it is tried next (null: never). */
export async function recordAttempt(
  tx: Tx,
  record: AttemptRecord,
  status: WebhookDeliveryStatus,
  nextAttemptAt: Date | null,
) {
  await tx.insert(webhookDeliveryAttempts).values(record);
  await tx
    .update(webhookDeliveries)
    .set({ attempts: record.attempt, lastAttemptAt: record.startedAt, status, nextAttemptAt })
    .where(eq(webhookDeliveries.id, record.deliveryId));
}

/** Writes a job to the outbox that the relay hands on no earlier than `availableAt`. */
export async function enqueueAt(tx: Tx, job: Job, availableAt: Date) {
  const { queue, name, payload } = parseJob(job.queue, job.name, job.payload);
  await tx
    .insert(outbox)
    .values({ queue, jobName: name, payload, municipalityId: payload.municipalityId, availableAt });
}

export async function resetFailures(tx: Tx, subscriptionId: string) {
  await tx
    .update(webhookSubscriptions)
    .set({ consecutiveFailures: 0 })
    .where(
      and(eq(webhookSubscriptions.id, subscriptionId), sql`${webhookSubscriptions.consecutiveFailures} <> 0`),
    );
}

/**
 * Counts a failed attempt; at `limit` failures in a row an active subscription is disabled with the
 * reason. True when this call disabled it (exactly one call does).
 */
export async function countFailure(tx: Tx, subscriptionId: string, limit: number, reason: string) {
  await tx
    .update(webhookSubscriptions)
    .set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` })
    .where(eq(webhookSubscriptions.id, subscriptionId));
  const disabled = await tx
    .update(webhookSubscriptions)
    .set({ status: 'disabled', disabledAt: sql`now()`, disabledReason: reason })
    .where(
      and(
        eq(webhookSubscriptions.id, subscriptionId),
        eq(webhookSubscriptions.status, 'active'),
        gte(webhookSubscriptions.consecutiveFailures, limit),
      ),
    )
    .returning({ id: webhookSubscriptions.id });
  return disabled.length === 1;
}
