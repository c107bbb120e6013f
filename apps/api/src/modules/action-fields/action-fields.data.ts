import { actionFields, type Tx } from '@werkstatt/db';
import { and, eq, isNull } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import { nextSortOrderOf } from '../../lib/program-resources.js';

export type ActionFieldRow = typeof actionFields.$inferSelect;

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

/** The place after the program's last live field, capped at `max`. */
export const nextSortOrder = (tx: Tx, programId: string, max: number) =>
  nextSortOrderOf(tx, actionFields, programId, max);

export const insertActionField = async (tx: Tx, values: typeof actionFields.$inferInsert) =>
  (await tx.insert(actionFields).values(values).returning())[0]!;

export const updateActionField = async (
  tx: Tx,
  id: string,
  values: Partial<typeof actionFields.$inferInsert>,
) => (await tx.update(actionFields).set(values).where(eq(actionFields.id, id)).returning())[0]!;
