import { registrations, type Tx, workshopMunicipalities, workshops } from '@werkstatt/db';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import type { WorkshopRow } from './workshops.data.js';

export type RegistrationRow = typeof registrations.$inferSelect;

/** Locks the workshop row: every change to its seats happens while holding this lock. */
export async function lockWorkshop(tx: Tx, id: string): Promise<WorkshopRow | undefined> {
  const [row] = await tx.select().from(workshops).where(eq(workshops.id, id)).limit(1).for('update');
  return row;
}

export async function findPart(tx: Tx, workshopId: string, municipalityId: string) {
  const [row] = await tx
    .select()
    .from(workshopMunicipalities)
    .where(
      and(
        eq(workshopMunicipalities.workshopId, workshopId),
        eq(workshopMunicipalities.municipalityId, municipalityId),
      ),
    );
  return row;
}

export const insertRegistration = async (tx: Tx, values: typeof registrations.$inferInsert) =>
  (await tx.insert(registrations).values(values).returning())[0]!;

export const updateRegistration = async (
  tx: Tx,
  id: string,
  values: Partial<typeof registrations.$inferInsert>,
) => (await tx.update(registrations).set(values).where(eq(registrations.id, id)).returning())[0]!;

/** Adds deltas to the workshop's counters and the municipality's confirmed count. */
export async function adjustCounts(
  tx: Tx,
  workshopId: string,
  municipalityId: string,
  delta: { confirmed: number; waitlisted: number },
): Promise<void> {
  await tx
    .update(workshops)
    .set({
      confirmedCount: sql`${workshops.confirmedCount} + ${delta.confirmed}`,
      waitlistCount: sql`${workshops.waitlistCount} + ${delta.waitlisted}`,
    })
    .where(eq(workshops.id, workshopId));
  if (delta.confirmed !== 0) {
    await tx
      .update(workshopMunicipalities)
      .set({ confirmedCount: sql`${workshopMunicipalities.confirmedCount} + ${delta.confirmed}` })
      .where(
        and(
          eq(workshopMunicipalities.workshopId, workshopId),
          eq(workshopMunicipalities.municipalityId, municipalityId),
        ),
      );
  }
}

/** Moves everyone behind a position that left the waitlist one place forward. */
export async function closeWaitlistGap(tx: Tx, workshopId: string, position: number): Promise<void> {
  await tx
    .update(registrations)
    .set({ waitlistPosition: sql`${registrations.waitlistPosition} - 1` })
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        eq(registrations.status, 'waitlisted'),
        gt(registrations.waitlistPosition, position),
      ),
    );
}

/** The first waitlisted person whose municipality still has a seat of its quota. */
export async function firstPromotable(tx: Tx, workshopId: string): Promise<RegistrationRow | undefined> {
  const [row] = await tx
    .select({ r: registrations })
    .from(registrations)
    .innerJoin(
      workshopMunicipalities,
      and(
        eq(workshopMunicipalities.workshopId, registrations.workshopId),
        eq(workshopMunicipalities.municipalityId, registrations.municipalityId),
      ),
    )
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        eq(registrations.status, 'waitlisted'),
        sql`(${workshopMunicipalities.seats} is null or ${workshopMunicipalities.confirmedCount} < ${workshopMunicipalities.seats})`,
      ),
    )
    .orderBy(asc(registrations.waitlistPosition))
    .limit(1);
  return row?.r;
}

export interface RegistrationFilters {
  status?: RegistrationRow['status'] | undefined;
  municipalityId?: string | undefined;
}

export async function listRegistrations(
  tx: Tx,
  workshopId: string,
  f: RegistrationFilters,
  q: PageQuery,
): Promise<RegistrationRow[]> {
  const page = keyset(registrations, q);
  return tx
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        page.where,
        f.status ? eq(registrations.status, f.status) : undefined,
        f.municipalityId ? eq(registrations.municipalityId, f.municipalityId) : undefined,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

/** Every registration of a workshop (exports, sign-in sheets), in the order they came in. */
export const allRegistrations = (tx: Tx, workshopId: string, municipalityId?: string) =>
  tx
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        municipalityId ? eq(registrations.municipalityId, municipalityId) : undefined,
      ),
    )
    .orderBy(asc(registrations.id))
    .limit(5000);

export async function findRegistration(
  tx: Tx,
  workshopId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RegistrationRow | undefined> {
  const query = tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.id, id), eq(registrations.workshopId, workshopId)))
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}
