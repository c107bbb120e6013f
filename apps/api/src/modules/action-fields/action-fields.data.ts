import { actionFields, programs, type Tx } from '@werkstatt/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

export type ActionFieldRow = typeof actionFields.$inferSelect;

/** True when the program exists and is not deleted; `share` keeps it from being deleted until commit. */
export async function programIsLive(tx: Tx, programId: string, opts: { lock?: 'share' } = {}) {
  const query = tx
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, programId), isNull(programs.deletedAt)))
    .limit(1);
  const rows = await (opts.lock ? query.for(opts.lock) : query);
  return rows.length > 0;
}

export async function listActionFields(tx: Tx, programId: string, q: PageQuery) {
  const page = keyset(actionFields, q, { sortColumn: actionFields.sortOrder });
  return tx
    .select()
    .from(actionFields)
    .where(and(eq(actionFields.programId, programId), page.where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findActionField(
  tx: Tx,
  programId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ActionFieldRow | undefined> {
  const query = tx
    .select()
    .from(actionFields)
    .where(
      and(eq(actionFields.id, id), eq(actionFields.programId, programId), isNull(actionFields.deletedAt)),
    )
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

/** The position after the program's last field, capped at `max`. */
export async function nextSortOrder(tx: Tx, programId: string, max: number): Promise<number> {
  const [row] = await tx
    .select({
      next: sql<number>`least(coalesce(max(${actionFields.sortOrder}) + 1, 0), ${max})::int`,
    })
    .from(actionFields)
    .where(and(eq(actionFields.programId, programId), isNull(actionFields.deletedAt)));
  return row!.next;
}

export const insertActionField = async (tx: Tx, values: typeof actionFields.$inferInsert) =>
  (await tx.insert(actionFields).values(values).returning())[0]!;

export const updateActionField = async (
  tx: Tx,
  id: string,
  values: Partial<typeof actionFields.$inferInsert>,
) => (await tx.update(actionFields).set(values).where(eq(actionFields.id, id)).returning())[0]!;
