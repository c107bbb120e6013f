import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../src/handlers.js';
import { silentLogger } from '../src/logger.js';
import { createWorkerMetrics } from '../src/metrics/metrics.js';
import {
  closeQueues,
  createProducerConnection,
  createQueues,
  jobOptions,
  listFailedJobs,
  type QueueSet,
  retryFailedJob,
} from '../src/queues.js';
import { createOutboxRelay } from '../src/relay.js';
import { type QueueWorkers, startQueueWorkers } from '../src/workers.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';
import { welcomeOnly } from './support/mail-handlers.js';

let t: WorkerTestContext;
let redis: Redis;
let queues: QueueSet;
let workers: QueueWorkers | undefined;

const BACKOFF_MS = 300;
/** A Postgres that refuses connections (nothing listens on port 1). */
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/werkstatt';
const workerConfig = () => ({ ...t.config, REDIS_URL: t.config.REDIS_URL! });

beforeAll(async () => {
  t = await createWorkerTestContext({ JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: String(BACKOFF_MS) });
  redis = createProducerConnection(t.config.REDIS_URL!, silentLogger);
  queues = createQueues(redis, t.config.QUEUE_PREFIX, silentLogger);
});

afterAll(async () => {
  await workers?.close();
  await closeQueues(queues);
  await redis.quit();
  await t.close();
});

async function enqueueAndRelay() {
  const m = await t.municipality();
  const user = await t.user('municipality_admin', m.id);
  const id = await t.enqueue({
    queue: 'mail',
    name: 'user.welcome',
    payload: { userId: user.id, municipalityId: m.id },
  });
  const relay = createOutboxRelay({
    db: t.owner,
    queues,
    jobOptions: jobOptions(t.config),
    batchSize: 10,
    pollMs: 50,
    retryMaxMs: 1000,
    log: silentLogger,
  });
  expect(await relay.relayOnce()).toMatchObject({ dispatched: 1 });
  return id;
}

