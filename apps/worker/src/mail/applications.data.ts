import { municipalities, type Tx, workshopApplications, workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';

/** An application with its municipality's name and the workshop it was given, if any. */
export async function findApplication(tx: Tx, applicationId: string) {
  const [found] = await tx
    .select({ a: workshopApplications, municipalityName: municipalities.name })
    .from(workshopApplications)
    .innerJoin(municipalities, eq(municipalities.id, workshopApplications.municipalityId))
    .where(eq(workshopApplications.id, applicationId));
  if (!found) return undefined;
  const [w] = found.a.workshopId
    ? await tx.select().from(workshops).where(eq(workshops.id, found.a.workshopId))
    : [];
  return { ...found, workshop: w ?? null };
}
