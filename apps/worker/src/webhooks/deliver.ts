import type { Database } from '@werkstatt/db';
import { enqueue, type JobPayload } from '@werkstatt/jobs';
import { decryptSecret, signedHeaders } from '@werkstatt/webhooks';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { retryDelayMs } from './backoff.js';
import type { AttemptOutcome, WebhookClient } from './client.js';
import {
  abandonDelivery,
  claimDueDelivery,
  countFailure,
  enqueueAt,
  findDelivery,
  recordAttempt,
  recordSuccess,
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

export interface DeliverDeps {
  db: Database;
  config: DeliverConfig;
  webhookClient: WebhookClient;
  /** The jitter of the backoff (tests fix it). */
  random?: () => number;
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
 * Makes one attempt of a webhook delivery and records it.
 *
 * At least once: the attempt is taken (leased) before sending and recorded after, each in its own
 * short transaction with the HTTP call outside both. A run that dies in between sends again on the
 * job's retry, with the same webhook-id (the delivery id) for the receiver to dedupe. A delivery that
 * succeeded, failed for good or whose attempt was already made is not sent again.
 *
 * A failed attempt is not a failed job: the next attempt is a new job, written to the outbox with the
 * backoff as its available_at in the transaction that records this one, so a crash cannot lose or
 * double the schedule. The job itself fails (and BullMQ retries it) only when the database or the
 * secrets cannot be read.
 */
export async function deliverWebhook(
  deps: DeliverDeps,
  payload: JobPayload<'webhooks', 'webhook.deliver'>,
  ctx: JobContext,
): Promise<void> {
  const { config } = deps;
  const scope = jobScope(deps.db, payload.municipalityId);
  const at = { jobId: ctx.jobId, deliveryId: payload.deliveryId };

  const leaseMs = config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;

  const taken = await scope.transaction(async (tx) => {
    const claimed = await claimDueDelivery(tx, payload.deliveryId, payload.attempt, leaseMs);
    if (claimed) {
      const secrets = secretsOf(claimed, config.WEBHOOK_SECRET_KEY);
      return { delivery: claimed, attempt: payload.attempt ?? claimed.attempts + 1, secrets } as const;
    }
    // Not taken: find out why (the checks as the claim makes them, in order).
    const delivery = await findDelivery(tx, payload.deliveryId);
    if (!delivery) return { skipped: 'no such delivery' } as const;
    if (delivery.status !== 'pending') return { skipped: `delivery ${delivery.status}` } as const;
    const attempt = payload.attempt ?? delivery.attempts + 1;
    if (attempt !== delivery.attempts + 1) return { skipped: `attempt ${attempt} already made` } as const;
    if (delivery.subscriptionDeletedAt || delivery.subscriptionStatus !== 'active') {
      await abandonDelivery(tx, delivery.id);
      return { skipped: 'subscription disabled or deleted' } as const;
    }
    // Pending, this attempt, an active subscription: not due, its lease is held by another run.
    throw new AttemptInProgressError(`Attempt ${attempt} of delivery ${delivery.id} is in progress`);
  });
  if ('skipped' in taken) {
    ctx.log.info(at, `webhook delivery skipped: ${taken.skipped}`);
    return;
  }

  const { delivery, attempt, secrets } = taken;
  // The body is signed exactly as it is sent.
  const body = JSON.stringify(delivery.payload);
  const startedAt = new Date();
  const headers = signedHeaders(secrets, delivery.id, Math.floor(startedAt.getTime() / 1000), body);
  const outcome = await deps.webhookClient.post(delivery.url, { ...headers }, body);

  const result = await scope.transaction(async (tx) => {
    const record = {
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
    if (outcome.ok) {
      await recordSuccess(tx, record);
      return 'succeeded';
    }
    const disabled = await countFailure(
      tx,
      delivery.subscriptionId,
      config.WEBHOOK_DISABLE_AFTER_FAILURES,
      disabledReason(config.WEBHOOK_DISABLE_AFTER_FAILURES, outcome),
    );
    if (disabled) {
      await enqueue(tx, {
        queue: 'mail',
        name: 'webhook.disabled',
        payload: { subscriptionId: delivery.subscriptionId, municipalityId: delivery.municipalityId },
      });
    }
    if (disabled || attempt >= config.WEBHOOK_MAX_ATTEMPTS) {
      await recordAttempt(tx, record, 'failed', null);
      return disabled ? 'failed, subscription disabled' : 'failed';
    }
    const nextAttemptAt = new Date(Date.now() + retryDelayMs(attempt, config, deps.random));
    await recordAttempt(tx, record, 'pending', nextAttemptAt);
    await enqueueAt(
      tx,
      {
        queue: 'webhooks',
        name: 'webhook.deliver',
        payload: { deliveryId: delivery.id, attempt: attempt + 1, municipalityId: delivery.municipalityId },
      },
      nextAttemptAt,
    );
    return `retry at ${nextAttemptAt.toISOString()}`;
  });
  ctx.log.info(
    { ...at, attempt, statusCode: outcome.statusCode, durationMs: outcome.durationMs, error: outcome.error },
    `webhook delivery attempt: ${result}`,
  );
}

/** Why a subscription was disabled, in German: shown in the console and the owner's mail. */
export function disabledReason(failures: number, last: Pick<AttemptOutcome, 'statusCode' | 'error'>): string {
  const what =
    last.statusCode !== null ? `HTTP-Status ${last.statusCode}` : (last.error ?? 'unbekannter Fehler');
  return `${failures} fehlgeschlagene Zustellversuche in Folge; zuletzt: ${what}`;
}
