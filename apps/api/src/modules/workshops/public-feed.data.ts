import { compiledRead, municipalities, type Tx, workshops } from '@werkstatt/db';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { type FeedRow, feedPositions } from '../../lib/change-feed.js';

// Only public columns: participants, moderators, the online link and notes stay out. Read in the
// 'public' RLS scope, which shows workshops that are not drafts (migration 0028); the join says so too.
const listingColumns = {
  id: workshops.id,
  programId: workshops.programId,
  municipalityIds: workshops.municipalityIds,
  title: workshops.title,
  format: workshops.format,
  status: workshops.status,
  startsAt: workshops.startsAt,
  endsAt: workshops.endsAt,
  days: workshops.days,
  venueName: workshops.venueName,
  venueStreet: workshops.venueStreet,
  venuePostalCode: workshops.venuePostalCode,
  venueCity: workshops.venueCity,
  capacity: workshops.capacity,
  registrationOpensAt: workshops.registrationOpensAt,
  registrationClosesAt: workshops.registrationClosesAt,
  cancellationReason: workshops.cancellationReason,
};

function workshopFeed(qb: QueryBuilder) {
  const page = feedPositions(qb, 'workshop');
  const { position, entityId, changedAt } = page;
  const fields = { position, entityId, changedAt, ...listingColumns };
  const query = qb
    .select(fields)
    .from(page)
    .leftJoin(
      municipalities,
      and(eq(municipalities.id, page.changeMunicipalityId), isNull(municipalities.deletedAt)),
    )
    .leftJoin(
      workshops,
      and(
        eq(workshops.id, page.entityId),
        eq(workshops.municipalityId, municipalities.id),
        ne(workshops.status, 'draft'),
      ),
    )
    .orderBy(asc(page.position), asc(page.entityId));
  return { fields, query };
}

const readWorkshopFeed = compiledRead(
  workshopFeed(new QueryBuilder()).fields,
  (qb) => workshopFeed(qb).query,
);

type Listing = { [K in keyof typeof listingColumns]: (typeof listingColumns)[K]['_']['data'] };
export type WorkshopFeedRow = FeedRow & { workshop: Listing | null };

export async function readWorkshopChanges(
  tx: Tx,
  values: Record<string, unknown>,
): Promise<WorkshopFeedRow[]> {
  const rows = await readWorkshopFeed(tx, values);
  return rows.map(({ position, entityId, changedAt, ...workshop }) => ({
    position,
    entityId,
    changedAt,
    workshop: workshop.id === null ? null : (workshop as Listing),
  }));
}

/** The live municipalities of a page's workshops, in one query. */
export const municipalityRefs = (tx: Tx, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select({
          id: municipalities.id,
          name: municipalities.name,
          slug: municipalities.slug,
          ars: municipalities.ars,
          stateCode: municipalities.stateCode,
        })
        .from(municipalities)
        .where(and(inArray(municipalities.id, ids), isNull(municipalities.deletedAt)));
