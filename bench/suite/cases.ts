// The hot read routes the suite loads, and the URLs of each way of reading them: the same URL again
// (a cache hit where the route has a representation cache), rotating URLs that the cache cannot
// answer (a miss), and a crawler asking for one municipality (or page) after another.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

export type Mode = 'hit' | 'miss' | 'crawl';

export interface Case {
  /** Short name, used by --only. */
  id: string;
  label: string;
  /** Whether the route keeps responses in the representation cache (REPRESENTATION_CACHE_MB). */
  cached: boolean;
  /** The repeated URL's path. */
  hit: string;
  /** Paths in a shuffled order: every request of the miss load takes the next one. */
  miss: string[];
  /** Paths in the crawler's order: one municipality (or page) after another. */
  crawl: string[];
}

export interface Fixture {
  /** An unbound key (municipality:read + public:read), without a limit of its own. */
  key: string;
  cases: Case[];
  counts: { municipalities: number; measures: number; workshops: number; feedMeasures: number };
}

const cursor = (sortValue: string, id: string) =>
  Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
const since = '2020-01-01T00:00:00.000Z';

/** A fixed pseudo-random order (the same in every run), so runs compare. */
function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  let s = 42;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const everyNth = <T>(xs: T[], n: number) => xs.filter((_, i) => i % n === n - 1);

/** Inserts an API key as the program office would and returns its secret. */
export async function insertKey(
  db: pg.Client,
  name: string,
  scopes: string[],
  rateLimitPerMinute: number | null,
): Promise<string> {
  const secret = `wst_${randomBytes(24).toString('base64url')}`;
  await db.query(
    `insert into api_keys (id, name, prefix, key_hash, scopes, municipality_id, rate_limit_per_minute)
     values (gen_random_uuid(), $1, $2, $3, $4::jsonb, null, $5)`,
    [
      name,
      secret.slice(0, 12),
      createHash('sha256').update(secret).digest('hex'),
      JSON.stringify(scopes),
      rateLimitPerMinute,
    ],
  );
  return secret;
}

