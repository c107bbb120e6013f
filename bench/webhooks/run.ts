// Webhook fan-out benchmark: 100 events to 100 subscriptions (10,000 deliveries) through the built
// worker (outbox relay, fan-out, signed POSTs) to a receiver in this process; then the same again
// with the worker killed (SIGKILL) halfway and started again, counting lost and repeated deliveries.
// Local only. See README.md.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createDatabase,
  createPool,
  type Database,
  municipalities,
  runMigrations,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { productionLoginUrl } from '@werkstatt/db/testing';
import { enqueue } from '@werkstatt/jobs';
import { encryptSecret, generateWebhookSecret } from '@werkstatt/webhooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { repoRoot } from '../lib/process.js';
import { type CpuParts, cpuTime, startCpuProbe } from './cpu.js';
import { type Receiver, startReceiver } from './receiver.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dbName = process.env.BENCH_DATABASE ?? 'werkstatt_bench_webhooks';
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const setting = (name: string, fallback: number, min: number, max: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be ${min}–${max}.`);
  return value;
};
const EVENTS = setting('BENCH_EVENTS', 100, 1, 10_000);
const SUBSCRIPTIONS = setting('BENCH_SUBSCRIPTIONS', 100, 1, 1000);
const WARM_UP_EVENTS = setting('BENCH_WARM_UP_EVENTS', 3, 0, 1000);
// 0: every event in one transaction at once (a burst); otherwise events per second, one transaction each.
const EVENT_RATE = setting('BENCH_EVENT_RATE', 0, 0, 10_000);
const SIGNATURE_SAMPLE_EVERY = setting('BENCH_SIGNATURE_SAMPLE_EVERY', 50, 1, 100_000);
const TIMEOUT_MS = setting('BENCH_TIMEOUT_S', 600, 1, 3600) * 1000;
const TARGET_PER_SECOND = 500;
const crashRun = !process.argv.includes('--no-crash');
const build = !process.argv.includes('--no-build');
const secretKey = randomBytes(32).toString('base64url');
// Worker settings the bench sets unless the environment does (to try other values).
const tuning = {
  OUTBOX_POLL_MS: process.env.OUTBOX_POLL_MS ?? '20',
  OUTBOX_BATCH_SIZE: process.env.OUTBOX_BATCH_SIZE ?? '100',
  WEBHOOK_CONCURRENCY: process.env.WEBHOOK_CONCURRENCY ?? '16',
  WEBHOOK_BATCH_SIZE: process.env.WEBHOOK_BATCH_SIZE ?? '20',
  DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '5',
  JOB_LOCK_MS: process.env.JOB_LOCK_MS ?? '30000',
  STALLED_CHECK_MS: process.env.STALLED_CHECK_MS ?? '30000',
};

async function prepareDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(dbName)}`);
  } finally {
    await admin.end();
  }
  await runMigrations(benchUrl);
}

/** One municipality and its subscriptions, each to its own path of the receiver; path → secret. */
async function seed(db: Database, receiver: Receiver) {
  const [municipality] = await db
    .insert(municipalities)
    .values({
      name: 'Verbandsgemeinde Südpfalz-Bench',
      slug: 'vg-bench-webhooks',
      kind: 'verbandsgemeinde',
      stateCode: 'RP',
    })
    .returning({ id: municipalities.id });
  const secrets = new Map<string, string>();
  const rows = Array.from({ length: SUBSCRIPTIONS }, (_, i) => {
    const secret = generateWebhookSecret();
    secrets.set(`/s/${i + 1}`, secret);
    return {
      municipalityId: municipality!.id,
      url: `${receiver.origin}/s/${i + 1}`,
      description: `Beteiligungsportal ${i + 1}`,
      events: ['measure.created' as const, 'measure.updated' as const],
      secretCiphertext: encryptSecret(secret, secretKey),
    };
  });
  await db.insert(webhookSubscriptions).values(rows);
  return { municipalityId: municipality!.id, secrets };
}

