// Public feeds benchmark: seeds 11,000 municipalities (6,000 with a published strategy, 30,000 public
// measures) into its own database, starts the built API and a bare Fastify + pg baseline running the
// feed's own SQL, and loads a 500-item page from the middle of the measures feed on both, in
// interleaved rounds. Then compares mirroring the feed with crawling every municipality. Local only.
// See README.md.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from '@werkstatt/db';
import { productionLoginUrl } from '@werkstatt/db/testing';
import pg from 'pg';
import { type Measured, measure, warmUp } from '../lib/load.js';
import { backendCpu, backendCpuBetween, prepareBenchDatabase } from '../lib/postgres.js';
import { repoRoot, start, stop } from '../lib/process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = process.env.BENCH_DATABASE ?? 'werkstatt_bench_feeds';
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CRAWL_SAMPLE = Number(process.env.BENCH_CRAWL_SAMPLE ?? 500);
const PAGE = 500;
const POOL_MAX = Number(process.env.BENCH_POOL_MAX ?? 10);
/** Requests sent to each side before the rounds: 20 per pooled connection. */
const PRIME = Number(process.env.BENCH_PRIME ?? 20 * POOL_MAX);
const CURSOR_AT = 10_000;
const TARGET = 0.8;
const API_PORT = 3959;
const BASELINE_PORT = 3960;
const reseed = process.argv.includes('--reseed');
const build = !process.argv.includes('--no-build');
// The TypeScript loader, resolved from this package (the children run from the repository root).
const tsxLoader = import.meta.resolve('tsx');

const prepareDatabase = () =>
  prepareBenchDatabase({
    adminUrl,
    benchUrl,
    dbName,
    reseed,
    migrate: runMigrations,
    isSeeded: async (db) => (await db.query(`select count(*)::int as n from bench_publish`)).rows[0].n > 0,
    seed: async (db) => {
      await db.query(await readFile(path.join(here, 'seed.sql'), 'utf8'));
      // Publishing, as municipalities do: one commit per strategy, so each gets its own position and
      // its five measures with it (the triggers of migration 0028 write public_changes, also for the owner).
      await db.query(`
        DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT strategy_id FROM bench_publish ORDER BY n LOOP
            UPDATE strategies SET visibility = 'public' WHERE id = r.strategy_id;
            COMMIT;
          END LOOP;
        END
        $$`);
    },
  });

interface Fixture {
  key: string;
  cursor: { position: string; id: string };
  crawlSample: string[];
  counts: {
    municipalities: number;
    publicStrategies: number;
    measures: number;
    feedMeasures: number;
    positions: number;
    workshops: number;
    crawlRequests: number;
  };
}

async function fixture(): Promise<Fixture> {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  try {
    const one = async (q: string, params: unknown[] = []) => (await db.query(q, params)).rows[0];
    await db.query(`delete from api_keys where name like 'bench %'`);
    const secret = `wst_${randomBytes(24).toString('base64url')}`;
    await db.query(
      `insert into api_keys (id, name, prefix, key_hash, scopes, municipality_id)
       values (gen_random_uuid(), 'bench public feeds', $1, $2, '["public:read"]'::jsonb, null)`,
      [secret.slice(0, 12), createHash('sha256').update(secret).digest('hex')],
    );
    // The 10,000th change of the feed: the page after it lies in the middle, not at the easy start.
    const cursor = await one(
      `select position::text as position, entity_id as id from public_changes where kind = 'measure'
       order by position, entity_id offset $1 limit 1`,
      [CURSOR_AT - 1],
    );
    const counts = await one(
      `select
        (select count(*)::int from municipalities) as municipalities,
        (select count(*)::int from strategies where visibility = 'public') as "publicStrategies",
        (select count(*)::int from measures) as measures,
        (select count(*)::int from public_changes where kind = 'measure') as "feedMeasures",
        (select count(distinct position)::int from public_changes where kind = 'measure') as positions,
        (select count(*)::int from public_changes where kind = 'workshop') as workshops,
        -- A crawler does not know which strategies are public: it asks every municipality, one page
        -- of 200 for each started 200 measures it can read (at least one request).
        (select sum(greatest(1, ceil(coalesce(c.n, 0) / 200.0)))::int from municipalities m
           left join (select ms.municipality_id, count(*) as n from measures ms
                      join strategies s on s.municipality_id = ms.municipality_id and s.visibility = 'public'
                      where ms.deleted_at is null group by ms.municipality_id) c on c.municipality_id = m.id
        ) as "crawlRequests"`,
    );
    // A fixed pseudo-random sample of all municipalities (public and private alike).
    const { rows } = await db.query(`select id from municipalities order by md5(id::text) limit $1`, [
      CRAWL_SAMPLE,
    ]);
    return { key: secret, cursor, crawlSample: rows.map((r) => r.id as string), counts };
  } finally {
    await db.end();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface FeedPageBody {
  data: { id: string; deletedAt?: string | null }[];
  nextCursor: string | null;
}

async function getJson(
  url: string,
  headers: Record<string, string>,
): Promise<FeedPageBody & { bytes: number }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return { ...(JSON.parse(text) as FeedPageBody), bytes: Buffer.byteLength(text) };
}

/** Reads the whole measures feed through the API, page after page, following nextCursor. */
async function mirrorFeed(base: string, auth: Record<string, string>) {
  const started = performance.now();
  let requests = 0;
  let items = 0;
  let cursor: string | null = null;
  do {
    const page: FeedPageBody = await getJson(
      `${base}/v1/public/measures?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
      auth,
    );
    requests++;
    items += page.data.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { requests, items, ms: performance.now() - started };
}

/** Crawls the sampled municipalities' measure lists (limit=200, following nextCursor), one by one. */
async function crawlSample(base: string, auth: Record<string, string>, ids: string[]) {
  const started = performance.now();
  let requests = 0;
  let items = 0;
  const statuses = new Map<number, number>();
  for (const id of ids) {
    let cursor: string | null = null;
    do {
      const res = await fetch(
        `${base}/v1/municipalities/${id}/measures?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      );
      requests++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json()) as Partial<FeedPageBody>;
      cursor = null;
      if (res.status === 200) {
        items += body.data?.length ?? 0;
        cursor = body.nextCursor ?? null;
      }
    } while (cursor !== null);
  }
  return { requests, items, statuses, ms: performance.now() - started };
}