export async function fixture(url: string): Promise<Fixture> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const col = async (q: string, params: unknown[] = []) =>
      (await db.query({ text: q, values: params, rowMode: 'array' })).rows.map((r) => r[0] as string);
    const rows = async (q: string) => (await db.query(q)).rows as Record<string, string>[];
    await db.query(`delete from api_keys where name like 'bench suite%'`);
    // No own limit: the loads run under RATE_LIMIT_PER_MINUTE, set to its maximum (run.ts).
    const key = await insertKey(db, 'bench suite loads', ['municipality:read', 'public:read'], null);

    const [listId] = await col(`select id from municipalities where slug = 'bench-list'`);
    const [roadmapId] = await col(`select id from municipalities where slug = 'bench-roadmap'`);
    const munis = await col(
      // The seeded ones: the registration burst adds a municipality without a strategy each run.
      `select id from municipalities where slug like 'bench-%' and deleted_at is null order by id`,
    );
    const listMeasures = await col(
      `select id from measures where municipality_id = $1 and deleted_at is null order by id`,
      [listId],
    );
    const since_ = await rows(
      `select id, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts
       from municipalities where updated_at > '${since}' order by updated_at, id`,
    );
    const workshops = await rows(
      `select id, to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts
       from workshops where title like 'Strategiewerkstatt %' order by starts_at, id`,
    );
    const feed = async (kind: string) =>
      (
        await rows(
          `select position::text as position, entity_id as id from public_changes where kind = '${kind}'
           order by position, entity_id`,
        )
      ).map((r) => cursor(r.position!, r.id!));
    const [feedMeasures, feedStrategies, feedWorkshops] = [
      await feed('measure'),
      await feed('strategy'),
      await feed('workshop'),
    ];
    const [counts] = await rows(
      `select (select count(*)::int from municipalities) as municipalities,
              (select count(*)::int from measures) as measures,
              (select count(*)::int from workshops) as workshops`,
    );

    const measuresOf = (id: string) => `/v1/municipalities/${id}/measures?limit=50`;
    const syncOf = (id: string) => `/v1/municipalities/${id}/measures?limit=200&updatedSince=${since}`;
    const feedCase = (id: string, label: string, path: string, limit: number, cursors: string[]): Case => ({
      id,
      label,
      cached: false,
      // Past the start, not the easy first page: the change in the middle of the feed.
      hit: `${path}?limit=${limit}&cursor=${cursors[Math.floor(cursors.length / 2)]}`,
      miss: shuffled(cursors).map((c) => `${path}?limit=${limit}&cursor=${c}`),
      crawl: [
        `${path}?limit=${limit}`,
        ...everyNth(cursors, limit).map((c) => `${path}?limit=${limit}&cursor=${c}`),
      ],
    });
    const cases: Case[] = [
      {
        id: 'directory',
        label: 'GET /v1/municipalities (50)',
        cached: false,
        hit: `/v1/municipalities?limit=50&cursor=${cursor('', munis[5000]!)}`,
        miss: shuffled(munis).map((id) => `/v1/municipalities?limit=50&cursor=${cursor('', id)}`),
        crawl: [
          '/v1/municipalities?limit=50',
          ...everyNth(munis, 50).map((id) => `/v1/municipalities?limit=50&cursor=${cursor('', id)}`),
        ],
      },
      {
        id: 'measures',
        label: 'measures page (50)',
        cached: true,
        // A page from the middle of the 10,000-measure list; misses are other pages of the same list.
        hit: `${measuresOf(listId!)}&cursor=${cursor('', listMeasures[5000]!)}`,
        miss: shuffled(listMeasures).map((id) => `${measuresOf(listId!)}&cursor=${cursor('', id)}`),
        crawl: munis.map(measuresOf),
      },
      {
        id: 'roadmap',
        label: 'roadmap',
        cached: true,
        hit: `/v1/municipalities/${roadmapId}/roadmap`,
        miss: shuffled(munis).map((id) => `/v1/municipalities/${id}/roadmap`),
        crawl: munis.map((id) => `/v1/municipalities/${id}/roadmap`),
      },
      {
        id: 'workshops',
        label: 'GET /v1/workshops (50)',
        cached: false,
        hit: '/v1/workshops?limit=50',
        miss: shuffled(workshops).map((w) => `/v1/workshops?limit=50&cursor=${cursor(w.ts!, w.id!)}`),
        crawl: [
          '/v1/workshops?limit=50',
          ...everyNth(workshops, 50).map((w) => `/v1/workshops?limit=50&cursor=${cursor(w.ts!, w.id!)}`),
        ],
      },
      {
        id: 'workshop',
        label: 'GET /v1/workshops/{id}',
        cached: false,
        hit: `/v1/workshops/${workshops[0]!.id}`,
        miss: shuffled(workshops).map((w) => `/v1/workshops/${w.id}`),
        crawl: workshops.map((w) => `/v1/workshops/${w.id}`),
      },
      feedCase('feed-measures', 'public feed: measures (500)', '/v1/public/measures', 500, feedMeasures),
      feedCase(
        'feed-strategies',
        'public feed: strategies (100)',
        '/v1/public/strategies',
        100,
        feedStrategies,
      ),
      feedCase('feed-workshops', 'public feed: workshops (100)', '/v1/public/workshops', 100, feedWorkshops),
      {
        id: 'sync-measures',
        label: 'sync measures updatedSince (200)',
        cached: true,
        hit: syncOf(listId!),
        miss: shuffled(munis).map(syncOf),
        crawl: munis.map(syncOf),
      },
      {
        id: 'sync-directory',
        label: 'sync directory updatedSince (200)',
        cached: false,
        hit: `/v1/municipalities?limit=200&updatedSince=${since}`,
        miss: shuffled(since_).map(
          (m) => `/v1/municipalities?limit=200&updatedSince=${since}&cursor=${cursor(m.ts!, m.id!)}`,
        ),
        crawl: [
          `/v1/municipalities?limit=200&updatedSince=${since}`,
          ...everyNth(since_, 200).map(
            (m) => `/v1/municipalities?limit=200&updatedSince=${since}&cursor=${cursor(m.ts!, m.id!)}`,
          ),
        ],
      },
    ];
    return {
      key,
      cases,
      counts: {
        municipalities: Number(counts!.municipalities),
        measures: Number(counts!.measures),
        workshops: Number(counts!.workshops),
        feedMeasures: feedMeasures.length,
      },
    };
  } finally {
    await db.end();
  }
}
