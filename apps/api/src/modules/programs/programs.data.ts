import { programs, type Tx, workshops } from '@werkstatt/db';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
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

export const findProgram = async (
  tx: Tx,
  id: string,
  opts: { forUpdate?: boolean; forShare?: boolean } = {},
) => {
  const query = tx.select().from(programs).where(eq(programs.id, id)).limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : opts.forShare ? query.for('share') : query);
  return row && !row.deletedAt ? row : undefined;
};

export const insertProgram = async (tx: Tx, values: typeof programs.$inferInsert) =>
  (await tx.insert(programs).values(values).returning())[0]!;

export const updateProgram = async (tx: Tx, id: string, values: Partial<typeof programs.$inferInsert>) =>
  (await tx.update(programs).set(values).where(eq(programs.id, id)).returning())[0]!;

/**
 * Workshops of the program (cancelled ones aside) that a period would leave outside, by the Berlin
 * calendar days they take place on; an end at midnight belongs to the day before.
 */
export const workshopsOutsidePeriod = (tx: Tx, programId: string, startsOn: string, endsOn: string | null) =>
  tx
    .select({ id: workshops.id })
    .from(workshops)
    .where(
      and(
        eq(workshops.programId, programId),
        ne(workshops.status, 'cancelled'),
        sql`((${workshops.startsAt} at time zone 'Europe/Berlin')::date < ${startsOn}::date or ((${workshops.endsAt} - interval '1 millisecond') at time zone 'Europe/Berlin')::date > ${endsOn}::date)`,
      ),
    )
    .orderBy(asc(workshops.startsAt), asc(workshops.id))
    .limit(10);
