import { municipalities, registrations, type Tx, workshopMunicipalities, workshops } from '@werkstatt/db';
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import type { WorkshopRow } from './workshops.data.js';

export type RegistrationRow = typeof registrations.$inferSelect;

/**
 * Locks the workshop row: every change to its seats happens while holding this lock. The query is
 * sent before this returns (execute()), so a statement can follow it on the wire (seats.lockAndAdmit).
 */
export async function lockWorkshop(tx: Tx, id: string): Promise<WorkshopRow | undefined> {
  const [row] = await tx
    .select()
    .from(workshops)
    .where(eq(workshops.id, id))
    .limit(1)
    .for('update')
    .execute();
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

export type NewParticipant = Pick<RegistrationRow, 'firstName' | 'lastName' | 'email' | 'role' | 'note'> &
  Partial<Pick<RegistrationRow, 'invitationId'>>;

/**
 * Who is admitted: a new participant (inserted), or an invitee's `pending` registration that was
 * just confirmed by e-mail (updated in place, so its id and personal links stay the same).
 */
export type Admission = { kind: 'new'; values: NewParticipant } | { kind: 'pending'; registrationId: string };

/**
 * In one statement, under the caller's workshop lock: decides confirmed or waitlisted from the
 * workshop's and the municipality's counters, writes the registration and moves both counters.
 */
export async function admitRegistration(
  tx: Tx,
  workshopId: string,
  municipalityId: string,
  admission: Admission,
): Promise<RegistrationRow> {
  const status = sql`case when d.seat then 'confirmed'::registration_status else 'waitlisted'::registration_status end`;
  const position = sql`case when d.seat then null else d.position end`;
  const confirmedAt = sql`case when d.seat then now() else null end`;
  let written: ReturnType<typeof sql>;
  if (admission.kind === 'new') {
    const v = admission.values;
    written = sql`
      insert into registrations (id, workshop_id, municipality_id, first_name, last_name, email, role, note,
                                 invitation_id, status, waitlist_position, confirmed_at)
      select ${uuidv7()}, ${workshopId}, ${municipalityId}, ${v.firstName}, ${v.lastName}, ${v.email}, ${v.role},
             ${v.note}, ${v.invitationId ?? null}, ${status}, ${position}, ${confirmedAt}
      from decision d
      returning *`;
  } else {
    written = sql`
      update registrations r set status = ${status}, waitlist_position = ${position}, confirmed_at = ${confirmedAt}
      from decision d
      where r.id = ${admission.registrationId} and r.workshop_id = ${workshopId} and r.status = 'pending'
      returning r.*`;
  }
  const { rows } = await tx.execute(sql`
    with decision as (
      select (w.confirmed_count < w.capacity and (p.seats is null or p.confirmed_count < p.seats)) as seat,
             w.waitlist_count + 1 as position
      from workshops w
      join workshop_municipalities p on p.workshop_id = w.id and p.municipality_id = ${municipalityId}
      where w.id = ${workshopId}
    ),
    written as (${written}),
    counted as (
      update workshops w
      set confirmed_count = w.confirmed_count + (case when d.seat then 1 else 0 end),
          waitlist_count = w.waitlist_count + (case when d.seat then 0 else 1 end)
      from decision d where w.id = ${workshopId} and exists (select 1 from written)
    ),
    quota as (
      update workshop_municipalities p set confirmed_count = p.confirmed_count + 1
      from decision d
      where d.seat and p.workshop_id = ${workshopId} and p.municipality_id = ${municipalityId}
        and exists (select 1 from written)
    )
    select * from written`);
  const raw = rows[0] as Record<string, unknown> | undefined;
  if (!raw) throw new Error(`Registration not admitted to workshop ${workshopId} (${admission.kind})`);
  return rowOf(raw);
}

// Maps a raw result row (snake_case, as the driver returns it) to the drizzle row shape.
function rowOf(raw: Record<string, unknown>): RegistrationRow {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(registrations))) {
    const value = raw[col.name];
    out[key] = value === null || value === undefined ? null : col.mapFromDriverValue(value);
  }
  return out as RegistrationRow;
}

export const municipalityNames = (tx: Tx, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select({ id: municipalities.id, name: municipalities.name })
        .from(municipalities)
        .where(inArray(municipalities.id, ids));

export async function findWorkshopRow(tx: Tx, id: string): Promise<WorkshopRow | undefined> {
  const [row] = await tx.select().from(workshops).where(eq(workshops.id, id)).limit(1);
  return row;
}
