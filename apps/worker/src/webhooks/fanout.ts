import type { Database } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { listMatchingSubscriptions, recordDeliveries } from './fanout.data.js';

/** Deliveries per `webhook.deliverBatch` job when the caller names no batch size (WEBHOOK_BATCH_SIZE). */
export const DEFAULT_DELIVERY_BATCH_SIZE = 20;

/**
 * Fans one webhook event out: a delivery row for every active subscription that wants it, and
 * `webhook.deliverBatch` jobs of up to `batchSize` of them each, committed together (the relay moves
 * the jobs to BullMQ). A job per batch rather than per delivery: a burst costs a fraction of the
 * queue's and the database's round trips (measured in bench/webhooks). Subscriptions
 * span municipalities (program-wide ones), so this runs in the platform scope. Idempotent: a re-run
 * after a crash finds the deliveries recorded and enqueues nothing again.
 */
export async function fanOutWebhookEvent(
  db: Database,
  payload: JobPayload<'webhooks', 'webhook.fanout'>,
  ctx: JobContext,
  batchSize = DEFAULT_DELIVERY_BATCH_SIZE,
): Promise<void> {
  const created = await jobScope(db, null).transaction(async (tx) => {
    const subscriptions = await listMatchingSubscriptions(tx, payload.eventId);
    return recordDeliveries(tx, payload.eventId, subscriptions, batchSize);
  });
  ctx.log.info({ jobId: ctx.jobId, eventId: payload.eventId, deliveries: created.length }, 'webhook fan-out');
}