describe('job retries', () => {
  it('retries a failing handler with exponential backoff, then keeps and lists it as failed', async () => {
    const runs: { jobId: string; attempt: number; at: number }[] = [];
    let failing = true;
    const handlers: Handlers = {
      mail: welcomeOnly(async (_payload, ctx) => {
        runs.push({ jobId: ctx.jobId, attempt: ctx.attempt, at: Date.now() });
        if (failing) throw new Error('SMTP-Server nicht erreichbar');
      }),
    };
    workers = startQueueWorkers(handlers, workerConfig(), silentLogger);
    const id = await enqueueAndRelay();

    await expect.poll(() => queues.mail.getJobState(id), { timeout: 10_000 }).toBe('failed');
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(runs.every((r) => r.jobId === id)).toBe(true);
    // Exponential: the second retry waits about twice as long as the first.
    const gaps = [runs[1]!.at - runs[0]!.at, runs[2]!.at - runs[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(BACKOFF_MS);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * BACKOFF_MS);

    const failed = await listFailedJobs(queues, { queue: 'mail' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      queue: 'mail',
      id,
      name: 'user.welcome',
      attemptsMade: 3,
      failedReason: 'SMTP-Server nicht erreichbar',
    });
    expect(failed[0]!.failedAt).toBeInstanceOf(Date);

    // Once the cause is fixed, an operator puts it back and it completes.
    failing = false;
    expect(await retryFailedJob(queues, 'mail', id)).toBe(true);
    await expect.poll(() => queues.mail.getJobState(id), { timeout: 10_000 }).toBe('completed');
    expect(await listFailedJobs(queues)).toHaveLength(0);
    await workers.close();
    workers = undefined;
  });

  it('postpones a run while the database is unreachable without using an attempt, then completes it', async () => {
    const runs: number[] = [];
    // More failures than JOB_ATTEMPTS (3): a connection refused, as while Postgres restarts, and an
    // admin shutdown (SQLSTATE 57P01) wrapped the way drizzle wraps driver errors.
    const outage = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Failed query: begin', {
        cause: Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        }),
      }),
    ];
    const metrics = createWorkerMetrics({ db: t.owner, maxPoolConnections: 1, log: silentLogger });
    workers = startQueueWorkers(
      {
        mail: welcomeOnly(async (_payload, ctx) => {
          runs.push(ctx.attempt);
          if (runs.length <= 5) throw outage[runs.length % 2]!;
        }),
      },
      // The worker asks Postgres whether it answers before it postpones: here it does not.
      { ...workerConfig(), DATABASE_URL: UNREACHABLE, OUTBOX_RETRY_MAX_MS: 2 * BACKOFF_MS },
      silentLogger,
      metrics,
    );
    const id = await enqueueAndRelay();

    await expect.poll(() => queues.mail.getJobState(id), { timeout: 15_000 }).toBe('completed');
    // Every run is still the first attempt: none of them counted.
    expect(runs).toEqual([1, 1, 1, 1, 1, 1]);
    const job = await queues.mail.getJob(id);
    // BullMQ counts the run that completed as made; the five postponed ones it started but did not.
    expect(job).toMatchObject({ attemptsMade: 1, attemptsStarted: 6 });
    const counted = async (name: string) =>
      (await metrics.registry.getSingleMetric(name)!.get()).values.find(
        (v) => v.labels.queue === 'mail' && v.labels.job === 'user.welcome',
      )?.value;
    expect(await counted('werkstatt_jobs_postponed_total')).toBe(5);
    expect(await counted('werkstatt_jobs_failed_total')).toBeUndefined();
    expect(await counted('werkstatt_jobs_completed_total')).toBe(1);
    expect(await listFailedJobs(queues)).toHaveLength(0);
    await workers.close();
    workers = undefined;
  });

  it.each([
    {
      // nodemailer's error for an SMTP server that does not answer: the same code as a lost
      // Postgres socket, but Postgres answers.
      case: 'a timed-out socket of another server while Postgres answers',
      error: () => Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT', command: 'CONN' }),
      config: {},
    },
    {
      case: 'Postgres unreachable, but postponing turned off (JOB_POSTPONEMENTS 0)',
      error: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      config: { DATABASE_URL: UNREACHABLE, JOB_POSTPONEMENTS: 0 },
    },
    {
      // E.g. a query that crashes the server: it looks like an outage every time.
      case: 'Postgres unreachable past JOB_POSTPONEMENTS (2)',
      error: () => new Error('Connection terminated unexpectedly'),
      config: { DATABASE_URL: UNREACHABLE, JOB_POSTPONEMENTS: 2, OUTBOX_RETRY_MAX_MS: BACKOFF_MS },
      postponed: 2,
    },
  ])('uses attempts as any failure: $case', async ({ error, config, postponed = 0 }) => {
    await listFailedJobs(queues).then((jobs) => Promise.all(jobs.map((j) => queues.mail.remove(j.id))));
    const runs: number[] = [];
    workers = startQueueWorkers(
      {
        mail: welcomeOnly(async (_payload, ctx) => {
          runs.push(ctx.attempt);
          throw error();
        }),
      },
      { ...workerConfig(), ...config },
      silentLogger,
    );
    const id = await enqueueAndRelay();
    await expect.poll(() => queues.mail.getJobState(id), { timeout: 10_000 }).toBe('failed');
    expect(runs).toEqual([...Array(postponed).fill(1), 1, 2, 3]);
    expect(await queues.mail.getJob(id)).toMatchObject({ attemptsMade: 3, attemptsStarted: 3 + postponed });
    await workers.close();
    workers = undefined;
  });

  it('fails a job whose payload does not fit at once, without retries', async () => {
    let runs = 0;
    workers = startQueueWorkers(
      {
        mail: welcomeOnly(async () => {
          runs++;
        }),
      },
      workerConfig(),
      silentLogger,
    );
    // A job written by an older release with a payload this release does not accept.
    await queues.mail.add(
      'user.welcome',
      { userId: 'nobody', municipalityId: null },
      {
        ...jobOptions(t.config),
        jobId: 'legacy-job',
      },
    );
    await expect.poll(() => queues.mail.getJobState('legacy-job'), { timeout: 10_000 }).toBe('failed');
    const job = await queues.mail.getJob('legacy-job');
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/Invalid payload for mail\/user.welcome: userId/);
    expect(runs).toBe(0);
  });
});
