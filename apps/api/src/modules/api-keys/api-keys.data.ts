import { apiKeys, municipalities, type Tx } from '@werkstatt/db';
import { and, eq, isNull } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import { type TenantFilter, tenantCondition } from '../../lib/tenant-filter.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export type ApiKeyListFilter = TenantFilter;

export async function listApiKeys(tx: Tx, filter: ApiKeyListFilter, q: PageQuery): Promise<ApiKeyRow[]> {
  const page = keyset(apiKeys, q);
  return tx
    .select()
    .from(apiKeys)
    .where(and(page.where, tenantCondition(apiKeys.municipalityId, filter)))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findApiKey(
  tx: Tx,
  id: string,
  opts: { tenantId?: string | undefined; forUpdate?: boolean } = {},
): Promise<ApiKeyRow | undefined> {
  const query = tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), tenantCondition(apiKeys.municipalityId, opts)))
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export const insertApiKey = async (tx: Tx, values: typeof apiKeys.$inferInsert) =>
  (await tx.insert(apiKeys).values(values).returning())[0]!;

export const revokeApiKey = async (tx: Tx, id: string) =>
  (await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning())[0]!;

export async function municipalityExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.id, id), isNull(municipalities.deletedAt)))
    .limit(1);
  return row !== undefined;
}
