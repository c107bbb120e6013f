import { type PublicChangeKind, publicChanges } from '@werkstatt/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { QueryBuilder } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type Actor, hasMunicipalityScope, hasScope } from './actor.js';
import { badRequest, forbidden } from './errors.js';
import { timestamp } from './schemas.js';

/**
 * The public change feeds (measures, strategies, workshops across all municipalities). Each public
 * item has a position in commit order, its last writing transaction's id (migration 0028); a page
 * holds only positions below the snapshot horizon, so a change committed later always gets a
 * position after every one already handed out, and a reader that keeps its cursor misses nothing.
 */

export const FEED_PAGE_MAX = 500;

/** What every feed's description says. */
export const feedRules =
  'Every municipality in one feed, in commit order: a change committed later always comes after every change already handed out, so a reader that keeps `syncCursor` misses nothing (see the guide, "Exact sync"). An item that stops being public comes once more as a tombstone (`deletedAt` set, `data` null). Readable by every signed-in user and by API keys with `public:read` (or an unbound `municipality:read`); it shows only public data, whoever asks.';

export const feedQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(FEED_PAGE_MAX)
      .default(FEED_PAGE_MAX)
      .meta({ description: `Page size (1–${FEED_PAGE_MAX}).` }),
    cursor: z.string().max(200).optional().meta({
      description:
        'Where to go on: `nextCursor` of the previous page, or `syncCursor` of your last complete run. Without it the feed starts at the beginning.',
    }),
  })
  .strict();
export type FeedQuery = z.infer<typeof feedQuery>;

export interface FeedPosition {
  position: string;
  id: string;
}

const start: FeedPosition = { position: '0', id: '00000000-0000-0000-0000-000000000000' };
const cursorSchema = z.tuple([z.string().regex(/^\d{1,20}$/), z.uuid()]);

export const encodeFeedCursor = (p: FeedPosition): string =>
  Buffer.from(JSON.stringify([p.position, p.id])).toString('base64url');

export function decodeFeedCursor(cursor: string | undefined): FeedPosition {
  if (cursor === undefined) return start;
  try {
    const [position, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { position, id };
  } catch {
    throw badRequest('The cursor is not valid.', [{ path: 'querystring.cursor', message: 'Invalid cursor' }]);
  }
}

export const municipalityRef = z
  .object({
    id: z.uuid(),
    name: z.string().meta({ example: 'Verbandsgemeinde Wonnegau' }),
    slug: z.string(),
    ars: z.string().nullable().meta({ description: 'Amtlicher Regionalschlüssel (12 digits), when known.' }),
    stateCode: z.string().meta({ example: 'RP' }),
  })
  .meta({ id: 'MunicipalityRef', description: 'The municipality an item belongs to.' });
export type MunicipalityRefDto = z.infer<typeof municipalityRef>;

/**
 * One change: the item as it is now, or a tombstone (`deletedAt` set, `data` null) when it is no
 * longer public: deleted, its strategy made private, its municipality deleted.
 */
export const feedItemSchema = <T extends z.ZodType>(id: string, description: string, data: T) =>
  z
    .object({
      position: z.string().meta({
        description: 'The change’s place in commit order (a decimal number, up to 20 digits).',
        example: '7301245',
      }),
      id: z.uuid(),
      municipality: municipalityRef
        .nullable()
        .meta({ description: 'Null only in a tombstone of a municipality that was deleted.' }),
      deletedAt: timestamp.nullable().meta({
        description: 'Set in a tombstone: when the item stopped being public. Remove it from your copy.',
      }),
      data: data.nullable(),
    })
    .meta({ id, description });

export const feedPageSchema = <T extends z.ZodType>(id: string, item: T) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({
        description: 'More changes are ready now: fetch the next page with this cursor. Null when caught up.',
      }),
      syncCursor: z.string().meta({
        description:
          'Keep this after your run and pass it as `cursor` next time to get only later changes; it never skips one.',
      }),
    })
    .meta({ id });

export interface FeedPage<T> {
  data: T[];
  nextCursor: string | null;
  syncCursor: string;
}

export interface FeedRow {
  position: string;
  entityId: string;
  changedAt: Date;
}

