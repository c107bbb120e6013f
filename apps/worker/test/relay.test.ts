import { outbox } from '@werkstatt/db';
import { inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import {
  closeQueues,
  createProducerConnection,
  createQueues,
  jobOptions,
  type QueueSet,
} from '../src/queues.js';
import { createOutboxRelay, type OutboxRelay } from '../src/relay.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

let t: WorkerTestContext;
let redis: Redis;
let queues: QueueSet;
const relays: OutboxRelay[] = [];

function relay(batchSize = 100) {
  const r = createOutboxRelay({
    db: t.owner,
    queues,
    jobOptions: jobOptions(t.config),
    batchSize,
    pollMs: 50,
    retryMaxMs: 1000,
    log: silentLogger,
  });
  relays.push(r);
  return r;
}

beforeAll(async () => {
  t = await createWorkerTestContext({ JOB_ATTEMPTS: '5', JOB_BACKOFF_MS: '2000' });
  redis = createProducerConnection(t.config.REDIS_URL!, silentLogger);
  queues = createQueues(redis, t.config.QUEUE_PREFIX, silentLogger);
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await closeQueues(queues);
  await redis.quit();
  await t.close();
});

async function welcomeJobs(count: number) {
  const m = await t.municipality();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await t.user('municipality_editor', m.id);
    ids.push(
      await t.enqueue({
        queue: 'mail',
        name: 'user.welcome',
        payload: { userId: user.id, municipalityId: m.id },
      }),
    );
  }
  return { ids, municipalityId: m.id };
}

describe('outbox relay', () => {
  it('adds each row once, with the outbox id as job id and the retry policy', async () => {
    const { ids, municipalityId } = await welcomeJobs(3);
    const before = await queues.mail.count();

    expect(await relay().relayOnce()).toEqual({ dispatched: 3, failed: 0 });
    expect(await relay().relayOnce()).toEqual({ dispatched: 0, failed: 0 });

    expect(await queues.mail.count()).toBe(before + 3);
    for (const id of ids) {
      const job = await queues.mail.getJob(id);
      expect(job?.name).toBe('user.welcome');
      expect(job?.data).toMatchObject({ municipalityId });
      expect(job?.opts).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
      expect((await t.outboxRow(id))?.dispatchedAt).toBeInstanceOf(Date);
    }
  });

  it('does not duplicate a job whose row is relayed again (relay died before its commit)', async () => {
    const { ids } = await welcomeJobs(2);
    await relay().relayOnce();
    const count = await queues.mail.count();
    // What a crash between the Redis add and the commit leaves behind: rows not marked dispatched.
    await t.owner.update(outbox).set({ dispatchedAt: null }).where(inArray(outbox.id, ids));

    expect(await relay().relayOnce()).toEqual({ dispatched: 2, failed: 0 });
    expect(await queues.mail.count()).toBe(count);
  });

  it('lets two relays running side by side take different rows', async () => {
    const { ids } = await welcomeJobs(20);
    const before = await queues.mail.count();
    const [a, b] = [relay(5), relay(5)];
    const results = [];
    for (let round = 0; round < 4; round++) {
      results.push(...(await Promise.all([a.relayOnce(), b.relayOnce()])));
    }
    expect(results.reduce((n, r) => n + r.dispatched, 0)).toBe(20);
    expect(await queues.mail.count()).toBe(before + 20);
    const pending = await t.owner.$count(
      outbox,
      sql`${outbox.dispatchedAt} is null and ${inArray(outbox.id, ids)}`,
    );
    expect(pending).toBe(0);
  });

  it('keeps a row whose queue is unknown, with the error, and tries it again later', async () => {
    const [row] = await t.owner
      .insert(outbox)
      .values({ queue: 'faxes', jobName: 'fax.send', payload: { municipalityId: null } })
      .returning();
    const result = await relay().relayOnce();
    expect(result.failed).toBe(1);
    const kept = await t.outboxRow(row!.id);
    expect(kept).toMatchObject({ dispatchedAt: null, attempts: 1, lastError: 'Unknown queue "faxes"' });
    expect(kept!.availableAt.getTime()).toBeGreaterThan(row!.availableAt.getTime());
    await t.owner.delete(outbox).where(inArray(outbox.id, [row!.id]));
  });

  it('dispatches continuously once started', async () => {
    const r = relay();
    r.start();
    const { ids } = await welcomeJobs(2);
    await expect
      .poll(async () => (await Promise.all(ids.map((id) => queues.mail.getJob(id)))).filter(Boolean).length, {
        timeout: 5000,
      })
      .toBe(2);
    await r.stop();
  });
});
