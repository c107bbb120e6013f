import { programs, type Tx } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

export type ProgramRow = typeof programs.$inferSelect;

export async function listPrograms(tx: Tx, q: PageQuery): Promise<ProgramRow[]> {
  const page = keyset(programs, q);
  return tx
    .select()
    .from(programs)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export const findProgram = async (tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) => {
  const query = tx.select().from(programs).where(eq(programs.id, id)).limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row && !row.deletedAt ? row : undefined;
};

export const insertProgram = async (tx: Tx, values: typeof programs.$inferInsert) =>
  (await tx.insert(programs).values(values).returning())[0]!;

export const updateProgram = async (tx: Tx, id: string, values: Partial<typeof programs.$inferInsert>) =>
  (await tx.update(programs).set(values).where(eq(programs.id, id)).returning())[0]!;
