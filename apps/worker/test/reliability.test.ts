import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import {
  closeQueues,
  createProducerConnection,
  createQueues,
  jobOptions,
  type QueueSet,
} from '../src/queues.js';
import { createOutboxRelay } from '../src/relay.js';
import { spawnWorker, type WorkerChild } from './support/child.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';

let t: WorkerTestContext;
let redis: Redis;
let queues: QueueSet;
const children: WorkerChild[] = [];

beforeAll(async () => {
  t = await createWorkerTestContext();
  redis = createProducerConnection(t.config.REDIS_URL!, silentLogger);
  queues = createQueues(redis, t.config.QUEUE_PREFIX, silentLogger);
});

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await c.exited;
  }
});

afterAll(async () => {
  await closeQueues(queues);
  await redis.quit();
  await t.close();
});

function worker(env: Record<string, string>) {
  const child = spawnWorker({
    ...t.env,
    // Short locks so a killed worker's job is noticed as stalled within about a second.
    JOB_LOCK_MS: '1000',
    STALLED_CHECK_MS: '500',
    OUTBOX_POLL_MS: '100',
    WORKER_CONCURRENCY: '1',
    LOG_LEVEL: 'warn',
    ...env,
  });
  children.push(child);
  return child;
}

async function welcomeJob() {
  const m = await t.municipality();
  const user = await t.user('municipality_editor', m.id);
  return t.enqueue({
    queue: 'mail',
    name: 'user.welcome',
    payload: { userId: user.id, municipalityId: m.id },
  });
}

const mailFilesFor = async (id: string) => (await readdir(t.mailDir)).filter((f) => f.startsWith(id));

describe('a worker killed with -9 mid-job', () => {
  it.each([
    ['before', 'job-started'],
    ['after', 'job-delivered'],
  ])(
    'loses nothing: another worker completes the job (killed %s delivery), one .eml',
    async (phase, event) => {
      const first = worker({ TEST_SLOW_MS: '60000', TEST_SLOW_PHASE: phase });
      const id = await welcomeJob();
      await first.waitForEvent(event, id);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(await queues.mail.getJobState(id)).toBe('active');
      const written = phase === 'after' ? await stat(path.join(t.mailDir, `${id}.eml`)) : null;

      const second = worker({ TEST_SLOW_MS: '0' });
      await second.waitForEvent('job-started', id);
      await expect.poll(() => queues.mail.getJobState(id), { timeout: 20_000 }).toBe('completed');

      expect(await mailFilesFor(id)).toEqual([`${id}.eml`]);
      if (written) {
        // The message written before the kill was not sent again.
        expect((await stat(path.join(t.mailDir, `${id}.eml`))).mtimeMs).toBe(written.mtimeMs);
      }
      expect((await t.outboxRow(id))?.dispatchedAt).toBeInstanceOf(Date);
    },
  );
});

describe('SIGTERM', () => {
  it('finishes the job in hand, takes no new one and exits 0', async () => {
    const w = worker({ TEST_SLOW_MS: '1500', TEST_SLOW_PHASE: 'before' });
    const inHand = await welcomeJob();
    await w.waitForEvent('job-started', inHand);
    const next = await welcomeJob();
    await waitFor(async () => (await t.outboxRow(next))?.dispatchedAt, 10_000, 'second job dispatched');

    w.child.kill('SIGTERM');
    const exit = await w.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(await queues.mail.getJobState(inHand)).toBe('completed');
    expect(await mailFilesFor(inHand)).toEqual([`${inHand}.eml`]);
    expect(await queues.mail.getJobState(next)).toBe('waiting');
    expect(await mailFilesFor(next)).toEqual([]);
    // Out of the way of the next test's worker.
    await queues.mail.remove(next);
  });

  it('leaves a job that outlasts the grace period to another worker and exits 1', async () => {
    const w = worker({ TEST_SLOW_MS: '60000', TEST_SLOW_PHASE: 'before', SHUTDOWN_GRACE_MS: '300' });
    const id = await welcomeJob();
    await w.waitForEvent('job-started', id);
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 1, signal: null });

    worker({ TEST_SLOW_MS: '0' });
    await expect.poll(() => queues.mail.getJobState(id), { timeout: 20_000 }).toBe('completed');
    expect(await mailFilesFor(id)).toEqual([`${id}.eml`]);
  });
});

