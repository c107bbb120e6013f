import { calendarFeeds, municipalities, type Tx, workshops } from '@werkstatt/db';
import { and, arrayOverlaps, asc, eq, ne } from 'drizzle-orm';

/** The municipality's feed, locked until the end of the transaction (rotations queue behind it). */
export async function findFeedForUpdate(tx: Tx, municipalityId: string) {
  const [row] = await tx
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.municipalityId, municipalityId))
    .for('update')
    .limit(1);
  return row;
}

/** Sets the municipality's feed secret, replacing the previous one (which stops working at once). */
export async function upsertFeed(tx: Tx, municipalityId: string, tokenHash: string) {
  return (
    await tx
      .insert(calendarFeeds)
      .values({ municipalityId, tokenHash })
      .onConflictDoUpdate({ target: calendarFeeds.municipalityId, set: { tokenHash } })
      .returning()
  )[0]!;
}

export async function findFeedByHash(tx: Tx, tokenHash: string) {
  const [row] = await tx.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash)).limit(1);
  return row;
}

export async function municipalityName(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ name: municipalities.name })
    .from(municipalities)
    .where(eq(municipalities.id, id))
    .limit(1);
  return row?.name;
}

/** Every workshop the municipality takes part in that is past the draft stage, by date. */
export const feedWorkshops = (tx: Tx, municipalityId: string) =>
  tx
    .select()
    .from(workshops)
    .where(and(arrayOverlaps(workshops.municipalityIds, [municipalityId]), ne(workshops.status, 'draft')))
    .orderBy(asc(workshops.startsAt), asc(workshops.id))
    .limit(1000);
