// The benchmark suite (`pnpm bench`): every hot read route of the API against a bare Fastify + pg
// route running the API's own queries, in interleaved rounds on one seeded database, as a cache hit,
// a miss and a crawler; then the default rate limits, the registration burst right after an API
// start, and the PDF benches. Prints one summary and writes it as markdown to last-run.md. Local
// only. See README.md.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMigrations } from '@werkstatt/db';
import { productionLoginUrl } from '@werkstatt/db/testing';
import pg from 'pg';
import { type Measured, measure, warmUp } from '../lib/load.js';
import { backendCpu, backendCpuBetween, prepareBenchDatabase } from '../lib/postgres.js';
import { repoRoot, start, stop } from '../lib/process.js';
import { type Case, fixture, type Mode } from './cases.js';
import { checkRateLimits, figureLines, type LimitCheck, runScript } from './extras.js';
import { CACHE_MB, markdown, printSummary, type Row } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    only: { type: 'string', multiple: true },
    modes: { type: 'string' },
    reseed: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-extras': { type: 'boolean', default: false },
    'no-pdf': { type: 'boolean', default: false },
  },
});
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = env('BENCH_ROUNDS', 3);
const DURATION = env('BENCH_DURATION', 3);
const WARM_UP = env('BENCH_WARM_UP', 1);
// Seconds per route and side before the first case: the processes' JIT warm-up.
const START_WARM_UP = env('BENCH_START_WARM_UP', 2);
const CONNECTIONS = env('BENCH_CONNECTIONS', 32);
const CRAWL_CONNECTIONS = env('BENCH_CRAWL_CONNECTIONS', 1);
const POOL_MAX = env('BENCH_POOL_MAX', 10);
/** Requests each side gets per case before its rounds: past Postgres's five custom plans per connection. */
const PRIME = env('BENCH_PRIME', 20 * POOL_MAX);
const LIMIT_EXTRA = env('BENCH_LIMIT_EXTRA', 25);
const PDF_RUNS = env('BENCH_PDF_RUNS', 15);
const PDF_RENDER_WARMUP = env('BENCH_PDF_RENDER_WARMUP', 3);
const PDF_DOCUMENTS = env('BENCH_PDF_DOCUMENTS', 100);
const PDF_WARMUP = env('BENCH_PDF_WARMUP', 6);
const MODES = (flags.modes ?? process.env.BENCH_MODES ?? 'hit,miss,crawl').split(',') as Mode[];
const ONLY = (flags.only ?? []).flatMap((o) => o.split(',')).filter(Boolean);
const API_PORT = 3961;
const BASELINE_PORT = 3962;
const FRESH_API_PORT = 3963;

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = process.env.BENCH_DATABASE ?? 'werkstatt_bench_suite';
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const prepareDatabase = () =>
  prepareBenchDatabase({
    adminUrl,
    benchUrl,
    dbName,
    reseed: flags.reseed,
    migrate: runMigrations,
    isSeeded: async (db) =>
      (await db.query(`select count(*)::int as n from workshops where title = 'Strategiewerkstatt 400'`))
        .rows[0].n === 1,
    seed: async (db) => {
      console.log(`Seeding ${dbName} (1–3 min) …`);
      // One session: the suite's part uses the strategy seed's temp tables.
      await db.query(await readFile(path.join(here, '../strategy/seed.sql'), 'utf8'));
      await db.query(await readFile(path.join(here, 'seed.sql'), 'utf8'));
    },
  });

