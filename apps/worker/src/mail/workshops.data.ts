import {
  municipalities,
  programs,
  registrations,
  type Tx,
  users,
  workshopMunicipalities,
  workshops,
} from '@werkstatt/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';

const programContact = {
  contactName: programs.contactName,
  contactEmail: programs.contactEmail,
  contactPhone: programs.contactPhone,
  contactOrganisation: programs.contactOrganisation,
};

/**
 * Stores the hash of a registration's personal link. A confirmation link only while the address is
 * unconfirmed; never for an anonymised registration. True when the registration took it.
 */
export async function storeLinkHash(
  tx: Tx,
  registrationId: string,
  link: 'confirm' | 'cancel',
  hash: string,
): Promise<boolean> {
  const updated = await tx
    .update(registrations)
    .set(link === 'confirm' ? { confirmTokenHash: hash } : { cancelTokenHash: hash })
    .where(
      and(
        eq(registrations.id, registrationId),
        isNull(registrations.anonymizedAt),
        link === 'confirm' ? eq(registrations.status, 'pending') : undefined,
      ),
    )
    .returning({ id: registrations.id });
  return updated.length === 1;
}

/**
 * A registration of the municipality with its workshop, the municipality (name, kind, its seat quota
 * in the workshop) and the program's contact.
 */
export async function findRegistration(tx: Tx, registrationId: string, municipalityId: string) {
  const [row] = await tx
    .select({
      r: registrations,
      w: workshops,
      municipalityName: municipalities.name,
      municipalityKind: municipalities.kind,
      seats: workshopMunicipalities.seats,
      municipalityConfirmed: workshopMunicipalities.confirmedCount,
      program: programContact,
    })
    .from(registrations)
    .innerJoin(workshops, eq(workshops.id, registrations.workshopId))
    .innerJoin(programs, eq(programs.id, workshops.programId))
    .innerJoin(municipalities, eq(municipalities.id, registrations.municipalityId))
    .leftJoin(
      workshopMunicipalities,
      and(
        eq(workshopMunicipalities.workshopId, registrations.workshopId),
        eq(workshopMunicipalities.municipalityId, registrations.municipalityId),
      ),
    )
    .where(and(eq(registrations.id, registrationId), eq(registrations.municipalityId, municipalityId)));
  return row;
}

/** A workshop with its program's contact. */
export async function findWorkshop(tx: Tx, workshopId: string) {
  const [row] = await tx
    .select({ w: workshops, program: programContact })
    .from(workshops)
    .innerJoin(programs, eq(programs.id, workshops.programId))
    .where(eq(workshops.id, workshopId));
  return row;
}

/** The active moderators among the ids (a disabled or deleted account gets no mail). */
export function listModerators(tx: Tx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        inArray(users.id, ids),
        eq(users.role, 'moderator'),
        eq(users.disabled, false),
        isNull(users.deletedAt),
      ),
    )
    .orderBy(asc(users.id));
}

/** The names of a workshop's municipalities, in its order. */
export async function municipalityNames(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: municipalities.id, name: municipalities.name })
    .from(municipalities)
    .where(inArray(municipalities.id, ids));
  return ids.map((id) => rows.find((r) => r.id === id)?.name).filter((n): n is string => !!n);
}

/** The municipality's confirmed and waitlisted participants of a workshop who are not anonymised. */
export function listWorkshopRecipients(tx: Tx, workshopId: string, municipalityId: string) {
  return tx
    .select({ r: registrations, municipalityName: municipalities.name })
    .from(registrations)
    .innerJoin(municipalities, eq(municipalities.id, registrations.municipalityId))
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        eq(registrations.municipalityId, municipalityId),
        inArray(registrations.status, ['confirmed', 'waitlisted']),
        isNull(registrations.anonymizedAt),
      ),
    )
    .orderBy(asc(registrations.id));
}

/**
 * Raises the registration's calendar sequence for one more calendar e-mail and returns it. Above
 * every earlier registration of the same address for the workshop too: someone who cancelled and
 * registered again gets entries that outrank the cancellation they were sent.
 */
export async function raiseCalendarSequence(tx: Tx, registrationId: string): Promise<number> {
  const [row] = await tx
    .update(registrations)
    .set({
      calendarSequence: sql`1 + greatest(${registrations.calendarSequence}, (
        select coalesce(max(o.calendar_sequence), 0) from registrations o
        where o.workshop_id = ${registrations.workshopId} and lower(o.email) = lower(${registrations.email})
      ))`,
    })
    .where(eq(registrations.id, registrationId))
    .returning({ calendarSequence: registrations.calendarSequence });
  return row!.calendarSequence;
}