/** Cuts the extra row and sets the cursors: both after the last change handed out. */
export function toFeedPage<R extends FeedRow, T>(
  rows: R[],
  limit: number,
  after: FeedPosition,
  map: (row: R) => T,
): FeedPage<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  const syncCursor = encodeFeedCursor(last ? { position: last.position, id: last.entityId } : after);
  return { data: kept.map(map), nextCursor: more ? syncCursor : null, syncCursor };
}

/**
 * A page as JSON text from items encoded already (the measures feed, see strategy/public-feed.data),
 * with the same members and cursors as toFeedPage gives.
 */
export function feedPageText(
  rows: { position: string; entityId: string; item: string }[],
  limit: number,
  after: FeedPosition,
): string {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  const syncCursor = JSON.stringify(
    encodeFeedCursor(last ? { position: last.position, id: last.entityId } : after),
  );
  const items = kept.map((r) => r.item).join(',');
  return `{"data":[${items}],"nextCursor":${more ? syncCursor : 'null'},"syncCursor":${syncCursor}}`;
}

/**
 * The page of a feed's positions (limit + 1): after the cursor, and of those only the ones below the
 * horizon, the oldest snapshot xmin, under which every transaction has ended. Positions at or above
 * the horizon sort after every one below it, so cutting them after the LIMIT leaves an exact prefix
 * of the feed; the LIMIT first lets the planner walk public_changes_feed_idx in order (a horizon
 * condition inside would make it guess few rows and sort the whole feed instead).
 * Placeholders: afterPosition, afterId, limit.
 */
export function feedPositions(qb: QueryBuilder, kind: PublicChangeKind) {
  const next = qb
    .select({
      position: publicChanges.position,
      entityId: publicChanges.entityId,
      changeMunicipalityId: sql<string>`${publicChanges.municipalityId}`.as('change_municipality_id'),
      changedAt: publicChanges.changedAt,
    })
    .from(publicChanges)
    .where(
      and(
        eq(publicChanges.kind, kind),
        sql`(${publicChanges.position}, ${publicChanges.entityId}) > (${sql.placeholder('afterPosition')}::xid8, ${sql.placeholder('afterId')}::uuid)`,
      ),
    )
    .orderBy(asc(publicChanges.position), asc(publicChanges.entityId))
    .limit(sql.placeholder('limit'))
    .as('next');
  return qb
    .select({
      position: next.position,
      entityId: next.entityId,
      changeMunicipalityId: next.changeMunicipalityId,
      changedAt: next.changedAt,
    })
    .from(next)
    .where(sql`${next.position} < pg_snapshot_xmin(pg_current_snapshot())`)
    .as('page');
}

export const feedValues = (after: FeedPosition, limit: number) => ({
  afterPosition: after.position,
  afterId: after.id,
  limit: limit + 1,
});

/**
 * Who reads the public feeds: every signed-in user, and API keys with public:read or an unbound
 * municipality:read (which reads every municipality). Whoever asks, the feeds read in the 'public'
 * RLS scope, so they show only what is public.
 */
export function requireFeedReader(actor: Actor): void {
  if (actor.type === 'user') return;
  if (hasScope(actor, 'public:read')) return;
  if (actor.municipalityId === null && hasMunicipalityScope(actor)) return;
  throw forbidden('The public feeds need an API key with the public:read scope.');
}

export const toMunicipalityRef = (r: {
  refId: string | null;
  refName: string | null;
  refSlug: string | null;
  refArs: string | null;
  refStateCode: string | null;
}): MunicipalityRefDto | null =>
  r.refId === null
    ? null
    : {
        id: r.refId,
        name: r.refName ?? '',
        slug: r.refSlug ?? '',
        ars: r.refArs,
        stateCode: r.refStateCode ?? '',
      };

/** A feed item: the item when it is public, else a tombstone dated by its last change. */
export const toFeedItem = <T>(row: FeedRow, municipality: MunicipalityRefDto | null, data: T | null) => ({
  position: row.position,
  id: row.entityId,
  municipality,
  deletedAt: data === null ? row.changedAt.toISOString() : null,
  data,
});
