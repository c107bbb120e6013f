import type { Database, Tx } from '@werkstatt/db';
import { enqueue, type JobPayload } from '@werkstatt/jobs';
import { decryptSecret, signedHeaders } from '@werkstatt/webhooks';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { retryDelayMs } from './backoff.js';
import type { AttemptOutcome, WebhookClient } from './client.js';
import {
  type AttemptRecord,
  abandonDelivery,
  claimDueDeliveries,
  countFailure,
  findDeliveries,
  recordAttempt,
  recordSuccesses,
} from './deliver.data.js';

export type DeliverConfig = Pick<
  Config,
  | 'WEBHOOK_SECRET_KEY'
  | 'WEBHOOK_TIMEOUT_MS'
  | 'WEBHOOK_MAX_ATTEMPTS'
  | 'WEBHOOK_BACKOFF_BASE_MS'
  | 'WEBHOOK_BACKOFF_MAX_MS'
  | 'WEBHOOK_DISABLE_AFTER_FAILURES'
>;

/** How one delivery's attempt ended, as the metrics count it. */
export type WebhookOutcome = 'succeeded' | 'retry' | 'failed' | 'disabled' | 'skipped';

export interface DeliverDeps {
  db: Database;
  config: DeliverConfig;
  webhookClient: WebhookClient;
  /** The jitter of the backoff (tests fix it). */
  random?: () => number;
  /** Told each delivery's outcome once it is committed (metrics). */
  onOutcome?: (outcome: WebhookOutcome) => void;
}

// A lease a little longer than an attempt can take: a worker that died mid-attempt frees it by then.
const LEASE_MARGIN_MS = 30_000;

// Decrypted secrets by key and ciphertext: decrypting derives the AES key (SHA-256) each time, and a
// burst sends many deliveries per subscription. A rotation writes a new ciphertext, so an entry never
// goes stale; the bound keeps the memory small, the oldest entry leaves first.
const SECRET_CACHE_SIZE = 1000;
const decryptedSecrets = new Map<string, string>();

function cachedSecret(ciphertext: string, key: string): string {
  const cacheKey = `${key}\n${ciphertext}`;
  let secret = decryptedSecrets.get(cacheKey);
  if (secret === undefined) {
    secret = decryptSecret(ciphertext, key);
    if (decryptedSecrets.size >= SECRET_CACHE_SIZE) {
      decryptedSecrets.delete(decryptedSecrets.keys().next().value!);
    }
    decryptedSecrets.set(cacheKey, secret);
  }
  return secret;
}

/** The subscription's secrets to sign with: the current one and the previous while it overlaps. */
function secretsOf(
  subscription: { secretCiphertext: string; previousSecretCiphertext: string | null },
  key: string,
): string[] {
  const current = cachedSecret(subscription.secretCiphertext, key);
  return subscription.previousSecretCiphertext === null
    ? [current]
    : [current, cachedSecret(subscription.previousSecretCiphertext, key)];
}

/** The attempt is being made by another run of the job (or one that died, until its lease ends). */
export class AttemptInProgressError extends Error {
  override readonly name = 'AttemptInProgressError';
}

/**
 * Makes one attempt of a webhook delivery and records it: a retry, a redelivery, or a job written
 * before first attempts went in batches. See deliverWebhooks.
 */
export function deliverWebhook(
  deps: DeliverDeps,
  payload: JobPayload<'webhooks', 'webhook.deliver'>,
  ctx: JobContext,
): Promise<void> {
  return deliverWebhooks(deps, [payload.deliveryId], payload.attempt, payload.municipalityId, ctx);
}

/** Makes the first attempt of a fan-out's batch of deliveries at once. See deliverWebhooks. */
export function deliverWebhookBatch(
  deps: DeliverDeps,
  payload: JobPayload<'webhooks', 'webhook.deliverBatch'>,
  ctx: JobContext,
): Promise<void> {
  return deliverWebhooks(deps, payload.deliveryIds, 1, payload.municipalityId, ctx);
}

type Skip = { deliveryId: string; reason: string };

/**
 * Makes attempt `attempt` (by default each one's next) of the deliveries and records them.
 *
 * At least once: the attempts are taken (leased) before sending and recorded after, each step in one
 * short transaction for all of them, with the HTTP calls outside both. A run that dies in between
 * sends again on the job's retry, with the same webhook-id (the delivery id) for the receiver to
 * dedupe. A delivery that succeeded, failed for good or whose attempt was already made is not sent
 * again; one whose attempt another run holds is left to a retry of the job, which fails with
 * AttemptInProgressError after the others were sent and recorded.
 *
 * A failed attempt is not a failed job: the next attempt is a new job, written to the outbox with the
 * backoff as its available_at in the transaction that records this one, so a crash cannot lose or
 * double the schedule. The job itself fails (and BullMQ retries it) only when the database or the
 * secrets cannot be read.
 */
