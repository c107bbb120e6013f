import type { Tx } from '@werkstatt/db';
import { sql } from 'drizzle-orm';

/**
 * Deletes up to `limit` webhook events that occurred before `cutoff` and have no pending delivery,
 * with their deliveries and logged attempts, in one statement (the foreign keys are checked at its
 * end, when all three are gone). The oldest go first; returns how many events went.
 */
export async function deleteSettledEventsBefore(tx: Tx, cutoff: Date, limit: number): Promise<number> {
  const result = await tx.execute(sql`
    with old as (
      select e.id from webhook_events e
      where e.occurred_at < ${cutoff.toISOString()}::timestamptz
        and not exists (
          select 1 from webhook_deliveries d where d.event_id = e.id and d.status = 'pending'
        )
      order by e.occurred_at
      limit ${limit}
    ), attempts as (
      delete from webhook_delivery_attempts a
      using webhook_deliveries d, old
      where d.event_id = old.id and a.delivery_id = d.id
    ), deliveries as (
      delete from webhook_deliveries d using old where d.event_id = old.id
    )
    delete from webhook_events e using old where e.id = old.id`);
  return result.rowCount ?? 0;
}
