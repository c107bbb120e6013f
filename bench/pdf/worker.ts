import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase, createPool, type Database, documents, scopedDatabase } from '@werkstatt/db';
import { createTestDatabase, prepareTemplateDatabase, productionLoginUrl } from '@werkstatt/db/testing';
import { enqueue } from '@werkstatt/jobs';
import {
  type SeededVersion,
  seedDocument,
  seedProgram,
  seedStrategyVersion,
} from '@werkstatt/worker/testing';
import { and, count, eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';

/**
 * Worker throughput for strategy PDFs: seeds typical versions (3 fields, 20 measures, 10 ideas) into a
 * fresh bench database, starts the real worker process (main.ts: outbox relay + BullMQ) at concurrency
 * 2 against local Redis, warms it up, then queues all documents at once and waits until every one is
 * ready. Prints documents per second, the median render time (from the worker's log) and the worker
 * process's peak RSS (VmHWM). Targets: ≥ 5 documents/s, RSS ≤ 300 MB.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     pnpm --filter @werkstatt/bench pdf:worker [--documents 100] [--warmup 6] [--concurrency 2] [--measures 20]
 *     [--node-options=--max-old-space-size=160]   (the default, as `pnpm --filter @werkstatt/worker start`;
 *                                                   pass --node-options= to run without a heap cap)
 */
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    documents: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '6' },
    concurrency: { type: 'string', default: '2' },
    measures: { type: 'string', default: '20' },
    // As the worker's start script: without a cap V8 lets garbage pile up to ~370 MB RSS before it collects.
    'node-options': { type: 'string', default: '--max-old-space-size=160' },
  },
});
const total = Number(values.documents);
const warmup = Number(values.warmup);
const adminUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!adminUrl || !redisUrl) {
  console.error(
    'Set DATABASE_URL (a Postgres superuser, e.g. postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL.',
  );
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workerMain = path.join(root, 'apps/worker/src/main.ts');

const testDb = await createTestDatabase(adminUrl, await prepareTemplateDatabase(adminUrl));
const pool = createPool({ connectionString: testDb.url, max: 4 });
const db: Database = createDatabase(pool);
let worker: ChildProcess | undefined;
const queuePrefix = `werkstatt-bench-${randomBytes(4).toString('hex')}`;

try {
  console.log(`seeding ${warmup + total} versions (${values.measures} measures each) into ${testDb.name} …`);
  const program = await seedProgram(db, 3);
  const versions: SeededVersion[] = [];
  for (let i = 0; i < warmup + total; i++) {
    versions.push(
      await seedStrategyVersion(db, {
        program,
        measures: Number(values.measures),
        ideas: 10,
        municipalityName: `Verbandsgemeinde Bench ${i + 1}`,
      }),
    );
  }

  const renderMs: number[] = [];
  worker = spawn(
    process.execPath,
    [
      ...values['node-options'].split(' ').filter(Boolean),
      '--conditions=@werkstatt/source',
      '--import',
      'tsx',
      workerMain,
    ],
    {
      // The worker package has tsx; its cwd also keeps the file mail transport's directory there.
      cwd: path.join(root, 'apps/worker'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        // Production refuses a superuser login: a role that may only switch to werkstatt_app.
        DATABASE_URL: await productionLoginUrl(testDb.url),
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: queuePrefix,
        WORKER_CONCURRENCY: values.concurrency,
        OUTBOX_POLL_MS: '20',
        APP_URL: 'http://localhost:5173/',
        MAIL_FROM: 'Bench <bench@werkstatt.localhost>',
        LINK_SECRET: randomBytes(32).toString('base64url'),
        // Required in production since the worker signs webhooks; no webhook is sent here.
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64url'),
        MAIL_TRANSPORT: 'file',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let buffer = '';
  worker.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { msg?: string; renderMs?: number };
        if (entry.msg === 'document rendered' && typeof entry.renderMs === 'number')
          renderMs.push(entry.renderMs);
      } catch {
        // Not a log line.
      }
    }
  });
  const pid = worker.pid!;

  const queue = async (batch: SeededVersion[]) => {
    const ids = await Promise.all(batch.map((v) => seedDocument(db, v)));
    await scopedDatabase(db, { kind: 'platform' }).transaction(async (tx) => {
      for (const [i, documentId] of ids.entries()) {
        await enqueue(tx, {
          queue: 'documents',
          name: 'document.render',
          payload: { documentId, municipalityId: batch[i]!.municipalityId },
        });
      }
    });
    return ids;
  };
  const waitReady = async (ids: string[]) => {
    for (;;) {
      if (worker!.exitCode !== null) throw new Error(`the worker exited with code ${worker!.exitCode}`);
      const [row] = await db
        .select({ n: count() })
        .from(documents)
        .where(and(inArray(documents.id, ids), eq(documents.status, 'ready')));
      if (row!.n === ids.length) return;
      const [failed] = await db
        .select({ n: count() })
        .from(documents)
        .where(and(inArray(documents.id, ids), eq(documents.status, 'failed')));
      if (failed!.n > 0) throw new Error(`${failed!.n} documents failed`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const rssOf = async (field: 'VmRSS' | 'VmHWM') => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  };

  // Warm-up: module loading, JIT and font parsing happen here, not in the measured batch.
  await waitReady(await queue(versions.slice(0, warmup)));
  const rssAfterWarmup = await rssOf('VmRSS');
  renderMs.length = 0;

  const started = performance.now();
  await waitReady(await queue(versions.slice(warmup)));
  const seconds = (performance.now() - started) / 1000;
  const peak = await rssOf('VmHWM');
  const rssEnd = await rssOf('VmRSS');

  const [sample] = await db
    .select({ pages: documents.pageCount, bytes: documents.sizeBytes })
    .from(documents)
    .where(eq(documents.strategyVersionId, versions.at(-1)!.versionId));
  const sorted = [...renderMs].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] ?? Number.NaN;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const perSecond = total / seconds;

  console.log(
    `worker: concurrency ${values.concurrency}, ${total} documents after ${warmup} warm-ups` +
      (values['node-options'] ? `, node ${values['node-options']}` : ''),
  );
  console.log(`document     ${sample?.pages} pages, ${sample?.bytes?.toLocaleString('de-DE')} bytes`);
  console.log(`throughput   ${perSecond.toFixed(1)} documents/s (${seconds.toFixed(1)} s for ${total})`);
  console.log(`render time  median ${median} ms  p90 ${p90} ms  (${renderMs.length} renders)`);
  console.log(
    `worker RSS   peak ${mib(peak)}  after warm-up ${mib(rssAfterWarmup)}  at the end ${mib(rssEnd)}`,
  );
  console.log(
    `targets      ≥ 5 documents/s: ${perSecond >= 5 ? 'met' : 'missed'}; RSS ≤ 300 MB: ${peak <= 300 * 1e6 ? 'met' : 'missed'}`,
  );
} finally {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  await pool.end();
  await testDb.drop();
  // The bench's queues (completed jobs are kept a week) go with its database.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