async function main() {
  const loadBefore = loadavg();
  await prepareDatabase();
  const f = await fixture();
  const c = f.counts;
  console.log(
    `Data: ${c.municipalities} municipalities, ${c.publicStrategies} public strategies, ${c.measures} measures, ${c.feedMeasures} in the measures feed (${c.positions} positions), ${c.workshops} workshops in their feed.`,
  );
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // Production refuses a superuser login: the API logs in as a role that may only switch to werkstatt_app.
  const apiUrl = await productionLoginUrl(benchUrl);
  if (build) {
    // The API as production runs it: the built dist (turbo rebuilds it only when a source changed).
    execFileSync('pnpm', ['turbo', 'run', 'build', '--filter=@werkstatt/api', '--output-logs=errors-only'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
  const api = await start(
    // To profile the API: BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/feeds-prof".
    [...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'apps/api/dist/server.js'],
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: apiUrl,
      DATABASE_POOL_MAX: String(POOL_MAX),
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      LINK_SECRET: randomBytes(32).toString('base64url'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64url'),
      APP_URL: 'http://localhost:5173/',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      API_KEY_RATE_LIMIT_PER_MINUTE: '100000',
      ...(process.env.REDIS_URL
        ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: 'werkstatt-bench:' }
        : {}),
    },
    API_PORT,
  );
  const baseline = await start(
    ['--import', tsxLoader, 'bench/feeds/baseline.ts'],
    { DATABASE_URL: benchUrl, BENCH_POOL_MAX: String(POOL_MAX) },
    BASELINE_PORT,
  ).catch(async (error: unknown) => {
    await stop(api);
    throw error;
  });
  try {
    const auth = { authorization: `Bearer ${f.key}` };
    const apiBase = `http://127.0.0.1:${API_PORT}`;
    const cursor = Buffer.from(JSON.stringify([f.cursor.position, f.cursor.id])).toString('base64url');
    const apiUrlPage = `${apiBase}/v1/public/measures?limit=${PAGE}&cursor=${cursor}`;
    const baseUrlPage = `http://127.0.0.1:${BASELINE_PORT}/measures?position=${f.cursor.position}&id=${f.cursor.id}`;
    // Both serve the same page: the same 500 ids in the same order.
    const [a, b] = [await getJson(apiUrlPage, auth), await getJson(baseUrlPage, {})];
    const bIds = (b.data as unknown as { entity_id: string }[]).map((r) => r.entity_id);
    if (a.data.length !== PAGE || a.data.map((x) => x.id).join() !== bIds.join()) {
      throw new Error(`The API's page (${a.data.length} items) and the baseline's (${bIds.length}) differ.`);
    }
    if (a.data.some((x) => x.deletedAt !== null)) throw new Error('The loaded page holds tombstones.');
    console.log(
      `The page: ${PAGE} measures, ${Math.round(a.bytes / 1024)} KB from the API, ${Math.round(b.bytes / 1024)} KB from the baseline.`,
    );

    const sides = [
      { name: 'API GET /v1/public/measures', url: apiUrlPage, headers: auth, pid: api.pid! },
      { name: 'baseline: bare Fastify + pg, same SQL', url: baseUrlPage, headers: {}, pid: baseline.pid! },
    ];
    // The API prepares each statement on its connection (packages/db/src/client.ts), and Postgres
    // plans the first five executions of a prepared statement for their values (custom plans) before
    // it settles on a generic plan. Under row-level security the custom plans of this page cost ~10×
    // the Postgres CPU of the generic one, so a short warm-up would measure them: first, enough
    // requests that every pooled connection is past them (both sides alike).
    for (const side of sides) {
      await warmUp({ url: side.url, headers: side.headers, connections: CONNECTIONS, amount: PRIME });
    }
    const results: (Measured & { pgCpuMsPerRequest: number })[][] = sides.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, side] of sides.entries()) {
        const o = { url: side.url, headers: side.headers, connections: CONNECTIONS };
        await warmUp({ ...o, duration: WARM_UP });
        const pgBefore = await backendCpu(benchUrl, dbName);
        const measured = await measure({ ...o, duration: DURATION, pid: side.pid });
        const pgMs = backendCpuBetween(pgBefore, await backendCpu(benchUrl, dbName));
        const m = { ...measured, pgCpuMsPerRequest: Math.round((pgMs / measured.requests) * 100) / 100 };
        results[i]!.push(m);
        console.log(
          `round ${round}, ${side.name}: ${m.reqPerSec} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, CPU ms/request ${m.cpuMsPerRequest} server + ${m.pgCpuMsPerRequest} Postgres, ${m.errors} errors`,
        );
      }
    }
    const med = results.map((rs) => ({
      reqPerSec: median(rs.map((r) => r.reqPerSec)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      rssMb: Math.max(...rs.map((r) => r.rssMb)),
      cpuMsPerRequest: median(rs.map((r) => r.cpuMsPerRequest)),
      pgCpuMsPerRequest: median(rs.map((r) => r.pgCpuMsPerRequest)),
    }));
    const bare = med[1]!;
    const ratio = med[0]!.reqPerSec / bare.reqPerSec;
    const roundRatios = results[0]!.map((r, i) => (r.reqPerSec / results[1]![i]!.reqPerSec).toFixed(2));
    console.log(
      `\nPage of ${PAGE} after the ${CURSOR_AT.toLocaleString('en')}th change, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION} s per side (each after a ${WARM_UP} s warm-up), load generator on the same machine; medians:\n`,
    );
    console.table(
      sides.map((s, i) => ({
        case: s.name,
        'req/s': med[i]!.reqPerSec,
        'p50 ms': med[i]!.p50,
        'p99 ms': med[i]!.p99,
        errors: med[i]!.errors,
        'RSS MB': med[i]!.rssMb,
        'server CPU ms/request': med[i]!.cpuMsPerRequest,
        'Postgres CPU ms/request': med[i]!.pgCpuMsPerRequest,
        'vs. baseline':
          i === 0
            ? `${ratio.toFixed(2)}×${ratio < TARGET ? ` MISSED (target ≥ ${TARGET}×)` : ' (target ≥ 0.8×: met)'}`
            : '1.00×',
      })),
    );
    console.log(`Ratio per round: ${roundRatios.join(', ')}.`);

    console.log('\nMirroring everything public (sequential, one request at a time):');
    const mirror = await mirrorFeed(apiBase, auth);
    console.log(
      `- the measures feed, limit=${PAGE}: ${mirror.requests} requests, ${mirror.items} items, ${(mirror.ms / 1000).toFixed(1)} s.`,
    );
    const crawl = await crawlSample(apiBase, auth, f.crawlSample);
    const perRequest = crawl.ms / crawl.requests;
    const statuses = [...crawl.statuses].map(([s, n]) => `${n}× ${s}`).join(', ');
    console.log(
      `- crawling GET /v1/municipalities/{id}/measures?limit=200 for all ${c.municipalities} municipalities: ${c.crawlRequests} requests (counted from the data). Timed on a sample of ${f.crawlSample.length} municipalities: ${crawl.requests} requests (${statuses}), ${crawl.items} measures, ${(crawl.ms / 1000).toFixed(1)} s, ${perRequest.toFixed(1)} ms/request; extrapolated to all: ~${((perRequest * c.crawlRequests) / 1000).toFixed(0)} s.`,
    );
    console.log(
      `- the feed needs ${(c.crawlRequests / mirror.requests).toFixed(0)}× fewer requests and ~${((perRequest * c.crawlRequests) / mirror.ms).toFixed(0)}× less wall time (extrapolated).`,
    );
    console.log(
      `\nLoad average (1/5/15 min) before: ${loadBefore.map((x) => x.toFixed(1)).join(' / ')}, after: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')}.`,
    );
    if (med.some((x) => x.errors > 0)) process.exitCode = 1;
  } finally {
    await stop(api);
    await stop(baseline);
  }
}

await main();