async function machine(): Promise<string> {
  const db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  const version = (await db.query('show server_version')).rows[0].server_version as string;
  await db.end();
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, Postgres ${version}`;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

/** The space-separated words of a variable (none when unset). */
const words = (name: string) => process.env[name]?.split(' ').filter(Boolean) ?? [];
/** Node options for the API processes of the burst and the loads (BENCH_API_NODE_ARGS, e.g. a CPU profile). */
const apiNodeArgs = words('BENCH_API_NODE_ARGS');
/** Node options for the baseline's process (BENCH_BASELINE_NODE_ARGS): its profile, to compare. */
const baselineNodeArgs = words('BENCH_BASELINE_NODE_ARGS');
/**
 * Extra environment of the API processes only (BENCH_API_ENV="NAME=value …", e.g. another allocator
 * with LD_PRELOAD): the baseline keeps the bench's own, so the two can be compared.
 */
const apiExtraEnv = Object.fromEntries(
  words('BENCH_API_ENV').map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`BENCH_API_ENV: "${pair}" is not NAME=value.`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);

function apiEnv(apiUrl: string, extra: Record<string, string>): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: apiUrl,
    DATABASE_POOL_MAX: String(POOL_MAX),
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    LINK_SECRET: randomBytes(32).toString('base64url'),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64url'),
    APP_URL: 'http://localhost:5173/',
    LOG_LEVEL: 'warn',
    ...(process.env.REDIS_URL
      ? {
          REDIS_URL: process.env.REDIS_URL,
          // Per run: rate-limit counts of an earlier run (same address, same minute) do not carry over.
          REDIS_KEY_PREFIX: `werkstatt-bench-suite-${randomBytes(3).toString('hex')}:`,
        }
      : {}),
    // The default, named: the RSS target is counted beside this budget (report.ts).
    REPRESENTATION_CACHE_MB: String(CACHE_MB),
    ...extra,
    ...apiExtraEnv,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

type Figures = Measured & { pgCpuMsPerRequest: number };

const summarize = (rs: Figures[]) => ({
  reqPerSec: median(rs.map((r) => r.reqPerSec)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  errors: rs.reduce((n, r) => n + r.errors, 0),
  rssMb: Math.max(...rs.map((r) => r.rssMb)),
  cpuMsPerRequest: median(rs.map((r) => r.cpuMsPerRequest)),
  pgCpuMsPerRequest: median(rs.map((r) => r.pgCpuMsPerRequest)),
});

interface Side {
  name: 'API' | 'baseline';
  base: string;
  headers: Record<string, string>;
  pid: number;
}

/** Every path of a case in one mode, in turn; the position carries over from round to round. */
function rotation(paths: string[]) {
  let i = 0;
  return () => paths[i++ % paths.length]!;
}

async function check(side: Side, p: string) {
  const res = await fetch(side.base + p, { headers: side.headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${side.name} GET ${p}: ${res.status} ${body.slice(0, 300)}`);
}

async function loadCase(c: Case, mode: Mode, sides: Side[]): Promise<Row> {
  const paths = mode === 'hit' ? [c.hit] : mode === 'miss' ? c.miss : c.crawl;
  const connections = mode === 'crawl' ? CRAWL_CONNECTIONS : CONNECTIONS;
  // Each side gets its own rotation over the same paths, so both read the same pages.
  const next = sides.map(() => (mode === 'hit' ? undefined : rotation(paths)));
  const url = (i: number) => (mode === 'hit' ? sides[i]!.base + c.hit : sides[i]!.base);
  const results: Figures[][] = sides.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    // API first in odd rounds, baseline first in even ones: neither always reads after the other has
    // warmed Postgres's buffers for the same pages.
    const order = round % 2 === 1 ? [0, 1] : [1, 0];
    for (const i of order) {
      const side = sides[i]!;
      const o = { url: url(i), headers: side.headers, connections, nextPath: next[i] };
      if (round === 1 && WARM_UP > 0) await warmUp({ ...o, duration: WARM_UP });
      const pgBefore = await backendCpu(benchUrl, dbName);
      const m = await measure({ ...o, duration: DURATION, pid: side.pid });
      const pgMs = backendCpuBetween(pgBefore, await backendCpu(benchUrl, dbName));
      const f = { ...m, pgCpuMsPerRequest: Math.round((pgMs / m.requests) * 100) / 100 };
      results[i]!.push(f);
      console.log(
        `  ${c.id} ${mode} round ${round} ${side.name}: ${f.reqPerSec} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, CPU ms/req ${f.cpuMsPerRequest} server + ${f.pgCpuMsPerRequest} Postgres, ${f.errors} errors`,
      );
    }
  }
  const [api, bare] = results.map(summarize) as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
  return {
    case: c.label,
    id: c.id,
    mode,
    cached: c.cached,
    api,
    baseline: bare,
    roundRatios: results[0]!.map((r, i) => r.reqPerSec / results[1]![i]!.reqPerSec),
    crawlPaths: mode === 'crawl' ? paths.length : undefined,
  };
}

