import { municipalities, programs, type Tx, users, workshopApplications, workshops } from '@werkstatt/db';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';

/**
 * An application with its municipality (name and kind), its program (name and contact) and the
 * workshop it was given, if any.
 */
export async function findApplication(tx: Tx, applicationId: string) {
  const [found] = await tx
    .select({
      a: workshopApplications,
      municipalityName: municipalities.name,
      municipalityKind: municipalities.kind,
      program: {
        name: programs.name,
        contactName: programs.contactName,
        contactEmail: programs.contactEmail,
        contactPhone: programs.contactPhone,
        contactOrganisation: programs.contactOrganisation,
      },
    })
    .from(workshopApplications)
    .innerJoin(municipalities, eq(municipalities.id, workshopApplications.municipalityId))
    .innerJoin(programs, eq(programs.id, workshopApplications.programId))
    .where(eq(workshopApplications.id, applicationId));
  if (!found) return undefined;
  const [w] = found.a.workshopId
    ? await tx.select().from(workshops).where(eq(workshops.id, found.a.workshopId))
    : [];
  return { ...found, workshop: w ?? null };
}

/** The names of the partner municipalities an application names, in its order. */
export async function partnerNames(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: municipalities.id, name: municipalities.name })
    .from(municipalities)
    .where(inArray(municipalities.id, ids));
  return ids.map((id) => rows.find((r) => r.id === id)?.name).filter((n): n is string => !!n);
}

/** The program office's active admins: they decide on applications. */
export function listProgramAdmins(tx: Tx) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'program_admin'), eq(users.disabled, false), isNull(users.deletedAt)))
    .orderBy(asc(users.id));
}