async function deliverWebhooks(
  deps: DeliverDeps,
  deliveryIds: string[],
  attempt: number | undefined,
  municipalityId: string | null,
  ctx: JobContext,
): Promise<void> {
  const { config } = deps;
  const scope = jobScope(deps.db, municipalityId);
  const leaseMs = config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;

  const { taken, skipped, inProgress } = await scope.transaction(async (tx) => {
    const claimed = await claimDueDeliveries(tx, deliveryIds, attempt, leaseMs);
    const taken = claimed.map((delivery) => ({
      delivery,
      attempt: attempt ?? delivery.attempts + 1,
      secrets: secretsOf(delivery, config.WEBHOOK_SECRET_KEY),
    }));
    const skipped: Skip[] = [];
    const inProgress: string[] = [];
    const claimedIds = new Set(claimed.map((d) => d.id));
    const rest = deliveryIds.filter((id) => !claimedIds.has(id));
    if (rest.length === 0) return { taken, skipped, inProgress };
    // Not taken: find out why (the checks as the claim makes them, in order).
    const found = new Map((await findDeliveries(tx, rest)).map((d) => [d.id, d]));
    for (const deliveryId of rest) {
      const delivery = found.get(deliveryId);
      const next = attempt ?? (delivery ? delivery.attempts + 1 : 0);
      if (!delivery) skipped.push({ deliveryId, reason: 'no such delivery' });
      else if (delivery.status !== 'pending')
        skipped.push({ deliveryId, reason: `delivery ${delivery.status}` });
      else if (next !== delivery.attempts + 1)
        skipped.push({ deliveryId, reason: `attempt ${next} already made` });
      else if (delivery.subscriptionDeletedAt || delivery.subscriptionStatus !== 'active') {
        await abandonDelivery(tx, deliveryId);
        skipped.push({ deliveryId, reason: 'subscription disabled or deleted' });
      } else {
        // Pending, this attempt, an active subscription: not due, its lease is held by another run.
        inProgress.push(deliveryId);
      }
    }
    return { taken, skipped, inProgress };
  });
  for (const { deliveryId, reason } of skipped) {
    deps.onOutcome?.('skipped');
    ctx.log.info({ jobId: ctx.jobId, deliveryId }, `webhook delivery skipped: ${reason}`);
  }

  const sent = await Promise.all(
    taken.map(async ({ delivery, attempt, secrets }) => {
      // The body is signed exactly as it is sent.
      const body = JSON.stringify(delivery.payload);
      const startedAt = new Date();
      const headers = signedHeaders(secrets, delivery.id, Math.floor(startedAt.getTime() / 1000), body);
      const outcome = await deps.webhookClient.post(delivery.url, { ...headers }, body);
      const record: AttemptRecord = {
        deliveryId: delivery.id,
        subscriptionId: delivery.subscriptionId,
        municipalityId: delivery.municipalityId,
        attempt,
        startedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        error: outcome.error,
        responseExcerpt: outcome.responseExcerpt,
      };
      return { record, outcome };
    }),
  );

  if (sent.length > 0) {
    const results = await scope.transaction(async (tx) => {
      await recordSuccesses(
        tx,
        sent.filter((s) => s.outcome.ok).map((s) => s.record),
      );
      const results = new Map<string, { outcome: WebhookOutcome; text: string }>();
      for (const { record, outcome } of sent) {
        results.set(
          record.deliveryId,
          outcome.ok
            ? { outcome: 'succeeded', text: 'succeeded' }
            : await recordFailure(tx, deps, record, outcome),
        );
      }
      return results;
    });
    for (const { record, outcome } of sent) {
      const result = results.get(record.deliveryId)!;
      deps.onOutcome?.(result.outcome);
      ctx.log.info(
        {
          jobId: ctx.jobId,
          deliveryId: record.deliveryId,
          attempt: record.attempt,
          statusCode: outcome.statusCode,
          durationMs: outcome.durationMs,
          error: outcome.error,
        },
        `webhook delivery attempt: ${result.text}`,
      );
    }
  }

  if (inProgress.length > 0) {
    throw new AttemptInProgressError(
      `The attempt of ${inProgress.length === 1 ? `delivery ${inProgress[0]}` : `deliveries ${inProgress.join(', ')}`} is in progress`,
    );
  }
}

/**
 * Records a failed attempt: counts it against the subscription (disabling it at the limit, with a
 * mail to its owner), and schedules the next attempt unless this was the last. Returns what happened.
 */
async function recordFailure(
  tx: Tx,
  deps: DeliverDeps,
  record: AttemptRecord,
  outcome: AttemptOutcome,
): Promise<{ outcome: WebhookOutcome; text: string }> {
  const { config } = deps;
  const disabled = await countFailure(
    tx,
    record.subscriptionId,
    config.WEBHOOK_DISABLE_AFTER_FAILURES,
    disabledReason(config.WEBHOOK_DISABLE_AFTER_FAILURES, outcome),
  );
  if (disabled) {
    await enqueue(tx, {
      queue: 'mail',
      name: 'webhook.disabled',
      payload: { subscriptionId: record.subscriptionId, municipalityId: record.municipalityId },
    });
  }
  if (disabled || record.attempt >= config.WEBHOOK_MAX_ATTEMPTS) {
    await recordAttempt(tx, record, 'failed', null);
    return disabled
      ? { outcome: 'disabled', text: 'failed, subscription disabled' }
      : { outcome: 'failed', text: 'failed' };
  }
  const nextAttemptAt = new Date(Date.now() + retryDelayMs(record.attempt, config, deps.random));
  await recordAttempt(tx, record, 'pending', nextAttemptAt);
  await enqueue(
    tx,
    {
      queue: 'webhooks',
      name: 'webhook.deliver',
      payload: {
        deliveryId: record.deliveryId,
        attempt: record.attempt + 1,
        municipalityId: record.municipalityId,
      },
    },
    { availableAt: nextAttemptAt },
  );
  return { outcome: 'retry', text: `retry at ${nextAttemptAt.toISOString()}` };
}

/** Why a subscription was disabled, in German: shown in the console and the owner's mail. */
export function disabledReason(failures: number, last: Pick<AttemptOutcome, 'statusCode' | 'error'>): string {
  const what =
    last.statusCode !== null ? `HTTP-Status ${last.statusCode}` : (last.error ?? 'unbekannter Fehler');
  return `${failures} fehlgeschlagene Zustellversuche in Folge; zuletzt: ${what}`;
}