async function main() {
  const started = Date.now();
  const loadBefore = load();
  const machineLine = await machine();
  console.log(`Machine: ${machineLine}; load average ${loadBefore}.`);
  await prepareDatabase();
  const f = await fixture(benchUrl);
  console.log(
    `Data: ${f.counts.municipalities} municipalities, ${f.counts.measures} measures, ${f.counts.workshops} workshops, ${f.counts.feedMeasures} changes in the measures feed.`,
  );
  const cases = ONLY.length === 0 ? f.cases : f.cases.filter((c) => ONLY.includes(c.id));
  if (ONLY.length > 0 && cases.length === 0) {
    throw new Error(`--only matches no case; the cases: ${f.cases.map((c) => c.id).join(', ')}.`);
  }
  // Production refuses a superuser login: the API logs in as a role that may only switch to werkstatt_app.
  const apiUrl = await productionLoginUrl(benchUrl);
  if (!flags['no-build']) {
    // The API as production runs it, and the baseline imports its data functions from the same build.
    execFileSync('pnpm', ['turbo', 'run', 'build', '--filter=@werkstatt/api', '--output-logs=errors-only'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }

  // 1. The registration burst, its first run right after an API start (nothing warmed up), with the
  //    limits out of the way as for the loads; then, on another fresh API with the default rate
  //    limits, the limits themselves.
  let registrationLines: string[] = [];
  let registrationMs: number | undefined;
  let limits: LimitCheck[] = [];
  if (!flags['no-extras']) {
    console.log('\nThe registration burst, right after an API start:');
    const fresh = await start(
      [...apiNodeArgs, 'apps/api/dist/server.js'],
      apiEnv(apiUrl, { RATE_LIMIT_PER_MINUTE: '1000000' }),
      FRESH_API_PORT,
    );
    try {
      const r = await runScript('registrations/run.ts', [], {
        BENCH_API_URL: `http://127.0.0.1:${FRESH_API_PORT}`,
        DATABASE_URL: benchUrl,
      });
      registrationLines = figureLines(r.output, [
        'burst',
        'whole burst',
        'throughput',
        'client CPU',
        'latency',
        'errors',
        'confirmed',
        'waitlisted',
        'rows written',
      ]);
      const ms = /whole burst\s+(\d+) ms/.exec(r.output)?.[1];
      registrationMs = ms === undefined ? undefined : Number(ms);
      if (r.code !== 0) registrationLines.push(`(exited with ${r.code})`);
    } finally {
      await stop(fresh);
    }
    console.log('\nA fresh API with the default rate limits:');
    const defaults = await start(['apps/api/dist/server.js'], apiEnv(apiUrl, {}), FRESH_API_PORT);
    try {
      limits = await checkRateLimits(`http://127.0.0.1:${FRESH_API_PORT}`, benchUrl, LIMIT_EXTRA);
      for (const l of limits) {
        console.log(
          `${l.name}: limit ${l.limit}, sent ${l.sent}: ${l.ok}× 200, ${l.limited}× 429, ${l.other} other; RateLimit headers ${l.headers ? 'present' : 'MISSING'} → ${l.passed ? 'as expected' : 'NOT as expected'}`,
        );
      }
    } finally {
      await stop(defaults);
    }
  }

  // 2. The read loads: the API as deployed (representation cache on) and the baseline, side by side.
  const api = await start(
    [...apiNodeArgs, 'apps/api/dist/server.js'],
    // The loads' key has no limit of its own, so RATE_LIMIT_PER_MINUTE applies to it: its maximum
    // (1,000,000 a minute) is far above what two cores serve; the limiter still counts every request.
    apiEnv(apiUrl, { RATE_LIMIT_PER_MINUTE: '1000000' }),
    API_PORT,
  );
  const rows: Row[] = [];
  try {
    const baseline = await start(
      [...baselineNodeArgs, '--import', import.meta.resolve('tsx'), 'bench/suite/baseline.ts'],
      { DATABASE_URL: benchUrl, BENCH_POOL_MAX: String(POOL_MAX) },
      BASELINE_PORT,
    );
    try {
      const sides: Side[] = [
        {
          name: 'API',
          base: `http://127.0.0.1:${API_PORT}`,
          headers: { authorization: `Bearer ${f.key}` },
          pid: api.pid!,
        },
        { name: 'baseline', base: `http://127.0.0.1:${BASELINE_PORT}`, headers: {}, pid: baseline.pid! },
      ];
      // Every route of both processes is checked and run for a while before the first figure is
      // taken: the API's code path (Fastify, its plugins, drizzle, pg) is far longer than the
      // baseline's and would otherwise still be compiled by V8 during the first case measured.
      for (const c of cases) {
        for (const side of sides) {
          for (const p of [c.hit, c.miss[0]!, c.crawl[0]!]) await check(side, p);
          const o = { url: side.base + c.hit, headers: side.headers, connections: CONNECTIONS };
          if (START_WARM_UP > 0) await warmUp({ ...o, duration: START_WARM_UP });
          await warmUp({ ...o, amount: PRIME });
        }
      }
      for (const c of cases) {
        for (const mode of MODES) {
          console.log(`${c.label}, ${mode}:`);
          rows.push(await loadCase(c, mode, sides));
        }
      }
    } finally {
      await stop(baseline);
    }
  } finally {
    await stop(api);
  }

  // 3. The PDF benches, after the loads (they would compete for the same two cores).
  let pdfRenderLines: string[] = [];
  let pdfWorkerLines: string[] = [];
  if (!flags['no-extras'] && !flags['no-pdf']) {
    console.log('\nPDF render:');
    const render = await runScript(
      'pdf/render.ts',
      ['--runs', String(PDF_RUNS), '--warmup', String(PDF_RENDER_WARMUP)],
      {},
    );
    pdfRenderLines = figureLines(render.output, [
      'strategy PDF',
      'render time',
      'CPU time',
      'document',
      'peak RSS',
      'target',
    ]);
    if (render.code !== 0) pdfRenderLines.push(`(exited with ${render.code})`);
    console.log('\nPDF worker:');
    const worker = await runScript(
      'pdf/worker.ts',
      ['--documents', String(PDF_DOCUMENTS), '--warmup', String(PDF_WARMUP)],
      {
        DATABASE_URL: adminUrl,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      },
    );
    pdfWorkerLines = figureLines(worker.output, [
      'worker',
      'document',
      'throughput',
      'render time',
      'targets',
    ]);
    if (worker.code !== 0) pdfWorkerLines.push(`(exited with ${worker.code})`);
  }

  const summary = {
    when: new Date().toISOString(),
    machine: machineLine,
    loadBefore,
    loadAfter: load(),
    minutes: (Date.now() - started) / 60_000,
    settings: `${ROUNDS} interleaved rounds of ${DURATION} s per side (after ${START_WARM_UP} s per route and side when the processes start, and a ${WARM_UP} s warm-up), ${CONNECTIONS} connections (crawl ${CRAWL_CONNECTIONS}), pool ${POOL_MAX}, autocannon 8.0.0 on the same machine`,
    rows,
    registration: { lines: registrationLines, ms: registrationMs },
    limits,
    pdfRender: pdfRenderLines,
    pdfWorker: pdfWorkerLines,
  };
  printSummary(summary);
  const file = path.join(here, 'last-run.md');
  await writeFile(file, markdown(summary));
  console.log(`\nWritten to ${path.relative(repoRoot, file)}.`);
  const failedScripts = [registrationLines, pdfRenderLines, pdfWorkerLines].some((lines) =>
    lines.some((l) => l.startsWith('(exited with')),
  );
  if (
    rows.some((r) => r.api.errors > 0 || r.baseline.errors > 0) ||
    limits.some((l) => !l.passed) ||
    failedScripts
  ) {
    process.exitCode = 1;
  }
}

await main();
