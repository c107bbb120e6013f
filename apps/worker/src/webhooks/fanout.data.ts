import { outbox, type Tx, webhookDeliveries, webhookEvents, webhookSubscriptions } from '@werkstatt/db';
import { outboxRow } from '@werkstatt/jobs';
import { and, eq, isNull, or, sql } from 'drizzle-orm';

/**
 * Active subscriptions that want the event: its type among their events; program-wide ones get
 * every event, municipality-bound ones those that concern their municipality; registration events
 * (personal data) only those that may hold personal data. None when there is no such event.
 */
export function listMatchingSubscriptions(tx: Tx, eventId: string) {
  return tx
    .select({ id: webhookSubscriptions.id, municipalityId: webhookSubscriptions.municipalityId })
    .from(webhookSubscriptions)
    .innerJoin(webhookEvents, eq(webhookEvents.id, eventId))
    .where(
      and(
        eq(webhookSubscriptions.status, 'active'),
        isNull(webhookSubscriptions.deletedAt),
        sql`${webhookSubscriptions.events} ? ${webhookEvents.type}`,
        or(
          isNull(webhookSubscriptions.municipalityId),
          sql`${webhookSubscriptions.municipalityId} = any(${webhookEvents.municipalityIds})`,
        ),
        or(sql`${webhookEvents.type} not like 'registration.%'`, eq(webhookSubscriptions.personalData, true)),
      ),
    )
    .orderBy(webhookSubscriptions.id);
}

/**
 * Records one delivery per subscription (none twice: a re-run after a crash inserts nothing) and
 * writes `webhook.deliverBatch` jobs for the new ones to the outbox, up to `batchSize` deliveries of
 * the same municipality (the scope a job runs in) each, both in bulk.
 */
export async function recordDeliveries(
  tx: Tx,
  eventId: string,
  subscriptions: { id: string; municipalityId: string | null }[],
  batchSize: number,
) {
  if (subscriptions.length === 0) return [];
  const created = await tx
    .insert(webhookDeliveries)
    .values(
      subscriptions.map((s) => ({
        eventId,
        subscriptionId: s.id,
        municipalityId: s.municipalityId,
        nextAttemptAt: sql`now()`,
      })),
    )
    .onConflictDoNothing({ target: [webhookDeliveries.eventId, webhookDeliveries.subscriptionId] })
    .returning({ id: webhookDeliveries.id, municipalityId: webhookDeliveries.municipalityId });
  if (created.length === 0) return created;
  const byMunicipality = new Map<string | null, typeof created>();
  for (const d of created)
    byMunicipality.set(d.municipalityId, [...(byMunicipality.get(d.municipalityId) ?? []), d]);
  const jobs = [...byMunicipality].flatMap(([municipalityId, deliveries]) =>
    chunks(deliveries, batchSize).map((batch) =>
      outboxRow({
        queue: 'webhooks',
        name: 'webhook.deliverBatch',
        payload: { deliveryIds: batch.map((d) => d.id), municipalityId },
      }),
    ),
  );
  await tx.insert(outbox).values(jobs);
  return created;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
