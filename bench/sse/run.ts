/**
 * Document status stream (GET /v1/documents/{id}/events) under 1,000 open streams on ONE API instance.
 *
 * Starts the built API (apps/api/dist/server.js, NODE_ENV=production, Redis pub/sub) on a throwaway
 * database with one municipality, one signed-in editor and queued documents. Each round opens
 * `--streams` SSE streams at once (node:http, one keep-alive agent, a socket per stream), spread evenly
 * over `--documents` documents, waits until every stream has its first event and the instance is
 * subscribed to every document's channel, then readies the documents one after another through the
 * worker's own production handler (renderDocument: the same transactions and the same Redis publish
 * after each commit as apps/worker; only the PDF is rendered once and reused, so the bench process does
 * not take the API's CPU). For every stream it measures the time from the commit of "ready" (the moment
 * the worker's publish is called, right after its COMMIT returned) to the ready event parsed in the
 * client, and checks that the server then ends the stream.
 *
 * Prints p50/p95/p99/max of that latency, how many streams got the ready event and were ended by the
 * server, and the API's RSS (VmRSS from /proc/<pid>/status) idle before, with all streams open, and
 * after; compares with the targets RSS ≤ 300 MB and p99 ≤ 250 ms and exits non-zero on a miss.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     pnpm --filter @werkstatt/bench sse [--streams 1000] [--documents 5] [--rounds 3] [--gap 0] [--pool 10]
 *
 * Local only. Needs about streams + 50 open files in each of the two processes (Node raises its soft
 * limit to the hard one at start; the bench checks and says so).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase, createPool, type Database, strategyVersions, users } from '@werkstatt/db';
import { createTestDatabase, prepareTemplateDatabase, productionLoginUrl } from '@werkstatt/db/testing';
import { createDocumentChangePublisher, documentChannel } from '@werkstatt/jobs';
import { createLogger, type RenderPdf, renderDocument } from '@werkstatt/worker';
import { seedDocument, seedProgram, seedStrategyVersion } from '@werkstatt/worker/testing';
import argon2 from 'argon2';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    streams: { type: 'string', default: '1000' },
    documents: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    // Pause between two documents' ready within a round, in ms (0: back to back, fan-outs overlap).
    gap: { type: 'string', default: '0' },
    pool: { type: 'string', default: '10' },
    port: { type: 'string', default: '3959' },
    // Extra node flags for the API process, e.g. --cpu-prof --cpu-prof-dir=/tmp/sse-prof to profile it.
    'api-node-options': { type: 'string', default: '' },
  },
});
const STREAMS = Number(values.streams);
const DOCUMENTS = Number(values.documents);
const ROUNDS = Number(values.rounds);
const GAP_MS = Number(values.gap);
const PORT = Number(values.port);
if (!(STREAMS >= 1 && STREAMS <= 5000) || !(DOCUMENTS >= 1 && DOCUMENTS <= STREAMS) || !(ROUNDS >= 1)) {
  throw new Error('--streams must be 1–5000, --documents 1–streams, --rounds ≥ 1.');
}
const RSS_TARGET_MB = 300;
/** Streams opened at once while a round sets up. */
const OPEN_STEP = 100;
const P99_TARGET_MS = 250;

const adminUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!adminUrl || !redisUrl) {
  console.error(
    'Set DATABASE_URL (a Postgres superuser, e.g. postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL.',
  );
  process.exit(1);
}
for (const [name, url] of [
  ['DATABASE_URL', adminUrl],
  ['REDIS_URL', redisUrl],
] as const) {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) {
    throw new Error(`${name} must point at this machine.`);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = `http://127.0.0.1:${PORT}`;
const keyPrefix = `werkstatt-bench-sse-${randomBytes(4).toString('hex')}:`;

async function openFileLimit(pid: number | 'self'): Promise<number> {
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
  const soft = /Max open files\s+(\d+|unlimited)/.exec(limits)?.[1] ?? '0';
  return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/** CPU time the process has used, in ms (utime + stime, in 10 ms clock ticks): unlike the latency, it
 * hardly depends on what else the machine runs. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const rssMb = async (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

function startApi(env: Record<string, string>): Promise<ChildProcess> {
  const flags = values['api-node-options'].split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, 'dist/server.js'], {
    cwd: path.join(root, 'apps/api'),
    env: { ...process.env, ...env, PORT: String(PORT) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`the API exited with ${child.exitCode}`));
      try {
        await fetch(`${base}/`);
        return resolve(child);
      } catch {
        if (Date.now() > deadline) return reject(new Error('the API did not start'));
        setTimeout(poll, 200);
      }
    };
    void poll();
  });
}

interface Stream {
  documentId: string;
  /** performance.now() when each event was parsed, with its status. */
  events: { at: number; status: string; progress: number }[];
  /** The server ended the response (after the terminal event). */
  ended: boolean;
  error?: string;
  firstEvent: Promise<void>;
  done: Promise<void>;
}

/** One SSE stream over the shared keep-alive agent, parsed as it arrives. */
function openStream(agent: http.Agent, documentId: string, token: string): Stream {
  let onFirst!: () => void;
  let onDone!: () => void;
  const stream: Stream = {
    documentId,
    events: [],
    ended: false,
    firstEvent: new Promise((r) => {
      onFirst = r;
    }),
    done: new Promise((r) => {
      onDone = r;
    }),
  };
  const fail = (message: string) => {
    stream.error ??= message;
    onFirst();
    onDone();
  };
  const req = http.get(`${base}/v1/documents/${documentId}/events`, {
    agent,
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  req.on('error', (err) => fail(String(err)));
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      return fail(`HTTP ${res.statusCode}`);
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue; // a heartbeat comment
        const doc = JSON.parse(data.slice(6)) as { status: string; progress: number };
        stream.events.push({ at, status: doc.status, progress: doc.progress });
        if (stream.events.length === 1) onFirst();
      }
    });
    res.on('end', () => {
      stream.ended = true;
      onDone();
    });
    res.on('error', (err) => fail(String(err)));
    res.on('close', () => (stream.ended ? undefined : fail('closed without an end')));
  });
  return stream;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${n.toFixed(0)} MB`;

const testDb = await createTestDatabase(adminUrl, await prepareTemplateDatabase(adminUrl));
const pool = createPool({ connectionString: testDb.url, max: 4 });
const db: Database = createDatabase(pool);
const publisherRedis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
let api: ChildProcess | undefined;
let exitCode = 1;

try {
  const selfLimit = await openFileLimit('self');
  if (selfLimit < STREAMS + 100) {
    throw new Error(
      `This process may open ${selfLimit} files, the streams need ${STREAMS + 100}: raise it (ulimit -n ${STREAMS + 500}) and run again.`,
    );
  }

  // One municipality with a strategy; its version copied so that every document has a version of its
  // own (a version has one document), as a council would adopt a new Fassung each time.
  const perRound = DOCUMENTS;
  const warmupDocuments = 1;
  const totalDocuments = warmupDocuments + perRound * ROUNDS;
  console.log(
    `seeding 1 municipality, ${totalDocuments} versions and queued documents into ${testDb.name} …`,
  );
  const program = await seedProgram(db, 3);
  const version = await seedStrategyVersion(db, { program, measures: 20, ideas: 10 });
  const [original] = await db
    .select()
    .from(strategyVersions)
    .where(eq(strategyVersions.id, version.versionId));
  const copies = await db
    .insert(strategyVersions)
    .values(
      Array.from({ length: totalDocuments - 1 }, (_, i) => ({
        municipalityId: original!.municipalityId,
        strategyId: original!.strategyId,
        number: i + 2,
        label: `Fassung ${i + 2}`,
        snapshot: original!.snapshot,
        createdBy: original!.createdBy,
      })),
    )
    .returning({ id: strategyVersions.id });
  const documentIds = [await seedDocument(db, version)];
  for (const row of copies) documentIds.push(await seedDocument(db, { ...version, versionId: row.id }));

  const password = `bench-${randomBytes(6).toString('hex')}-Passwort`;
  const email = `sse-bench-${randomBytes(4).toString('hex')}@bench.example`;
  await db.insert(users).values({
    email,
    name: 'Bench Redaktion',
    passwordHash: await argon2.hash(password),
    role: 'municipality_editor',
    municipalityId: version.municipalityId,
  });

  // The API as production runs it: the built dist (turbo rebuilds it only when a source changed).
  execFileSync('pnpm', ['turbo', 'run', 'build', '--filter=@werkstatt/api', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  api = await startApi({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    // Production refuses a superuser login: a role that may only switch to werkstatt_app.
    DATABASE_URL: await productionLoginUrl(testDb.url),
    DATABASE_POOL_MAX: values.pool,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    LINK_SECRET: randomBytes(32).toString('base64url'),
    APP_URL: 'http://localhost:5173/',
    LOG_LEVEL: 'warn',
    // 1,000 streams of one editor within a second are not what the per-client limit is for.
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const pid = api.pid!;
  const apiLimit = await openFileLimit(pid);
  if (apiLimit < STREAMS + 100) {
    throw new Error(`The API may open ${apiLimit} files, ${STREAMS + 100} are needed: raise ulimit -n.`);
  }

  const login = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };

  // The worker's side: its production handler, its publisher (a plain connection with the deployment's
  // key prefix). The one PDF is rendered for real on the first call and reused after that.
  let pdf: Awaited<ReturnType<RenderPdf>> | undefined;
  const { renderStrategyPdf } = await import('@werkstatt/strategy-pdf');
  const renderOnce: RenderPdf = async (doc) => {
    pdf ??= await renderStrategyPdf(doc);
    return pdf;
  };
  const publish = createDocumentChangePublisher(publisherRedis, keyPrefix);
  const log = createLogger({ LOG_LEVEL: 'silent' });
  /** Readies a document as the worker does; returns when "ready" committed (its publish was called). */
  const ready = async (documentId: string): Promise<number> => {
    const published: number[] = [];
    await renderDocument(
      {
        db,
        config: { JOB_ATTEMPTS: 3 },
        renderPdf: renderOnce,
        publishDocumentChange: (id) => {
          published.push(performance.now());
          return publish(id);
        },
      },
      { documentId, municipalityId: version.municipalityId },
      { jobId: `bench-${documentId}`, attempt: 1, log },
    );
    // rendering, 90 %, ready: the last publish follows the commit of ready.
    if (published.length !== 3) throw new Error(`renderDocument published ${published.length} times`);
    return published.at(-1)!;
  };

  const subscribers = async (ids: string[]) => {
    const reply = (await publisherRedis.pubsub(
      'NUMSUB',
      ...ids.map((id) => documentChannel(keyPrefix, id)),
    )) as (string | number)[];
    return reply.filter((_, i) => i % 2 === 1).map(Number);
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

  /**
   * Opens the streams of the given documents in steps of OPEN_STEP (all at once would be a connection
   * storm, not the steady state the figures are about), waits for their first events and for the
   * instance's subscription to every document's channel.
   */
  async function openAll(ids: string[], count: number): Promise<Stream[]> {
    const streams: Stream[] = [];
    while (streams.length < count) {
      const step = Array.from({ length: Math.min(OPEN_STEP, count - streams.length) }, (_, i) =>
        openStream(agent, ids[(streams.length + i) % ids.length]!, accessToken),
      );
      streams.push(...step);
      await Promise.race([
        Promise.all(step.map((s) => s.firstEvent)),
        sleep(60_000).then(() => {
          throw new Error('the streams did not open within 60 s');
        }),
      ]);
      const failed = step.filter((s) => s.error);
      if (failed.length) throw new Error(`${failed.length} streams failed to open: ${failed[0]!.error}`);
    }
    for (const deadline = Date.now() + 10_000; ; ) {
      if ((await subscribers(ids)).every((n) => n === 1)) break;
      if (Date.now() > deadline) throw new Error('the API did not subscribe to every document channel');
      await sleep(20);
    }
    return streams;
  }

  // Warm-up: module loading and JIT (and the one real render) happen here, not in the figures.
  {
    const ids = documentIds.slice(0, warmupDocuments);
    const streams = await openAll(ids, 20);
    await ready(ids[0]!);
    await Promise.all(streams.map((s) => s.done));
  }
  await sleep(1000);
  const rssIdleBefore = await rssMb(pid);

  const latencies: number[] = [];
  const perRoundFigures: string[] = [];
  let got = 0;
  let endedByServer = 0;
  let openedTotal = 0;
  let rssOpenMax = 0;
  /** The API's CPU time from the first ready to the last stream's end, per round. */
  const cpuPerRound: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const ids = documentIds.slice(
      warmupDocuments + round * perRound,
      warmupDocuments + (round + 1) * perRound,
    );
    const opened = performance.now();
    const streams = await openAll(ids, STREAMS);
    const openMs = performance.now() - opened;
    openedTotal += streams.length;
    await sleep(500);
    const rssOpen = await rssMb(pid);
    rssOpenMax = Math.max(rssOpenMax, rssOpen);

    const cpuBefore = await cpuMs(pid);
    const committedAt = new Map<string, number>();
    for (const id of ids) {
      committedAt.set(id, await ready(id));
      if (GAP_MS > 0) await sleep(GAP_MS);
    }
    await Promise.race([Promise.all(streams.map((s) => s.done)), sleep(30_000)]);
    const fanOutCpu = (await cpuMs(pid)) - cpuBefore;
    cpuPerRound.push(fanOutCpu);

    const roundLatencies: number[] = [];
    for (const s of streams) {
      const event = s.events.find((e) => e.status === 'ready');
      if (event) {
        got++;
        roundLatencies.push(event.at - committedAt.get(s.documentId)!);
      }
      // Ended by the server right after its terminal event: nothing follows ready.
      if (s.ended && !s.error && s.events.at(-1)?.status === 'ready') endedByServer++;
    }
    latencies.push(...roundLatencies);
    const sorted = [...roundLatencies].sort((a, b) => a - b);
    perRoundFigures.push(
      `round ${round + 1}: opened ${streams.length} in ${ms(openMs)}, RSS ${mb(rssOpen)}; API CPU for the round's ${ids.length * 3} messages ${ms(fanOutCpu)}; ready → event p50 ${ms(percentile(sorted, 50))} p99 ${ms(percentile(sorted, 99))} max ${ms(sorted.at(-1) ?? Number.NaN)} (${roundLatencies.length}/${streams.length})`,
    );
  }
  agent.destroy();
  await sleep(2000);
  const rssAfter = await rssMb(pid);

  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  const rssOk = Math.max(rssIdleBefore, rssOpenMax, rssAfter) <= RSS_TARGET_MB;
  const p99Ok = p99 <= P99_TARGET_MS;
  const allGot = got === openedTotal && endedByServer === openedTotal;

  console.log('');
  console.log(
    `machine      ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; open files: bench ${selfLimit}, API ${apiLimit}`,
  );
  console.log(
    `setup        1 API instance (dist, production, pool ${values.pool}, Redis pub/sub); ${ROUNDS} rounds × ${STREAMS} streams over ${DOCUMENTS} documents (${Math.ceil(STREAMS / DOCUMENTS)} each), readied one after another${GAP_MS ? ` ${GAP_MS} ms apart` : ', back to back'}`,
  );
  for (const line of perRoundFigures) console.log(`             ${line}`);
  console.log(
    `latency      ready committed → event at the client: p50 ${ms(percentile(sorted, 50))} · p95 ${ms(percentile(sorted, 95))} · p99 ${ms(p99)} · max ${ms(sorted.at(-1)!)}  (${sorted.length} events)`,
  );
  console.log(
    `delivered    ${got}/${openedTotal} streams got the ready event; ${endedByServer}/${openedTotal} were then ended by the server`,
  );
  console.log(
    `API CPU      ${ms(cpuPerRound.reduce((a, b) => a + b, 0) / cpuPerRound.length)} per round (${DOCUMENTS * 3} messages — rendering, 90 %, ready — to ${STREAMS} streams, and their ends)`,
  );
  console.log(
    `API RSS      idle before ${mb(rssIdleBefore)} · ${STREAMS} streams open ${mb(rssOpenMax)} (max of the rounds) · after ${mb(rssAfter)}`,
  );
  console.log(
    `targets      RSS ≤ ${RSS_TARGET_MB} MB: ${rssOk ? 'ok' : 'MISSED'} · p99 ≤ ${P99_TARGET_MS} ms: ${p99Ok ? 'ok' : 'MISSED'} · ${STREAMS}/${STREAMS}: ${allGot ? 'ok' : 'MISSED'}`,
  );
  exitCode = rssOk && p99Ok && allGot ? 0 : 1;
} finally {
  if (api && api.exitCode === null) {
    const exited = new Promise((r) => api!.once('exit', r));
    api.kill('SIGTERM');
    await exited;
  }
  publisherRedis.disconnect();
  await pool.end();
  await testDb.drop();
}
process.exitCode = exitCode;
