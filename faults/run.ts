// Fault run: the built API and worker in production mode against their own Postgres and Redis, under
// load through the HTTP API, while the worker is killed, Redis goes down, Postgres restarts and both
// processes get SIGTERM. Exits 1 on any miss. See README.md.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, createPool, runMigrations, seedDemoData } from '@werkstatt/db';
import { productionLoginUrl } from '@werkstatt/db/testing';
import pg from 'pg';
import { errorLines, repoRoot, startApp, stopApp, waitReady } from './lib/apps.js';
import { type Fault, faults, type Rig } from './lib/faults.js';
import { Load } from './lib/load.js';
import { mailFiles } from './lib/mail.js';
import { freePort, type Postgres, type RedisServer, startPostgres, startRedis } from './lib/services.js';

const setting = (name: string, fallback: number, min: number, max: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be ${min}–${max}.`);
  return value;
};
const CLIENTS = setting('FAULTS_CLIENTS', 2, 1, 32);
const PACE_MS = setting('FAULTS_PACE_MS', 250, 0, 10_000);
const PHASE_MS = setting('FAULTS_PHASE_S', 8, 1, 120) * 1000;
const REDIS_DOWN_MS = setting('FAULTS_REDIS_DOWN_S', 10, 1, 120) * 1000;
const DRAIN_MS = setting('FAULTS_DRAIN_S', 120, 10, 600) * 1000;
const keep = process.env.FAULTS_KEEP === '1';
const LOGIN_ROLE = 'werkstatt_faults_login';

async function assertBuilt() {
  for (const file of ['apps/api/dist/server.js', 'apps/worker/dist/main.js']) {
    await access(path.join(repoRoot, file)).catch(() => {
      throw new Error(`${file} is missing: run \`pnpm build\` first.`);
    });
  }
}

