import { idempotencyKeys, type Tx } from '@werkstatt/db';
import { eq, or, sql } from 'drizzle-orm';

/**
 * Stored Idempotency-Key responses that hold a user's name or address: those of their own requests,
 * and the response to the request that created them (kept under whichever actor sent it).
 */
export async function deleteStoredResponsesAbout(tx: Tx, userId: string): Promise<number> {
  const removed = await tx
    .delete(idempotencyKeys)
    .where(
      or(
        eq(idempotencyKeys.actorKey, `user:${userId}`),
        sql`${idempotencyKeys.responseHeaders} ->> 'location' = ${`/v1/users/${userId}`}`,
      ),
    )
    .returning({ id: idempotencyKeys.id });
  return removed.length;
}
