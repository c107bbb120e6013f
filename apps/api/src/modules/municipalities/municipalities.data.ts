import { type MunicipalityKind, municipalities, type StateCode, type Tx } from '@werkstatt/db';
import { and, eq, ilike, isNull, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

export type MunicipalityRow = typeof municipalities.$inferSelect;

export interface MunicipalityFilter {
  /** The caller's own municipality, when it may see only that one. */
  onlyId?: string | undefined;
  kind?: MunicipalityKind | undefined;
  stateCode?: StateCode | undefined;
  ars?: string | undefined;
  nameContains?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

export async function listMunicipalities(tx: Tx, q: PageQuery, f: MunicipalityFilter) {
  const page = keyset(municipalities, q);
  return tx
    .select()
    .from(municipalities)
    .where(
      and(
        page.where,
        f.onlyId ? eq(municipalities.id, f.onlyId) : undefined,
        f.kind ? eq(municipalities.kind, f.kind) : undefined,
        f.stateCode ? eq(municipalities.stateCode, f.stateCode) : undefined,
        f.ars ? eq(municipalities.ars, f.ars) : undefined,
        f.nameContains ? ilike(municipalities.name, `%${escapeLike(f.nameContains)}%`) : undefined,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

/**
 * A municipality that is not deleted (with `withDeleted`, its tombstone too); `lock` 'share' keeps it
 * from being changed until commit.
 */
export async function findMunicipality(
  tx: Tx,
  id: string,
  opts: { onlyId?: string | undefined; lock?: 'update' | 'share'; withDeleted?: boolean } = {},
): Promise<MunicipalityRow | undefined> {
  const query = tx
    .select()
    .from(municipalities)
    .where(
      and(
        eq(municipalities.id, id),
        opts.withDeleted ? undefined : isNull(municipalities.deletedAt),
        opts.onlyId ? eq(municipalities.id, opts.onlyId) : undefined,
      ),
    )
    .limit(1);
  const [row] = await (opts.lock ? query.for(opts.lock) : query);
  return row;
}

/** True when `id` is `parentId` or one of its ancestors, i.e. the new parent would close a cycle. */
export async function isSelfOrAncestor(tx: Tx, id: string, parentId: string): Promise<boolean> {
  // The depth bound keeps the walk finite even if a cycle was written by other means.
  const rows = await tx.execute(sql`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 1 from municipalities where id = ${parentId}
      union all
      select m.id, m.parent_id, c.depth + 1
      from municipalities m join chain c on m.id = c.parent_id
      where c.depth < 64
    )
    select 1 from chain where id = ${id} limit 1`);
  return rows.rows.length > 0;
}

export const insertMunicipality = async (tx: Tx, values: typeof municipalities.$inferInsert) =>
  (await tx.insert(municipalities).values(values).returning())[0]!;

export const updateMunicipality = async (
  tx: Tx,
  id: string,
  values: Partial<typeof municipalities.$inferInsert>,
) => (await tx.update(municipalities).set(values).where(eq(municipalities.id, id)).returning())[0]!;
