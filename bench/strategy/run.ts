// Strategy benchmark: seeds scale data into its own database, starts the API on 127.0.0.1 and loads a
// 50-row measures page and a 100-measure roadmap with autocannon; compares against a bare
// Fastify + pg route. Local only. See README.md.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runMigrations } from '@werkstatt/db';
import { productionLoginUrl } from '@werkstatt/db/testing';
import pg from 'pg';
import { measure, warmUp } from '../lib/load.js';
import { prepareBenchDatabase } from '../lib/postgres.js';
import { repoRoot, start, stop } from '../lib/process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = process.env.BENCH_DATABASE ?? 'werkstatt_bench_strategy';
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const API_PORT = 3957;
const PAGE = 'measures page (50 rows)';
const ROADMAP = 'roadmap (100 measures)';
const BASELINE_PORT = 3958;
const reseed = process.argv.includes('--reseed');
// The TypeScript loader, resolved from this package (the children run from the repository root).
const tsxLoader = import.meta.resolve('tsx');

const prepareDatabase = () =>
  prepareBenchDatabase({
    adminUrl,
    benchUrl,
    dbName,
    reseed,
    migrate: runMigrations,
    isSeeded: async (db) =>
      (await db.query(`select count(*)::int as n from municipalities where slug = 'bench-roadmap'`)).rows[0]
        .n === 1,
    seed: async (db) => {
      await db.query(await readFile(path.join(here, 'seed.sql'), 'utf8'));
    },
  });

interface Fixture {
  roadmapMunicipality: string;
  listMunicipality: string;
  roadmapKey: string;
  listKey: string;
  listWriteKey: string;
  listCursorId: string;
  editedMeasureId: string;
  counts: { municipalities: number; measures: number; roadmapMeasures: number; listMeasures: number };
}

async function fixture(): Promise<Fixture> {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  try {
    const one = async (q: string, params: unknown[] = []) => (await db.query(q, params)).rows[0];
    const roadmap = (await one(`select id from municipalities where slug = 'bench-roadmap'`)).id as string;
    const list = (await one(`select id from municipalities where slug = 'bench-list'`)).id as string;
    await db.query(`delete from api_keys where name like 'bench %'`);
    const key = async (municipalityId: string, scope = 'municipality:read') => {
      const secret = `wst_${randomBytes(24).toString('base64url')}`;
      await db.query(
        `insert into api_keys (id, name, prefix, key_hash, scopes, municipality_id)
         values (gen_random_uuid(), 'bench ' || $1, $2, $3, jsonb_build_array($4::text), $1::uuid)`,
        [municipalityId, secret.slice(0, 12), createHash('sha256').update(secret).digest('hex'), scope],
      );
      return secret;
    };
    // A page from the middle of the 10,000-measure list, not the easy first one.
    const cursor = await one(
      `select id from measures where municipality_id = $1 and deleted_at is null order by id offset 5000 limit 1`,
      [list],
    );
    // The page's first measure: the one edited during the "edits" load.
    const edited = await one(
      `select id from measures where municipality_id = $1 and deleted_at is null and id > $2 order by id limit 1`,
      [list, cursor.id],
    );
    const counts = await one(
      `select
        (select count(*)::int from municipalities) as municipalities,
        (select count(*)::int from measures) as measures,
        (select count(*)::int from measures where municipality_id = $1) as "roadmapMeasures",
        (select count(*)::int from measures where municipality_id = $2) as "listMeasures"`,
      [roadmap, list],
    );
    return {
      roadmapMunicipality: roadmap,
      listMunicipality: list,
      roadmapKey: await key(roadmap),
      listKey: await key(list),
      listWriteKey: await key(list, 'municipality:write'),
      listCursorId: cursor.id,
      editedMeasureId: edited.id,
      counts,
    };
  } finally {
    await db.end();
  }
}

async function committedTransactions(): Promise<number> {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const { rows } = await db.query(
    'select xact_commit::bigint as n from pg_stat_database where datname = $1',
    [dbName],
  );
  await db.end();
  return Number(rows[0].n);
}

interface Figures {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number | null;
  cpuMsPerRequest: number;
  txPerRequest: number | null;
  /** Edits made during the load, where the case edits. */
  edits?: number;
}

async function load(
  name: string,
  url: string,
  headers: Record<string, string>,
  pid: number,
  countTransactions: boolean,
  // Runs alongside the measured load (not the warm-up) until told to stop.
  during?: (stop: { done: boolean }) => Promise<number>,
): Promise<Figures> {
  // Warm up (JIT, connection pool, Postgres caches) before measuring.
  await warmUp({ url, headers, connections: CONNECTIONS, duration: 3 });
  const before = countTransactions ? await committedTransactions() : 0;
  const m = await measure({ url, headers, connections: CONNECTIONS, duration: DURATION, pid }, during);
  const after = countTransactions ? await committedTransactions() : 0;
  return {
    name,
    reqPerSec: m.reqPerSec,
    p50: m.p50,
    p99: m.p99,
    errors: m.errors,
    rssMb: m.rssMb,
    cpuMsPerRequest: m.cpuMsPerRequest,
    // pg_stat_database counts the two connections of this measurement too: 2 of them, negligible.
    txPerRequest: countTransactions ? Math.round(((after - before) / m.requests) * 100) / 100 : null,
    ...(m.background === undefined ? {} : { edits: m.background }),
  };
}

const EDITS_PER_SECOND = 10;

/**
 * Edits a measure of the loaded page EDITS_PER_SECOND times a second, as the municipality would
 * (PATCH with If-Match, through the API): each edit makes the next reads of the page full ones.
 */
