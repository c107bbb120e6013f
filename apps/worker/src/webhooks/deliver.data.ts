import {
  compiledRead,
  outbox,
  type Tx,
  type WebhookDeliveryStatus,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { type Job, parseJob } from '@werkstatt/jobs';
import { and, eq, gte, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/*
 * The hot path of a delivery, one statement each for taking the attempt and for recording a success,
 * built once with placeholders (compiledRead runs any statement that returns rows, through drizzle's
 * session) and, with DATABASE_PREPARED_STATEMENTS, prepared once per connection. Everything else
 * (skips, failures, retries) takes the drizzle queries below. Measured in bench/webhooks.
 */
const dialect = new PgDialect();
const statement = (query: SQL) => () => ({ toSQL: () => dialect.sqlToQuery(query) });
const p = (name: string) => sql.placeholder(name);

const claimedFields = {
  id: webhookDeliveries.id,
  attempts: webhookDeliveries.attempts,
  municipalityId: webhookDeliveries.municipalityId,
  subscriptionId: webhookSubscriptions.id,
  url: webhookSubscriptions.url,
  secretCiphertext: webhookSubscriptions.secretCiphertext,
  previousSecretCiphertext: webhookSubscriptions.previousSecretCiphertext,
  payload: webhookEvents.payload,
};

// Columns in the order of claimedFields. attempt is null when the job does not name one (the next).
const claimDue = compiledRead(
  claimedFields,
  statement(sql`update webhook_deliveries d
    set next_attempt_at = now() + ${p('leaseMs')}::float8 * interval '1 millisecond'
    from webhook_subscriptions s, webhook_events e
    where d.id = ${p('deliveryId')}::uuid
      and s.id = d.subscription_id
      and e.id = d.event_id
      and d.status = 'pending'
      and (${p('attempt')}::int is null or d.attempts = ${p('attempt')}::int - 1)
      and (d.next_attempt_at is null or d.next_attempt_at <= now())
      and s.status = 'active'
      and s.deleted_at is null
    returning d.id, d.attempts, d.municipality_id, s.id, s.url, s.secret_ciphertext,
      case when s.previous_secret_expires_at > now() then s.previous_secret_ciphertext end,
      e.payload`),
);

export type ClaimedDelivery = Awaited<ReturnType<typeof claimDue>>[number];

/**
 * Takes attempt `attempt` (by default the next) of a due, pending delivery whose subscription is
 * active, for `leaseMs`, and reads what sending it needs (URL, secrets, the event's body), in one
 * statement: its next_attempt_at moves past the attempt's end, so a second job for the same attempt
 * (a stalled job run again while the first still sends) does not send as well, and a worker that
 * died mid-attempt leaves it to a retry once the lease ended. Undefined when any check fails; the
 * caller then finds out which with findDelivery.
 */
export async function claimDueDelivery(
  tx: Tx,
  deliveryId: string,
  attempt: number | undefined,
  leaseMs: number,
): Promise<ClaimedDelivery | undefined> {
  const [row] = await claimDue(tx, { deliveryId, attempt: attempt ?? null, leaseMs });
  return row;
}

const newAttemptId = () => webhookDeliveryAttempts.id.defaultFn!() as string;

const recordSuccessStatement = compiledRead(
  {},
  statement(sql`with attempt as (
      insert into webhook_delivery_attempts
        (id, delivery_id, subscription_id, municipality_id, attempt, started_at, duration_ms, status_code, error, response_excerpt)
      values (${p('id')}::uuid, ${p('deliveryId')}::uuid, ${p('subscriptionId')}::uuid, ${p('municipalityId')}::uuid,
        ${p('attempt')}::int, ${p('startedAt')}::timestamptz, ${p('durationMs')}::int, ${p('statusCode')}::int,
        ${p('error')}::text, ${p('responseExcerpt')}::text)
    ), delivery as (
      update webhook_deliveries
      set attempts = ${p('attempt')}::int, last_attempt_at = ${p('startedAt')}::timestamptz,
        status = 'succeeded', next_attempt_at = null
      where id = ${p('deliveryId')}::uuid
    )
    update webhook_subscriptions set consecutive_failures = 0
    where id = ${p('subscriptionId')}::uuid and consecutive_failures <> 0`),
);

/** Logs a successful attempt, ends the delivery and resets the subscription's failures in a row. */
export async function recordSuccess(tx: Tx, record: AttemptRecord) {
  await recordSuccessStatement(tx, {
    ...record,
    id: newAttemptId(),
    startedAt: record.startedAt.toISOString(),
  });
}

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
