import { programs, type Tx } from '@werkstatt/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { notFound } from './errors.js';

// The steps every resource under /v1/programs/{programId}/… repeats (action fields today): the
// program must be live, and a new row goes after the program's last one unless it names a place.

/**
 * 404 unless the program exists and is not deleted. `share` keeps it from being deleted until the
 * caller's transaction commits: take it before writing a row under the program.
 */
export async function requireLiveProgram(tx: Tx, programId: string, lock?: 'share'): Promise<void> {
  const query = tx
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, programId), isNull(programs.deletedAt)))
    .limit(1);
  const rows = await (lock ? query.for(lock) : query);
  if (rows.length === 0) throw notFound('Program');
}

/** A table of rows that belong to a program and are ordered by hand within it. */
export type ProgramOrderedTable = PgTable & {
  programId: AnyPgColumn;
  sortOrder: AnyPgColumn;
  deletedAt: AnyPgColumn;
};

/** The place after the program's last live row of `table`, capped at `max`; 0 for the first. */
export async function nextSortOrderOf(
  tx: Tx,
  table: ProgramOrderedTable,
  programId: string,
  max: number,
): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`least(coalesce(max(${table.sortOrder}) + 1, 0), ${max})::int` })
    .from(table)
    .where(and(eq(table.programId, programId), isNull(table.deletedAt)));
  return row!.next;
}