describe('Postgres restart', () => {
  // What a restart does to a client: its backends end with "terminating connection due to
  // administrator command". The worker's connections are found by their application name.
  const applicationName = 'werkstatt-worker-restart-test';
  const terminateWorkerConnections = async () => {
    const result = await t.owner.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`,
    );
    return result.rowCount ?? 0;
  };

  it('keeps the worker running, and the next outbox rows are delivered exactly once', async () => {
    const url = new URL(t.env.DATABASE_URL!);
    url.searchParams.set('application_name', applicationName);
    const w = worker({ DATABASE_URL: url.toString(), TEST_SLOW_MS: '0' });
    const first = await welcomeJob();
    await w.waitForEvent('job-delivered', first);

    for (let round = 0; round < 2; round++) {
      // Idle pooled connections are among them: the relay polls, the handler's connection is back.
      expect(await terminateWorkerConnections()).toBeGreaterThan(0);
      const ids = [await welcomeJob(), await welcomeJob(), await welcomeJob()];
      for (const id of ids) {
        // Generous: on a loaded machine the worker may need a while to reconnect; a pass returns at once.
        await expect.poll(() => queues.mail.getJobState(id), { timeout: 60_000 }).toBe('completed');
        expect(await mailFilesFor(id)).toEqual([`${id}.eml`]);
        expect((await t.outboxRow(id))?.dispatchedAt).toBeInstanceOf(Date);
      }
    }
    expect(w.child.exitCode).toBeNull();
    expect(w.output()).not.toMatch(/Unhandled 'error' event/);
  }, 240_000);
});

describe('Redis down', () => {
  let server: ChildProcess | null = null;

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });

  async function startRedis(port: number) {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = net.connect({ host: '127.0.0.1', port }, () => {
            socket.end();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        }),
      10_000,
      'redis-server to listen',
    );
  }

  async function stopRedis() {
    const s = server!;
    server = null;
    s.kill('SIGKILL');
    await new Promise((r) => s.once('exit', r));
  }

  afterAll(async () => {
    if (server) await stopRedis();
  });

  it('keeps the row in the outbox and dispatches it once Redis is back', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const ownRedis = createProducerConnection(url, silentLogger);
    const ownQueues = createQueues(ownRedis, t.config.QUEUE_PREFIX, silentLogger);
    const relay = createOutboxRelay({
      db: t.owner,
      queues: ownQueues,
      jobOptions: jobOptions(t.config),
      batchSize: 10,
      pollMs: 50,
      retryMaxMs: 400,
      redisTimeoutMs: 500,
      log: silentLogger,
    });
    try {
      // Redis unreachable from the start: the add times out, the row stays with its error.
      const first = await welcomeJob();
      expect(await relay.relayOnce()).toEqual({ dispatched: 0, failed: 1 });
      expect(await t.outboxRow(first)).toMatchObject({ dispatchedAt: null, attempts: 1 });
      expect((await t.outboxRow(first))?.lastError).toMatch(/timed out/);

      await startRedis(port);
      relay.start();
      await waitFor(async () => (await t.outboxRow(first))?.dispatchedAt, 20_000, 'first job dispatched');
      expect(await ownQueues.mail.getJobState(first)).toBe('waiting');

      // Redis goes away while the relay runs: adds fail fast, rows wait.
      await stopRedis();
      const second = await welcomeJob();
      await waitFor(
        async () => ((await t.outboxRow(second))?.attempts ?? 0) >= 2,
        10_000,
        'failed dispatches',
      );
      const waiting = await t.outboxRow(second);
      expect(waiting).toMatchObject({ dispatchedAt: null });
      expect(waiting?.lastError).toBeTruthy();

      // A fresh Redis (nothing persisted): the row is dispatched, once.
      await startRedis(port);
      await waitFor(async () => (await t.outboxRow(second))?.dispatchedAt, 20_000, 'second job dispatched');
      expect(await ownQueues.mail.getJobState(second)).toBe('waiting');
      expect(await relay.relayOnce()).toEqual({ dispatched: 0, failed: 0 });
      expect(await ownQueues.mail.count()).toBe(1);
    } finally {
      await relay.stop();
      await closeQueues(ownQueues);
      ownRedis.disconnect();
    }
  });
});
