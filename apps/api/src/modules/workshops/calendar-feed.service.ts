import { type Database, scopedDatabase } from '@werkstatt/db';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { hashSecret, randomSecret } from '../auth/index.js';
import { workshopsCalendar } from './calendar.js';
import * as data from './calendar-feed.data.js';
import { calendarEntryOf } from './workshops.service.js';

export interface CalendarFeedDto {
  url: string;
  createdAt: string;
}

// 32 random bytes as base64url: 43 characters.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Creates or rotates the municipality's feed: a new secret each time, shown once in the URL and
 * stored only as its SHA-256. Any user of the municipality may; the program office has no feed.
 */
export async function rotateCalendarFeed(
  ctx: RequestContext,
  municipalityId: string,
  publicUrl: string,
): Promise<CalendarFeedDto> {
  const actor = ctx.actor;
  if (actor.municipalityId !== municipalityId) {
    if (actor.municipalityId) throw notFound('Municipality');
    throw forbidden('A calendar feed belongs to a municipality; only its users can create one.');
  }
  if (actor.type !== 'user') throw forbidden('Only users of the municipality can create its calendar feed.');
  const token = randomSecret(32);
  const row = await ctx.db.transaction(async (tx) => {
    const feed = await data.upsertFeed(tx, municipalityId, hashSecret(token), actor.id);
    await recordAudit(tx, ctx, {
      action: 'calendar_feed.rotated',
      entityType: 'municipality',
      entityId: municipalityId,
      municipalityId,
      // Never the secret itself.
      after: { updatedAt: feed.updatedAt.toISOString() },
    });
    return feed;
  });
  return {
    url: `${publicUrl.replace(/\/$/, '')}/v1/public/calendar/${token}.ics`,
    createdAt: row.updatedAt.toISOString(),
  };
}

/**
 * The public feed behind a token: found by its hash in the platform scope, then read in the
 * municipality's own scope, so RLS limits it to that municipality's workshops whatever happens here.
 */
export function createCalendarFeedService(deps: { db: Database }) {
  const platform = scopedDatabase(deps.db, { kind: 'platform' });
  return {
    async feed(token: string): Promise<string> {
      if (!TOKEN.test(token)) throw notFound('Calendar');
      const feed = await platform.transaction((tx) => data.findFeedByHash(tx, hashSecret(token)));
      if (!feed) throw notFound('Calendar');
      const tenant = scopedDatabase(deps.db, { kind: 'tenant', municipalityId: feed.municipalityId });
      const { name, rows } = await tenant.transaction(async (tx) => ({
        name: await data.municipalityName(tx, feed.municipalityId),
        rows: await data.feedWorkshops(tx, feed.municipalityId),
      }));
      return workshopsCalendar(rows.map(calendarEntryOf), { name: `Werkstätten ${name ?? ''}`.trim() });
    },
  };
}
export type CalendarFeedService = ReturnType<typeof createCalendarFeedService>;
