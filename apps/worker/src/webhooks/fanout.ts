import type { Database } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { listMatchingSubscriptions, recordDeliveries } from './fanout.data.js';

/**
 * Fans one webhook event out: a delivery row and a `webhook.deliver` job for every active
 * subscription that wants it, committed together (the relay moves the jobs to BullMQ). Subscriptions
 * span municipalities (program-wide ones), so this runs in the platform scope. Idempotent: a re-run
 * after a crash finds the deliveries recorded and enqueues nothing again.
 */
export async function fanOutWebhookEvent(
  db: Database,
  payload: JobPayload<'webhooks', 'webhook.fanout'>,
  ctx: JobContext,
): Promise<void> {
  const created = await jobScope(db, null).transaction(async (tx) => {
    const subscriptions = await listMatchingSubscriptions(tx, payload.eventId);
    return recordDeliveries(tx, payload.eventId, subscriptions);
  });
  ctx.log.info({ jobId: ctx.jobId, eventId: payload.eventId, deliveries: created.length }, 'webhook fan-out');
}