/** A measure as the API's GET returns it, about 700 bytes: the `data` of a measure.updated event. */
function measureData(municipalityId: string, n: number) {
  return {
    id: randomUUID(),
    municipalityId,
    actionFieldId: randomUUID(),
    title: `Maßnahme ${n}: Digitale Bürgerdienste im Rathaus ausbauen`,
    description:
      'Die Verbandsgemeinde bietet bis Ende 2027 alle häufig genutzten Verwaltungsleistungen online an, mit Terminbuchung, Bezahlung und Statusabfrage.',
    status: 'in_progress',
    priority: 'high',
    lead: 'Hauptamt, Stabsstelle Digitalisierung',
    startsOn: '2026-03-01',
    endsOn: '2027-12-31',
    budgetCents: 4_500_000,
    visibility: 'public',
    revision: n,
    updatedAt: new Date().toISOString(),
  };
}

/**
 * Writes events as the API does (recordWebhookEvent): a webhook_events row and its 'webhook.fanout'
 * outbox row, scoped to the municipality, committed together (here as the database owner). At
 * BENCH_EVENT_RATE 0 all in one transaction, as a bulk change would.
 */
async function writeEvents(db: Database, municipalityId: string, count: number, rate: number) {
  const writeBatch = (from: number, n: number) =>
    db.transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = from; i < from + n; i++) {
        const occurredAt = new Date();
        const payload = {
          type: 'measure.updated',
          timestamp: occurredAt.toISOString(),
          data: measureData(municipalityId, i),
        };
        const [event] = await tx
          .insert(webhookEvents)
          .values({ type: 'measure.updated', municipalityIds: [municipalityId], payload, occurredAt })
          .returning({ id: webhookEvents.id });
        await enqueue(tx, {
          queue: 'webhooks',
          name: 'webhook.fanout',
          payload: { eventId: event!.id, municipalityId },
        });
        ids.push(event!.id);
      }
      return ids;
    });
  if (rate === 0) return writeBatch(0, count);
  const ids: string[] = [];
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    ids.push(...(await writeBatch(i, 1)));
    await sleep(Math.max(0, started + ((i + 1) * 1000) / rate - Date.now()));
  }
  return ids;
}

interface Worker {
  child: ChildProcess;
  exited: Promise<void>;
}

