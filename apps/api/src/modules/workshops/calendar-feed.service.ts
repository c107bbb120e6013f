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
 * stored only as its SHA-256. Rotating ends every colleague's subscription, so only the
 * municipality's admin or a program administrator may; the feed belongs to the municipality, and
 * the audit log says who created or rotated it.
 */
export async function rotateCalendarFeed(
  ctx: RequestContext,
  municipalityId: string,
  publicUrl: string,
): Promise<CalendarFeedDto> {
  const actor = ctx.actor;
  if (actor.municipalityId && actor.municipalityId !== municipalityId) throw notFound('Municipality');
  const allowed =
    actor.type === 'user' &&
    (actor.role === 'program_admin' ||
      (actor.role === 'municipality_admin' && actor.municipalityId !== null));
  if (!allowed) {
    throw forbidden(
      "Only the municipality's administrators and the program office may create or rotate its calendar feed.",
    );
  }
  const token = randomSecret(32);
  const row = await ctx.db.transaction(async (tx) => {
    if (!(await data.municipalityName(tx, municipalityId))) throw notFound('Municipality');
    const previous = await data.findFeedForUpdate(tx, municipalityId);
    const feed = await data.upsertFeed(tx, municipalityId, hashSecret(token));
    await recordAudit(tx, ctx, {
      action: previous ? 'calendar_feed.rotated' : 'calendar_feed.created',
      entityType: 'calendar_feed',
      entityId: municipalityId,
      municipalityId,
      // Never the secret itself, nor its hash.
      ...(previous ? { before: { updatedAt: previous.updatedAt.toISOString() } } : {}),
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
