import { type Tx, type WebhookEventType, Writes } from '@werkstatt/db';
import { currentJobOrigin, jobSchemas } from '@werkstatt/jobs';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';

export interface WebhookEventInput {
  type: WebhookEventType;
  /** Every municipality the event concerns (a workshop's are several; empty for program-wide ones). */
  municipalityIds: readonly string[];
  /** What the API's GET returns for the resource, or `{ id, municipalityId, deletedAt }` for a deletion. */
  data: unknown;
}

/**
 * Records a webhook event in the caller's write transaction, with its 'webhook.fanout' job in the
 * outbox: the event is committed with the change it reports or not at all. The body every subscriber
 * receives is the Standard Webhooks payload `{ type, timestamp, data }`, fixed here.
 *
 * One statement for both rows: callers such as registrations hold the workshop lock, so every round
 * trip counts. The job is scoped to the transaction's municipality (null in the platform scope),
 * which the statement reads itself (app_municipality_id()); the payload has the shape jobSchemas
 * declares for 'webhook.fanout' (checked below, as enqueue() would).
 */
export async function recordWebhookEvent(tx: Tx, event: WebhookEventInput): Promise<string> {
  const writes = new Writes(tx);
  const eventId = addWebhookEvent(writes, event);
  await writes.run();
  return eventId;
}

/** Like recordWebhookEvent(), as writes sent together with others (Writes); the event's id. */
export function addWebhookEvent(writes: Writes, event: WebhookEventInput): string {
  const eventId = uuidv7();
  jobSchemas.webhooks['webhook.fanout'].parse({ eventId, municipalityId: null });
  const occurredAt = new Date().toISOString();
  const payload = JSON.stringify({ type: event.type, timestamp: occurredAt, data: event.data });
  const origin = currentJobOrigin();
  const ids = [...new Set(event.municipalityIds)].map((id) => sql`${id}::uuid`);
  const inserted = writes.add(sql`
    insert into webhook_events (id, type, municipality_ids, payload, occurred_at)
    values (${eventId}, ${event.type}, array[${sql.join(ids, sql`, `)}]::uuid[], ${payload}::jsonb, ${occurredAt}::timestamptz)
    returning id`);
  writes.add(sql`
    insert into outbox (id, queue, job_name, payload, municipality_id, origin)
    select ${uuidv7()}, 'webhooks', 'webhook.fanout',
      jsonb_build_object('eventId', e.id, 'municipalityId', app_municipality_id()), app_municipality_id(),
      ${origin === null ? null : JSON.stringify(origin)}::jsonb
    from ${inserted} e`);
  return eventId;
}

/** Several events in the caller's transaction (bulk changes: one event per resource). */
export async function recordWebhookEvents(tx: Tx, events: readonly WebhookEventInput[]): Promise<void> {
  for (const event of events) await recordWebhookEvent(tx, event);
}
