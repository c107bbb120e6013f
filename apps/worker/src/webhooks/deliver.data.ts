import {
  compiledRead,
  type Tx,
  type WebhookDeliveryStatus,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { and, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
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
// Shaped so that no plan can start anywhere but at the ids: the update touches only the deliveries
// (the subscription's state is a scalar subquery, which Postgres never turns into a join), and the
// subscription and event are read for the claimed rows only. As a plain three-table update, the
// plans made while the tables were new started from the subscriptions and scanned the events:
// 40–80 ms a call once a burst had filled them (bench/webhooks, 10,000 deliveries into a new
// database). In such a database this and the record below still read the deliveries by a scan
// until autovacuum's first ANALYZE replans them; a batch of 20 shares each scan.
const claimDue = compiledRead(
  claimedFields,
  statement(sql`with claimed as (
      update webhook_deliveries d
      set next_attempt_at = now() + ${p('leaseMs')}::float8 * interval '1 millisecond'
      where d.id = any(${p('deliveryIds')}::uuid[])
        and d.status = 'pending'
        and (${p('attempt')}::int is null or d.attempts = ${p('attempt')}::int - 1)
        and (d.next_attempt_at is null or d.next_attempt_at <= now())
        and (select s.status = 'active' and s.deleted_at is null
             from webhook_subscriptions s where s.id = d.subscription_id)
      returning d.id, d.attempts, d.municipality_id, d.subscription_id, d.event_id
    )
    select c.id, c.attempts, c.municipality_id, s.id, s.url, s.secret_ciphertext,
      case when s.previous_secret_expires_at > now() then s.previous_secret_ciphertext end,
      e.payload
    from claimed c
    join webhook_subscriptions s on s.id = c.subscription_id
    join webhook_events e on e.id = c.event_id`),
);

export type ClaimedDelivery = Awaited<ReturnType<typeof claimDue>>[number];

/**
 * Takes attempt `attempt` (by default the next) of each due, pending delivery among `deliveryIds`
 * whose subscription is active, for `leaseMs`, and reads what sending it needs (URL, secrets, the
 * event's body), in one statement: its next_attempt_at moves past the attempt's end, so a second job
 * for the same attempt (a stalled job run again while the first still sends) does not send as well,
 * and a worker that died mid-attempt leaves it to a retry once the lease ended. Those that fail a
 * check are not returned; the caller then finds out why with findDeliveries.
 */
export function claimDueDeliveries(
  tx: Tx,
  deliveryIds: string[],
  attempt: number | undefined,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  return claimDue(tx, { deliveryIds, attempt: attempt ?? null, leaseMs });
}

const newAttemptId = () => webhookDeliveryAttempts.id.defaultFn!() as string;

// One row per success from parallel arrays (unnest), so a batch is recorded in one round trip.
const recordSuccessesStatement = compiledRead(
  {},
  statement(sql`with done as (
      select * from unnest(${p('ids')}::uuid[], ${p('deliveryIds')}::uuid[], ${p('subscriptionIds')}::uuid[],
        ${p('municipalityIds')}::uuid[], ${p('attempts')}::int[], ${p('startedAts')}::timestamptz[],
        ${p('durationsMs')}::int[], ${p('statusCodes')}::int[], ${p('responseExcerpts')}::text[])
        as r(id, delivery_id, subscription_id, municipality_id, attempt, started_at, duration_ms, status_code, response_excerpt)
    ), attempt as (
      insert into webhook_delivery_attempts
        (id, delivery_id, subscription_id, municipality_id, attempt, started_at, duration_ms, status_code, error, response_excerpt)
      select id, delivery_id, subscription_id, municipality_id, attempt, started_at, duration_ms, status_code, null, response_excerpt
      from done
    ), delivery as (
      update webhook_deliveries d
      set attempts = done.attempt, last_attempt_at = done.started_at, status = 'succeeded', next_attempt_at = null
      from done where d.id = done.delivery_id
    )
    update webhook_subscriptions set consecutive_failures = 0
    where id in (select subscription_id from done) and consecutive_failures <> 0`),
);

/**
 * Logs successful attempts, ends their deliveries and resets their subscriptions' failures in a row,
 * all in one statement.
 */
export async function recordSuccesses(tx: Tx, records: AttemptRecord[]) {
  if (records.length === 0) return;
  await recordSuccessesStatement(tx, {
    ids: records.map(newAttemptId),
    deliveryIds: records.map((r) => r.deliveryId),
    subscriptionIds: records.map((r) => r.subscriptionId),
    municipalityIds: records.map((r) => r.municipalityId),
    attempts: records.map((r) => r.attempt),
    startedAts: records.map((r) => r.startedAt.toISOString()),
    durationsMs: records.map((r) => r.durationMs),
    statusCodes: records.map((r) => r.statusCode),
    responseExcerpts: records.map((r) => r.responseExcerpt),
  });
}

/** Deliveries by id with their state and their subscription's, to tell why they were not taken. */
export function findDeliveries(tx: Tx, deliveryIds: string[]) {
  return tx
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      subscriptionStatus: webhookSubscriptions.status,
      subscriptionDeletedAt: webhookSubscriptions.deletedAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(inArray(webhookDeliveries.id, deliveryIds));
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