function startWorker(env: Record<string, string>): Worker {
  // As `pnpm --filter @werkstatt/worker start`; its own process group, so a kill reaches all of it.
  const nodeOptions = (process.env.BENCH_WORKER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--max-old-space-size=160', ...nodeOptions, 'dist/main.js'], {
    cwd: path.join(repoRoot, 'apps/worker'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

async function stopWorker(worker: Worker) {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await worker.exited;
}

async function memoryMb(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Math.round(Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { peak: field('VmHWM') };
}

/** Waits until every delivery of the events succeeded; fails on a failed one, a dead worker or the timeout. */
async function waitSucceeded(pool: pg.Pool, eventIds: string[], isAlive: () => boolean) {
  const expected = eventIds.length * SUBSCRIPTIONS;
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const { rows } = await pool.query<{ succeeded: number; failed: number }>(
      `select count(*) filter (where status = 'succeeded')::int as succeeded,
              count(*) filter (where status = 'failed')::int as failed
       from webhook_deliveries where event_id = any($1::uuid[])`,
      [eventIds],
    );
    const { succeeded, failed } = rows[0]!;
    if (succeeded === expected) return Date.now();
    if (failed > 0) throw new Error(`${failed} deliveries failed`);
    if (!isAlive()) throw new Error('The worker exited');
    if (Date.now() > deadline) throw new Error(`Timed out: ${succeeded} of ${expected} deliveries succeeded`);
    await sleep(100);
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

interface Figures {
  run: string;
  deliveries: number;
  received: number;
  lost: number;
  duplicates: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  attempts: number;
  cpuMsPerDelivery: number;
  rssPeakMb: number;
  signatures: { checked: number; bad: number };
}

/** What the receiver saw for the events, against the deliveries the database holds for them. */
async function figures(
  run: string,
  { pool, receiver, secrets }: Bench,
  eventIds: string[],
  cpu: number,
  rssPeakMb: number,
): Promise<Figures> {
  const { rows } = await pool.query<{ id: string; occurred: string; attempts: number }>(
    `select d.id, (extract(epoch from e.occurred_at) * 1000)::float8 as occurred, d.attempts
     from webhook_deliveries d join webhook_events e on e.id = d.event_id
     where d.event_id = any($1::uuid[])`,
    [eventIds],
  );
  const latencies: number[] = [];
  let lost = 0;
  let attempts = 0;
  for (const row of rows) {
    attempts += row.attempts;
    const seen = receiver.firstSeen.get(row.id);
    if (seen === undefined) lost += 1;
    else latencies.push(seen - Number(row.occurred));
  }
  lost += eventIds.length * SUBSCRIPTIONS - rows.length;
  latencies.sort((a, b) => a - b);
  const times = [...receiver.firstSeen.values()];
  const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
  let bad = 0;
  for (const sample of receiver.samples) {
    try {
      new Webhook(secrets.get(sample.path) ?? '').verify(sample.body, sample.headers);
    } catch {
      bad += 1;
    }
  }
  const distinct = receiver.firstSeen.size;
  return {
    run,
    deliveries: rows.length,
    received: receiver.received(),
    lost,
    duplicates: receiver.received() - distinct,
    seconds,
    perSecond: Math.round(distinct / seconds),
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    max: Math.round(latencies.at(-1) ?? Number.NaN),
    attempts,
    cpuMsPerDelivery: Math.round((cpu / Math.max(1, distinct)) * 100) / 100,
    rssPeakMb,
    signatures: { checked: receiver.samples.length, bad: bad + receiver.malformed() },
  };
}

/** What the runs share: the bench database, the receiver, the subscriptions and the worker's settings. */
interface Bench {
  pool: pg.Pool;
  db: Database;
  redis: Redis;
  receiver: Receiver;
  municipalityId: string;
  secrets: Map<string, string>;
  workerEnv(queuePrefix: string): Record<string, string>;
  /** The worker running now, if any (stopped at the end whatever happens). */
  worker?: Worker;
  prefixes: string[];
}

const LOGIN_ROLE = 'werkstatt_bench_webhooks_login';
const alive = (worker: Worker | undefined) =>
  worker !== undefined && worker.child.exitCode === null && worker.child.signalCode === null;

/** A worker on a new queue prefix, warmed up (JIT, connections) on a few events of its own. */
async function warmWorker(bench: Bench): Promise<{ worker: Worker; prefix: string }> {
  const prefix = `werkstatt-bench-webhooks-${randomBytes(4).toString('hex')}`;
  bench.prefixes.push(prefix);
  const worker = startWorker(bench.workerEnv(prefix));
  bench.worker = worker;
  if (WARM_UP_EVENTS > 0) {
    const warmUp = await writeEvents(bench.db, bench.municipalityId, WARM_UP_EVENTS, 0);
    await waitSucceeded(bench.pool, warmUp, () => alive(worker));
  }
  bench.receiver.reset();
  return { worker, prefix };
}

/** All events through one worker; with the CPU time of each part of the pipeline. */
async function runStraight(bench: Bench) {
  const { worker } = await warmWorker(bench);
  const pid = worker.child.pid!;
  const probe = await startCpuProbe(bench.pool, bench.redis, dbName, LOGIN_ROLE, pid);
  const eventIds = await writeEvents(bench.db, bench.municipalityId, EVENTS, EVENT_RATE);
  await waitSucceeded(bench.pool, eventIds, () => alive(worker));
  const cpu = await probe.read(pid);
  const { peak } = await memoryMb(pid);
  const result = await figures('straight', bench, eventIds, cpu.worker.user + cpu.worker.system, peak);
  await stopWorker(worker);
  return { result, cpu };
}

/** The worker killed with SIGKILL once half the deliveries arrived, and started again at once. */
async function runCrash(bench: Bench) {
  const { worker: first, prefix } = await warmWorker(bench);
  const firstPid = first.child.pid!;
  const cpuBefore = await cpuTime(firstPid);
  let cpuFirst = 0;
  let killedAt = 0;
  bench.receiver.onDistinct(Math.ceil((EVENTS * SUBSCRIPTIONS) / 2), () => {
    killedAt = Date.now();
    // The whole process group: the worker and anything it may have spawned.
    process.kill(-firstPid, 'SIGKILL');
  });
  // The first worker's CPU time until the kill, read often (after it, the process is gone).
  const cpuWatch = setInterval(() => {
    void cpuTime(firstPid).then((t) => {
      if (t.user > 0) cpuFirst = t.user + t.system - cpuBefore.user - cpuBefore.system;
    });
  }, 50);
  // Not awaited: at a paced BENCH_EVENT_RATE the writing goes on across the kill and the restart.
  const writing = writeEvents(bench.db, bench.municipalityId, EVENTS, EVENT_RATE);
  const deadline = Date.now() + TIMEOUT_MS;
  while (killedAt === 0) {
    if (!alive(first)) throw new Error('The worker exited before the kill');
    if (Date.now() > deadline) throw new Error('Timed out before half the deliveries arrived');
    await sleep(20);
  }
  clearInterval(cpuWatch);
  const atKill = bench.receiver.firstSeen.size;
  await first.exited;
  const restartedAt = Date.now();
  const second = startWorker(bench.workerEnv(prefix));
  bench.worker = second;
  const eventIds = await writing;
  const doneAt = await waitSucceeded(bench.pool, eventIds, () => alive(second));
  const secondCpu = await cpuTime(second.child.pid!);
  const { peak } = await memoryMb(second.child.pid!);
  const afterRestart = [...bench.receiver.firstSeen.values()].filter((t) => t >= restartedAt);
  // Repeats that come after all succeeded (a stalled job run again) count too.
  await sleep(1000);
  const cpu = cpuFirst + secondCpu.user + secondCpu.system;
  const result = await figures('kill -9 at half', bench, eventIds, cpu, peak);
  await stopWorker(second);
  return {
    result,
    atKill,
    killToRestartMs: restartedAt - killedAt,
    restartToFirstMs: afterRestart.length ? Math.min(...afterRestart) - restartedAt : Number.NaN,
    recoverMs: doneAt - killedAt,
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function printCpu(cpu: CpuParts, deliveries: number) {
  const perDelivery = (ms: number) => Math.round((ms / deliveries) * 100) / 100;
  const rows = Object.entries(cpu).map(([part, t]) => ({
    part,
    'user ms/delivery': perDelivery(t.user),
    'system ms/delivery': perDelivery(t.system),
    'total ms/delivery': perDelivery(t.user + t.system),
  }));
  const total = rows.reduce((sum, r) => sum + r['total ms/delivery'], 0);
  console.log('\nCPU time per delivery (straight run), by part of the pipeline:');
  console.table(rows);
  console.log(
    `Sum ${total.toFixed(2)} ms/delivery: at most ${Math.round((os.cpus().length * 1000) / total)} deliveries/s on ${os.cpus().length} cores with nothing else running; the worker alone (one thread) at most ${Math.round(1000 / rows[0]!['total ms/delivery'])}/s.`,
  );
}

async function main() {
  console.log(
    `Machine: ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, load ${loadAverage()}`,
  );
  if (build) {
    execFileSync(
      'pnpm',
      ['turbo', 'run', 'build', '--filter=@werkstatt/worker', '--output-logs=errors-only'],
      {
        cwd: repoRoot,
        stdio: 'inherit',
      },
    );
  }
  await prepareDatabase();
  const pool = createPool({ connectionString: benchUrl, max: 2 });
  const receiver = await startReceiver(SIGNATURE_SAMPLE_EVERY);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const db = createDatabase(pool);
  // The file mail transport's directory (no mail is expected: no subscription fails).
  const mailDir = await mkdtemp(path.join(os.tmpdir(), 'werkstatt-bench-webhooks-'));
  const bench: Bench = {
    pool,
    db,
    redis,
    receiver,
    municipalityId: '',
    secrets: new Map(),
    prefixes: [],
    workerEnv: () => ({}),
  };
  try {
    Object.assign(bench, await seed(db, receiver));
    // Production refuses a superuser login; a role of its own, so other benches' roles stay untouched.
    const loginUrl = await productionLoginUrl(benchUrl, LOGIN_ROLE);
    bench.workerEnv = (queuePrefix) => ({
      NODE_ENV: 'production',
      DATABASE_URL: loginUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      APP_URL: 'http://localhost:5173/',
      MAIL_FROM: 'Bench <bench@werkstatt.localhost>',
      MAIL_TRANSPORT: 'file',
      MAIL_OUTBOX_DIR: mailDir,
      LINK_SECRET: randomBytes(32).toString('base64url'),
      WEBHOOK_SECRET_KEY: secretKey,
      WEBHOOK_ALLOWED_TARGETS: receiver.origin,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...tuning,
    });
    console.log(
      `${EVENTS} events × ${SUBSCRIPTIONS} subscriptions = ${EVENTS * SUBSCRIPTIONS} deliveries, ` +
        `${EVENT_RATE ? `${EVENT_RATE} events/s` : 'all events in one transaction'}, ` +
        Object.entries(tuning)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
    );

    const straight = await runStraight(bench);
    const crash = crashRun ? await runCrash(bench) : undefined;
    const results = [straight.result, ...(crash ? [crash.result] : [])];

    console.log(`\nLoad average at the end: ${loadAverage()}\n`);
    console.table(
      results.map((r) => ({
        run: r.run,
        deliveries: r.deliveries,
        'deliveries/s': r.perSecond,
        'first→last s': r.seconds.toFixed(1),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'max ms': r.max,
        lost: r.lost,
        duplicates: r.duplicates,
        attempts: r.attempts,
        'worker CPU ms/delivery': r.cpuMsPerDelivery,
        'worker RSS peak MB': r.rssPeakMb,
        'signatures checked/bad': `${r.signatures.checked}/${r.signatures.bad}`,
      })),
    );
    console.log('Latency: event occurred_at → first arrival at the receiver.');
    if (crash) {
      console.log(
        `kill -9 after ${crash.atKill} distinct deliveries; restarted ${crash.killToRestartMs} ms later; ` +
          `first delivery ${crash.restartToFirstMs} ms after the restart; all succeeded ${(crash.recoverMs / 1000).toFixed(1)} s after the kill.`,
      );
    }
    printCpu(straight.cpu, straight.result.deliveries);
    const { perSecond } = straight.result;
    console.log(
      `\nTarget ≥ ${TARGET_PER_SECOND} deliveries/s: ${perSecond >= TARGET_PER_SECOND ? 'met' : 'missed'} (${perSecond}/s).`,
    );
    if (results.some((r) => r.lost > 0)) {
      console.log('LOST deliveries: at-least-once delivery broken.');
      process.exitCode = 1;
    }
    if (results.some((r) => r.signatures.bad > 0)) {
      console.log('Bad signatures or requests without webhook-id.');
      process.exitCode = 1;
    }
  } finally {
    if (bench.worker) await stopWorker(bench.worker);
    await receiver.close();
    await pool.end();
    // The queues' keys (completed jobs are kept a week): the bench's prefixes only.
    for (const prefix of bench.prefixes) {
      const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
      for await (const keys of stream)
        if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
    }
    redis.disconnect();
    await rm(mailDir, { recursive: true, force: true });
  }
}

await main();