async function editMeasure(url: string, key: string, stop: { done: boolean }): Promise<number> {
  const auth = { authorization: `Bearer ${key}` };
  let etag = (await fetch(url, { headers: auth })).headers.get('etag') ?? '';
  let edits = 0;
  const started = Date.now();
  while (!stop.done) {
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ lead: `Hauptamt, Stand ${edits + 1}` }),
    });
    if (res.status !== 200) throw new Error(`An edit failed with ${res.status}: ${await res.text()}`);
    etag = res.headers.get('etag') ?? '';
    edits++;
    // On a schedule, not a pause after each edit: the rate holds while an edit waits under the load.
    await sleep(Math.max(0, started + (edits * 1000) / EDITS_PER_SECOND - Date.now()));
  }
  return edits;
}

async function main() {
  await prepareDatabase();
  const f = await fixture();
  console.log(
    `Data: ${f.counts.municipalities} municipalities, ${f.counts.measures} measures; roadmap municipality ${f.counts.roadmapMeasures} measures, list municipality ${f.counts.listMeasures}.`,
  );
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // Production refuses a superuser login: the API logs in as a role that may only switch to werkstatt_app.
  const apiUrl = await productionLoginUrl(benchUrl);
  // The API as production runs it: the built dist (turbo rebuilds it only when a source changed).
  execFileSync('pnpm', ['turbo', 'run', 'build', '--filter=@werkstatt/api', '--output-logs=errors-only'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const cursor = Buffer.from(JSON.stringify(['', f.listCursorId])).toString('base64url');
  const base = `http://127.0.0.1:${API_PORT}/v1/municipalities`;
  const figures: Figures[] = [];
  // Twice: as deployed, where a repeated read is served from the representation cache after one
  // statement, and with the cache off, where every request reads, decodes and serializes the rows.
  for (const [suffix, cacheMb] of [
    ['', '64'],
    [', cache off', '0'],
  ] as const) {
    const api = await start(
      ['apps/api/dist/server.js'],
      {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        DATABASE_URL: apiUrl,
        DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? '10',
        JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        LINK_SECRET: randomBytes(32).toString('base64url'),
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64url'),
        APP_URL: 'http://localhost:5173/',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '1000000',
        REPRESENTATION_CACHE_MB: cacheMb,
        ...(process.env.REDIS_URL
          ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: 'werkstatt-bench:' }
          : {}),
      },
      API_PORT,
    );
    try {
      figures.push(
        await load(
          `${PAGE}${suffix}`,
          `${base}/${f.listMunicipality}/measures?limit=50&cursor=${cursor}`,
          { authorization: `Bearer ${f.listKey}` },
          api.pid!,
          true,
        ),
        await load(
          `${ROADMAP}${suffix}`,
          `${base}/${f.roadmapMunicipality}/roadmap`,
          { authorization: `Bearer ${f.roadmapKey}` },
          api.pid!,
          true,
        ),
      );
      if (cacheMb !== '0') {
        // Between the two: the page while the municipality edits it, each edit invalidating it.
        figures.push(
          await load(
            `${PAGE}, ${EDITS_PER_SECOND} edits/s`,
            `${base}/${f.listMunicipality}/measures?limit=50&cursor=${cursor}`,
            { authorization: `Bearer ${f.listKey}` },
            api.pid!,
            true,
            (stop) =>
              editMeasure(
                `${base}/${f.listMunicipality}/measures/${f.editedMeasureId}`,
                f.listWriteKey,
                stop,
              ),
          ),
        );
      }
    } finally {
      await stop(api);
    }
  }
  const baseline = await start(
    ['--import', tsxLoader, 'bench/strategy/baseline.ts'],
    { DATABASE_URL: benchUrl },
    BASELINE_PORT,
  );
  try {
    figures.push(
      await load(
        'baseline: bare Fastify + pg, same page',
        `http://127.0.0.1:${BASELINE_PORT}/measures?municipalityId=${f.listMunicipality}&after=${f.listCursorId}`,
        {},
        baseline.pid!,
        false,
      ),
    );
  } finally {
    await stop(baseline);
  }
  // The targets, shown for both ways of serving so the uncached figure is judged too.
  const targetOf = (name: string) =>
    name.startsWith(PAGE) ? 50 : name.startsWith(ROADMAP) ? 100 : undefined;
  console.log(`\n${CONNECTIONS} connections, ${DURATION} s each, load generator on the same machine:\n`);
  console.table(
    figures.map((x) => ({
      case: x.name,
      'req/s': x.reqPerSec,
      'p50 ms': x.p50,
      'p99 ms': x.p99,
      'p99 target ms': targetOf(x.name) ?? '',
      errors: x.errors,
      'RSS MB': x.rssMb,
      'server CPU ms/request': x.cpuMsPerRequest,
      'transactions/request': x.txPerRequest ?? '',
    })),
  );
  for (const x of figures.filter((x) => x.edits !== undefined)) {
    console.log(`${x.name}: ${x.edits} edits in ${DURATION} s, each through the API with If-Match.`);
  }
  const bare = figures.at(-1)!;
  for (const page of figures.filter((x) => x.name.startsWith(PAGE))) {
    console.log(`${page.name} throughput vs. baseline: ${(page.reqPerSec / bare.reqPerSec).toFixed(2)}×`);
  }
  const missed = figures.filter((x) => x.p99 > (targetOf(x.name) ?? Number.POSITIVE_INFINITY));
  if (missed.length > 0) console.log(`Missed p99 target: ${missed.map((x) => x.name).join(', ')}`);
  if (figures.some((x) => x.errors > 0)) process.exitCode = 1;
}

await main();
