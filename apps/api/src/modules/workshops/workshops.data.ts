import {
  commitAfterNextQuery,
  municipalities,
  type Tx,
  users,
  workshopMunicipalities,
  workshops,
} from '@werkstatt/db';
import { and, arrayOverlaps, asc, eq, gt, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { type KeysetOrder, keyset, type PageQuery } from '../../lib/pagination.js';
import type { WorkshopSort } from './workshops.schemas.js';

export type WorkshopRow = typeof workshops.$inferSelect;
export type WorkshopPartRow = typeof workshopMunicipalities.$inferSelect;
export type WorkshopRecord = WorkshopRow & { parts: WorkshopPartRow[] };

export interface WorkshopFilters {
  from?: Date | undefined;
  to?: Date | undefined;
  status?: WorkshopRow['status'] | undefined;
  municipalityId?: string | undefined;
  programId?: string | undefined;
  moderatorId?: string | undefined;
}

/** `last`: the caller's transaction ends with this read, so COMMIT leaves with it (commitAfterNextQuery). */
export interface ReadOptions {
  last?: boolean;
}

async function withParts(tx: Tx, rows: WorkshopRow[], opts: ReadOptions): Promise<WorkshopRecord[]> {
  if (rows.length === 0) return [];
  if (opts.last) commitAfterNextQuery(tx);
  const parts = await tx
    .select()
    .from(workshopMunicipalities)
    .where(
      inArray(
        workshopMunicipalities.workshopId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    ...r,
    // Host first, then in the order the municipalities were given.
    parts: parts
      .filter((p) => p.workshopId === r.id)
      .sort(
        (a, b) => r.municipalityIds.indexOf(a.municipalityId) - r.municipalityIds.indexOf(b.municipalityId),
      ),
  }));
}

/** `createdAt` is id order (UUIDv7); the start goes by (starts_at, id) on workshops_starts_at_idx. */
const orderOf = (sort: WorkshopSort): KeysetOrder =>
  sort === 'createdAt'
    ? {}
    : { sortColumn: workshops.startsAt, sortType: 'timestamp', descending: sort === '-startsAt' };

export async function listWorkshops(
  tx: Tx,
  f: WorkshopFilters,
  q: PageQuery,
  sort: WorkshopSort,
  opts: ReadOptions = {},
): Promise<WorkshopRecord[]> {
  const page = keyset(workshops, q, orderOf(sort));
  const conds: (SQL | undefined)[] = [page.where];
  if (f.from) conds.push(gt(workshops.endsAt, f.from));
  if (f.to) conds.push(lt(workshops.startsAt, f.to));
  if (f.status) conds.push(eq(workshops.status, f.status));
  if (f.programId) conds.push(eq(workshops.programId, f.programId));
  if (f.municipalityId) conds.push(arrayOverlaps(workshops.municipalityIds, [f.municipalityId]));
  if (f.moderatorId) conds.push(arrayOverlaps(workshops.moderatorIds, [f.moderatorId]));
  const rows = await tx
    .select()
    .from(workshops)
    .where(and(...conds))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return withParts(tx, rows, opts);
}

export async function findWorkshop(
  tx: Tx,
  id: string,
  opts: { forUpdate?: boolean } & ReadOptions = {},
): Promise<WorkshopRecord | undefined> {
  const query = tx.select().from(workshops).where(eq(workshops.id, id)).limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row ? (await withParts(tx, [row], opts))[0] : undefined;
}

export const insertWorkshop = async (tx: Tx, values: typeof workshops.$inferInsert) =>
  (await tx.insert(workshops).values(values).returning())[0]!;

export const updateWorkshop = async (tx: Tx, id: string, values: Partial<typeof workshops.$inferInsert>) =>
  (await tx.update(workshops).set(values).where(eq(workshops.id, id)).returning())[0]!;

export async function insertParts(
  tx: Tx,
  workshopId: string,
  parts: { municipalityId: string; seats: number | null }[],
): Promise<void> {
  if (parts.length === 0) return;
  await tx.insert(workshopMunicipalities).values(parts.map((p) => ({ ...p, workshopId })));
}

export async function updatePartSeats(
  tx: Tx,
  workshopId: string,
  municipalityId: string,
  seats: number | null,
) {
  await tx
    .update(workshopMunicipalities)
    .set({ seats })
    .where(
      and(
        eq(workshopMunicipalities.workshopId, workshopId),
        eq(workshopMunicipalities.municipalityId, municipalityId),
      ),
    );
}

export async function deleteParts(tx: Tx, workshopId: string, municipalityIds: string[]): Promise<void> {
  if (municipalityIds.length === 0) return;
  await tx
    .delete(workshopMunicipalities)
    .where(
      and(
        eq(workshopMunicipalities.workshopId, workshopId),
        inArray(workshopMunicipalities.municipalityId, municipalityIds),
      ),
    );
}

/**
 * Serialises changes to the schedule (create, reschedule, new participants), so two program
 * admins cannot both book a municipality into overlapping workshops between check and write.
 */
export async function lockSchedule(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('werkstatt.workshop-schedule'))`);
}

/** Non-cancelled workshops overlapping [startsAt, endsAt) that share a municipality or a moderator. */
export function findOverlapping(
  tx: Tx,
  o: { startsAt: Date; endsAt: Date; municipalityIds: string[]; moderatorIds: string[]; excludeId?: string },
) {
  const shared: SQL[] = [arrayOverlaps(workshops.municipalityIds, o.municipalityIds)];
  if (o.moderatorIds.length > 0) shared.push(arrayOverlaps(workshops.moderatorIds, o.moderatorIds));
  return tx
    .select({
      id: workshops.id,
      municipalityIds: workshops.municipalityIds,
      moderatorIds: workshops.moderatorIds,
    })
    .from(workshops)
    .where(
      and(
        ne(workshops.status, 'cancelled'),
        lt(workshops.startsAt, o.endsAt),
        gt(workshops.endsAt, o.startsAt),
        o.excludeId ? ne(workshops.id, o.excludeId) : undefined,
        sql`(${sql.join(shared, sql` or `)})`,
      ),
    )
    .orderBy(asc(workshops.startsAt))
    .limit(10);
}

export const municipalitiesByIds = (tx: Tx, ids: string[]) =>
  tx
    .select({ id: municipalities.id, kind: municipalities.kind, deletedAt: municipalities.deletedAt })
    .from(municipalities)
    .where(inArray(municipalities.id, ids));

export const usersByIds = (tx: Tx, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select({ id: users.id, role: users.role, disabled: users.disabled, deletedAt: users.deletedAt })
        .from(users)
        .where(inArray(users.id, ids));
