import {
  municipalities,
  type Tx,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { and, asc, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import { type TenantFilter, tenantCondition } from '../../lib/tenant-filter.js';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type SubscriptionValues = typeof webhookSubscriptions.$inferInsert;
export type AttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

export type SubscriptionFilter = TenantFilter;

export async function listSubscriptions(
  tx: Tx,
  filter: SubscriptionFilter,
  q: PageQuery,
): Promise<SubscriptionRow[]> {
  const page = keyset(webhookSubscriptions, { limit: q.limit, cursor: q.cursor });
  return tx
    .select()
    .from(webhookSubscriptions)
    .where(and(page.where, tenantCondition(webhookSubscriptions.municipalityId, filter)))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

/** A live (not deleted) subscription, confined to the tenant when one is given. */
export async function findSubscription(
  tx: Tx,
  id: string,
  opts: { tenantId?: string | undefined; forUpdate?: boolean } = {},
): Promise<SubscriptionRow | undefined> {
  const query = tx
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.id, id),
        isNull(webhookSubscriptions.deletedAt),
        tenantCondition(webhookSubscriptions.municipalityId, opts),
      ),
    )
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export const insertSubscription = async (tx: Tx, values: SubscriptionValues) =>
  (await tx.insert(webhookSubscriptions).values(values).returning())[0]!;

export const updateSubscription = async (tx: Tx, id: string, values: Partial<SubscriptionValues>) =>
  (await tx.update(webhookSubscriptions).set(values).where(eq(webhookSubscriptions.id, id)).returning())[0]!;

export async function municipalityExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.id, id), isNull(municipalities.deletedAt)))
    .limit(1);
  return row !== undefined;
}

const deliveryColumns = { ...getTableColumns(webhookDeliveries), eventType: webhookEvents.type };
export type DeliveryRow = typeof webhookDeliveries.$inferSelect & { eventType: string };

/** A subscription's deliveries, newest first (ids are UUIDv7). */
export async function listDeliveries(tx: Tx, subscriptionId: string, q: PageQuery): Promise<DeliveryRow[]> {
  const page = keyset(webhookDeliveries, { limit: q.limit, cursor: q.cursor }, { descending: true });
  return tx
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(page.where, eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findDeliveryWithEvent(tx: Tx, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await tx
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, id))
    .limit(1);
  return row;
}

/** The attempts of several deliveries in one query (a page's), oldest first per delivery. */
export async function attemptsOf(tx: Tx, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return tx
    .select()
    .from(webhookDeliveryAttempts)
    .where(inArray(webhookDeliveryAttempts.deliveryId, deliveryIds))
    .orderBy(asc(webhookDeliveryAttempts.deliveryId), asc(webhookDeliveryAttempts.attempt));
}

export async function findDelivery(
  tx: Tx,
  subscriptionId: string,
  deliveryId: string,
): Promise<typeof webhookDeliveries.$inferSelect | undefined> {
  const [row] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .for('update')
    .limit(1);
  return row;
}

/** Back to pending, to be sent again now; the attempt count goes on (the log keeps every attempt). */
export const resetDelivery = async (tx: Tx, id: string) =>
  (
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: new Date() })
      .where(eq(webhookDeliveries.id, id))
      .returning()
  )[0]!;