/** Creates database `werkstatt`, migrates it, seeds the demo data; returns the administrator's municipality. */
async function prepareDatabase(postgres: Postgres): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.adminUrl.replace(/\/werkstatt$/, '/postgres') });
  await admin.connect();
  await admin.query('create database werkstatt');
  await admin.end();
  await runMigrations(postgres.adminUrl);
  const pool = createPool({ connectionString: postgres.adminUrl, max: 1 });
  try {
    await seedDemoData(createDatabase(pool));
    const { rows } = await pool.query<{ id: string }>(
      `select id from municipalities where slug = 'vg-wonnegau'`,
    );
    return rows[0]!.id;
  } finally {
    await pool.end();
  }
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@wonnegau.example', password: 'Werkstatt-Demo-2026' }),
  });
  if (!res.ok) throw new Error(`Login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Waits until every document is ready, every mail written and the outbox empty, or the timeout. */
async function drain(rig: Rig, mailDir: string) {
  const deadline = Date.now() + DRAIN_MS;
  const ids = [...rig.load.documents];
  for (;;) {
    const { rows } = await rig.db.query<{ ready: number; pending: number }>(
      `select (select count(*)::int from documents where id = any($1::uuid[]) and status = 'ready') as ready,
              (select count(*)::int from outbox where dispatched_at is null) as pending`,
      [ids],
    );
    const mails = (await mailFiles(mailDir)).length;
    if (
      (rows[0]!.ready === ids.length && rows[0]!.pending === 0 && mails >= rig.load.mailTo.size) ||
      Date.now() > deadline
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Check {
  check: string;
  expected: string | number;
  actual: string | number;
  ok: boolean;
}

/** The end-state checks: documents, mails, outbox. */
async function finalChecks(rig: Rig, mailDir: string): Promise<Check[]> {
  const ids = [...rig.load.documents];
  const { rows } = await rig.db.query<Record<string, number>>(
    `select (select count(*)::int from documents) as documents,
            (select count(*)::int from documents where id = any($1::uuid[]) and status = 'ready') as ready,
            (select count(*)::int from documents where status <> 'ready') as not_ready,
            (select count(*)::int from document_contents where document_id = any($1::uuid[])) as contents,
            (select count(*)::int from outbox where dispatched_at is null) as undispatched`,
    [ids],
  );
  const r = rows[0]!;
  const killed = await rig.db.query<{ ready: number; s: number | null }>(
    `select count(*)::int as ready, extract(epoch from max(updated_at) - $2::timestamptz)::float8 as s
     from documents where id = any($1::uuid[]) and status = 'ready'`,
    [[...rig.killed], rig.killedAt ?? new Date()],
  );
  console.log(
    `\nRenders the killed worker held: ${killed.rows[0]!.ready} of ${rig.killed.size} ready, the last ` +
      `${killed.rows[0]!.s?.toFixed(1) ?? '-'} s after the kill (lock expiry + stalled-job check).`,
  );
  const files = await mailFiles(mailDir);
  const perAddress = new Map<string, number>();
  for (const f of files) for (const to of f.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  const intended = [...rig.load.mailTo];
  const missing = intended.filter((a) => !perAddress.has(a)).length;
  const repeated = intended.filter((a) => (perAddress.get(a) ?? 0) > 1).length;
  const distinctIds = new Set(files.map((f) => f.messageId)).size;
  const checks: Check[] = [
    { check: 'documents ready (each requested once)', expected: ids.length, actual: r.ready!, ok: false },
    { check: 'documents in the database', expected: ids.length, actual: r.documents!, ok: false },
    { check: 'documents not ready', expected: 0, actual: r.not_ready!, ok: false },
    { check: 'stored contents (one row each)', expected: ids.length, actual: r.contents!, ok: false },
    { check: 'mail files', expected: intended.length, actual: files.length, ok: false },
    { check: 'distinct mail ids (Message-ID)', expected: files.length, actual: distinctIds, ok: false },
    { check: 'intended mails missing', expected: 0, actual: missing, ok: false },
    { check: 'intended mails sent more than once', expected: 0, actual: repeated, ok: false },
    {
      check: 'renders of the killed worker ready',
      expected: rig.killed.size,
      actual: killed.rows[0]!.ready,
      ok: false,
    },
    { check: 'outbox rows undispatched', expected: 0, actual: r.undispatched!, ok: false },
    { check: 'operations given up by the load', expected: 0, actual: rig.load.failures.length, ok: false },
  ];
  for (const c of checks) c.ok = c.expected === c.actual;
  return checks;
}

function printFaults(results: Awaited<ReturnType<Fault['run']>>[], load: Load) {
  console.log('\nFaults (requests: attempts through the API; retried: failed attempts tried again):');
  console.table(
    ['warm-up', ...results.map((f) => f.fault)].map((fault) => {
      const s = load.stats(fault);
      const f = results.find((r) => r.fault === fault);
      return {
        fault,
        s: f ? (f.ms / 1000).toFixed(1) : '',
        'docs req.': s.documents,
        'mails req.': s.mails,
        requests: s.requests,
        retried: s.retried,
        'gave up': s.gaveUp,
        result: f ? (f.misses.length ? 'MISS' : 'ok') : '',
      };
    }),
  );
  for (const f of results) {
    const figures = Object.entries(f.figures)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(`  ${f.fault}: ${figures}`);
    const errors = [...load.stats(f.fault).errors].map(([k, n]) => `${k} ×${n}`).join('; ');
    if (errors) console.log(`    request errors (retried): ${errors}`);
  }
}

async function main() {
  const started = Date.now();
  await assertBuilt();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'werkstatt-faults-'));
  const mailDir = path.join(dir, 'mail');
  const cleanup: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    cleanup.length = 0;
    if (keep) console.log(`Kept ${dir} (FAULTS_KEEP=1).`);
    else await rm(dir, { recursive: true, force: true });
  };
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: cleaning up.`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rig = { killed: new Set<string>() } as Rig;
  try {
    const postgres = await startPostgres(dir);
    cleanup.push(() => postgres.stop());
    const redis: RedisServer = await startRedis(dir);
    cleanup.push(() => redis.stop());
    const municipalityId = await prepareDatabase(postgres);
    const loginUrl = await productionLoginUrl(postgres.adminUrl, LOGIN_ROLE);
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const shared = {
      NODE_ENV: 'production',
      DATABASE_URL: loginUrl,
      REDIS_URL: redis.url,
      APP_URL: 'http://localhost:5173/',
      LINK_SECRET: randomBytes(32).toString('base64url'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64url'),
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
    };
    const jwtKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const apiEnv = {
      ...shared,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      PUBLIC_URL: apiUrl,
      JWT_PRIVATE_KEY: jwtKey,
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const workerEnv = {
      ...shared,
      MAIL_TRANSPORT: 'file',
      MAIL_OUTBOX_DIR: mailDir,
      MAIL_FROM: 'Werkstatt Störfall <stoerfall@werkstatt.localhost>',
      OUTBOX_POLL_MS: '200',
      // BullMQ's lock and stalled-job check as in production unless set: a killed worker's jobs run
      // again once their lock expired (JOB_LOCK_MS), found by the check (STALLED_CHECK_MS).
      ...(process.env.JOB_LOCK_MS ? { JOB_LOCK_MS: process.env.JOB_LOCK_MS } : {}),
      ...(process.env.STALLED_CHECK_MS ? { STALLED_CHECK_MS: process.env.STALLED_CHECK_MS } : {}),
    };
    let generation = 0;
    rig.startApi = () =>
      startApp('api', ['apps/api/dist/server.js'], apiEnv, path.join(dir, `api-${++generation}.log`));
    rig.startWorker = () =>
      startApp(
        'worker',
        ['--max-old-space-size=160', 'apps/worker/dist/main.js'],
        workerEnv,
        path.join(dir, `worker-${++generation}.log`),
      );
    rig.apiUrl = apiUrl;
    rig.postgres = postgres;
    rig.redis = redis;
    rig.api = rig.startApi();
    cleanup.push(() => stopApp(rig.api));
    rig.worker = rig.startWorker();
    cleanup.push(() => stopApp(rig.worker));
    await waitReady(apiUrl, rig.api, 30_000);
    rig.db = new pg.Pool({ connectionString: postgres.adminUrl, max: 2 });
    rig.db.on('error', () => {});
    cleanup.push(() => rig.db.end());
    rig.load = new Load(apiUrl, await login(apiUrl), municipalityId, {
      clients: CLIENTS,
      paceMs: PACE_MS,
      operationTimeoutMs: 60_000,
      runId: randomBytes(3).toString('hex'),
    });
    console.log(
      `Postgres :${postgres.port}, Redis :${redis.port} (appendonly), API :${apiPort}; ${CLIENTS} clients, ` +
        `phases ${PHASE_MS / 1000} s, Redis down ${REDIS_DOWN_MS / 1000} s. Logs in ${dir}.`,
    );
    rig.load.setPhase('warm-up');
    rig.load.start();
    cleanup.push(() => rig.load.stop());
    await new Promise((r) => setTimeout(r, PHASE_MS));

    const results = [];
    for (const fault of faults) {
      rig.load.setPhase(fault.name);
      console.log(`→ ${fault.name}`);
      results.push(await fault.run(rig, { phaseMs: PHASE_MS, redisDownMs: REDIS_DOWN_MS }));
    }
    rig.load.setPhase('drain');
    await rig.load.stop();
    await drain(rig, mailDir);
    const checks = await finalChecks(rig, mailDir);
    // The processes must still be the ones started after the last fault, and ready.
    const aliveAtEnd = rig.api.alive() && rig.worker.alive();

    printFaults(results, rig.load);
    console.log('\nEnd state:');
    console.table(checks);
    const misses = [
      ...results.flatMap((f) => f.misses.map((m) => `${f.fault}: ${m}`)),
      ...checks.filter((c) => !c.ok).map((c) => `${c.check}: expected ${c.expected}, got ${c.actual}`),
      ...(aliveAtEnd ? [] : ['the API or the worker was not running at the end']),
      ...rig.load.failures.slice(0, 10),
    ];
    console.log(`\nTotal time ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (errorLines.length) {
      console.log(`\nError log lines of the API and the worker (${errorLines.length}, first 20):`);
      for (const e of errorLines.slice(0, 20)) console.log(`  ${e.name} ${e.line.slice(0, 400)}`);
    }
    if (misses.length) {
      console.log(`\nFAILED: ${misses.length} miss(es):`);
      for (const m of misses) console.log(`  - ${m}`);
      process.exitCode = 1;
    } else {
      console.log('\nAll faults passed: every document and mail exactly once, nothing left in the outbox.');
    }
  } catch (err) {
    if (interrupted) return;
    console.error('\nFAILED:', err instanceof Error ? err.message : err);
    if (errorLines.length) {
      console.error('Error log lines of the API and the worker (first 20):');
      for (const e of errorLines.slice(0, 20)) console.error(`  ${e.name} ${e.line.slice(0, 400)}`);
    }
    process.exitCode = 1;
  } finally {
    if (!interrupted) await cleanUp();
  }
}

await main();
