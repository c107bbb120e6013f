import { type Tx, workshopApplications } from '@werkstatt/db';
import { and, eq, type SQL } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

export type ApplicationRow = typeof workshopApplications.$inferSelect;

export interface ApplicationFilters {
  status?: ApplicationRow['status'] | undefined;
  programId?: string | undefined;
  municipalityId?: string | undefined;
}

export function listApplications(
  tx: Tx,
  f: ApplicationFilters,
  q: PageQuery & { sort?: 'createdAt' | '-createdAt' },
): Promise<ApplicationRow[]> {
  // Ids are UUIDv7, so id order is creation order.
  const page = keyset(workshopApplications, q, { descending: q.sort === '-createdAt' });
  const conds: (SQL | undefined)[] = [page.where];
  if (f.status) conds.push(eq(workshopApplications.status, f.status));
  if (f.programId) conds.push(eq(workshopApplications.programId, f.programId));
  if (f.municipalityId) conds.push(eq(workshopApplications.municipalityId, f.municipalityId));
  return tx
    .select()
    .from(workshopApplications)
    .where(and(...conds))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findApplication(
  tx: Tx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ApplicationRow | undefined> {
  const query = tx.select().from(workshopApplications).where(eq(workshopApplications.id, id)).limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export const insertApplication = async (tx: Tx, values: typeof workshopApplications.$inferInsert) =>
  (await tx.insert(workshopApplications).values(values).returning())[0]!;

export const updateApplication = async (
  tx: Tx,
  id: string,
  values: Partial<typeof workshopApplications.$inferInsert>,
) =>
  (await tx.update(workshopApplications).set(values).where(eq(workshopApplications.id, id)).returning())[0]!;
