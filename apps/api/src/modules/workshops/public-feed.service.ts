import { commitAfterNextQuery } from '@werkstatt/db';
import type { z } from 'zod';
import {
  decodeFeedCursor,
  type FeedPage,
  type FeedQuery,
  feedValues,
  type MunicipalityRefDto,
  requireFeedReader,
  toFeedItem,
  toFeedPage,
} from '../../lib/change-feed.js';
import type { RequestContext } from '../../lib/context.js';
import * as data from './public-feed.data.js';
import type { WorkshopListingDto, workshopChange } from './public-feed.schemas.js';
import { dayDtos } from './workshops-fns.js';

type WorkshopChange = z.infer<typeof workshopChange>;
type Listing = NonNullable<data.WorkshopFeedRow['workshop']>;

const toListing = (w: Listing, refs: Map<string, MunicipalityRefDto>): WorkshopListingDto => ({
  id: w.id,
  programId: w.programId,
  title: w.title,
  format: w.format,
  status: w.status,
  startsAt: w.startsAt.toISOString(),
  endsAt: w.endsAt.toISOString(),
  timeZone: 'Europe/Berlin',
  days: dayDtos(w),
  venue:
    w.format === 'onsite' && w.venueName && w.venueStreet && w.venuePostalCode && w.venueCity
      ? { name: w.venueName, street: w.venueStreet, postalCode: w.venuePostalCode, city: w.venueCity }
      : null,
  capacity: w.capacity,
  registrationOpensAt: w.registrationOpensAt?.toISOString() ?? null,
  registrationClosesAt: w.registrationClosesAt?.toISOString() ?? null,
  cancellationReason: w.cancellationReason,
  municipalities: w.municipalityIds.flatMap((id) => refs.get(id) ?? []),
});

/** Changes of scheduled workshops (not drafts) of every program, in commit order. */
export async function workshopFeed(ctx: RequestContext, q: FeedQuery): Promise<FeedPage<WorkshopChange>> {
  requireFeedReader(ctx.actor);
  const after = decodeFeedCursor(q.cursor);
  const { rows, refs } = await ctx.inScope({ kind: 'public' }).transaction(async (tx) => {
    const rows = await data.readWorkshopChanges(tx, feedValues(after, q.limit));
    const ids = [...new Set(rows.flatMap((r) => r.workshop?.municipalityIds ?? []))];
    // The last read: COMMIT leaves with it.
    commitAfterNextQuery(tx);
    return { rows, refs: new Map((await data.municipalityRefs(tx, ids)).map((m) => [m.id, m])) };
  });
  return toFeedPage(rows, q.limit, after, (r) => {
    const listing = r.workshop && toListing(r.workshop, refs);
    return toFeedItem(r, listing?.municipalities[0] ?? null, listing);
  });
}
