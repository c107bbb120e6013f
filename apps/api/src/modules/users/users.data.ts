import {
  accountTokens,
  erasedUser,
  municipalities,
  refreshTokens,
  type Tx,
  type UserRole,
  users,
} from '@werkstatt/db';
import { and, eq, isNull } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import { type TenantFilter, tenantCondition } from '../../lib/tenant-filter.js';

export type UserRow = typeof users.$inferSelect;

export interface UserListFilter extends TenantFilter {
  role?: UserRole | undefined;
}

export async function listUsers(tx: Tx, filter: UserListFilter, q: PageQuery): Promise<UserRow[]> {
  const page = keyset(users, q);
  return tx
    .select()
    .from(users)
    .where(
      and(
        page.where,
        tenantCondition(users.municipalityId, filter),
        filter.role ? eq(users.role, filter.role) : undefined,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

/** A live (not deleted) user, confined to tenantId when given. */
export async function findUser(
  tx: Tx,
  id: string,
  opts: { tenantId?: string | undefined; forUpdate?: boolean } = {},
): Promise<UserRow | undefined> {
  const query = tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt), tenantCondition(users.municipalityId, opts)))
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export async function municipalityExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.id, id), isNull(municipalities.deletedAt)))
    .limit(1);
  return row !== undefined;
}

export const insertUser = async (tx: Tx, values: typeof users.$inferInsert) =>
  (await tx.insert(users).values(values).returning())[0]!;

export const updateUser = async (tx: Tx, id: string, values: Partial<typeof users.$inferInsert>) =>
  (await tx.update(users).set(values).where(eq(users.id, id)).returning())[0]!;

/**
 * Deletes a user by erasing them: the row keeps only what tombstones and the audit trail's actor ids
 * need (see erasedUser), and their sessions (refresh tokens) and password links go with it.
 */
export async function eraseUser(tx: Tx, id: string): Promise<UserRow> {
  const erased = await updateUser(tx, id, erasedUser(id, new Date()));
  await tx.delete(refreshTokens).where(eq(refreshTokens.userId, id));
  await tx.delete(accountTokens).where(eq(accountTokens.userId, id));
  return erased;
}
