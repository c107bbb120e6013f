import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { outbox } from '@werkstatt/db';
import { isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../src/handlers.js';
import { silentLogger } from '../src/logger.js';
import { startWorkerRuntime, type WorkerRuntime } from '../src/runtime.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';
import {
  deliveriesOf,
  type Receiver,
  seedEvent,
  seedSubscription,
  startReceiver,
} from './support/webhooks.js';

// The worker's metrics port against a real runtime (relay, BullMQ on Redis, Postgres): scraped over
// HTTP after real jobs ran.
const TOKEN = `mt_${randomBytes(24).toString('hex')}`;

let t: WorkerTestContext;
let receiver: Receiver;
let runtime: WorkerRuntime;
let base: string;
/** The user whose welcome mail fails on its first attempt. */
let failOnceFor = '';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failingFirstAttempt = (handlers: Handlers): Handlers => ({
  ...handlers,
  mail: {
    ...handlers.mail!,
    'user.welcome': async (payload, ctx) => {
      if (payload.userId === failOnceFor && ctx.attempt === 1) throw new Error('SMTP vorübergehend weg');
      await handlers.mail!['user.welcome'](payload, ctx);
    },
  },
});

beforeAll(async () => {
  receiver = await startReceiver();
  const port = await freePort();
  t = await createWorkerTestContext({
    WEBHOOK_ALLOWED_TARGETS: receiver.origin,
    WEBHOOK_BACKOFF_BASE_MS: '10',
    WEBHOOK_BACKOFF_MAX_MS: '40',
    OUTBOX_POLL_MS: '50',
    JOB_BACKOFF_MS: '10',
    WORKER_METRICS_HOST: '127.0.0.1',
    WORKER_METRICS_PORT: String(port),
    METRICS_TOKEN: TOKEN,
  });
  runtime = startWorkerRuntime(t.config, { log: silentLogger, wrapHandlers: failingFirstAttempt });
  base = `http://127.0.0.1:${port}`;
  await waitFor(async () => runtime.metricsServer?.port() === port, 5000, 'the metrics server');
});

afterAll(async () => {
  await runtime?.stop();
  await t.close();
  await receiver.close();
});

async function scrape(): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}

/** The value of the first sample named so whose labels include the given ones. */
function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('the metrics port', () => {
  it('answers /metrics only with the token: 401 problem otherwise, revealing nothing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${base}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(body).not.toContain('werkstatt_');
    }
    expect(await scrape()).not.toContain(TOKEN);
  });

  it('/healthz is 200 without a token while the runtime runs; other paths are 404', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect(
      (await fetch(`${base}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }))
        .status,
    ).toBe(404);
  });
});

describe('what a scrape shows', () => {
  it('job durations, completed, failed and retried runs by queue and job name', async () => {
    const m = await t.municipality();
    const ok = await t.user('municipality_editor', m.id);
    const flaky = await t.user('municipality_editor', m.id);
    failOnceFor = flaky.id;
    for (const user of [ok, flaky]) {
      await t.enqueue({
        queue: 'mail',
        name: 'user.welcome',
        payload: { userId: user.id, municipalityId: m.id },
      });
    }
    await waitFor(async () => (await t.mails()).length >= 2, 20_000, 'both welcome mails');
    const text = await scrape();
    const labels = { queue: 'mail', job: 'user.welcome' };
    expect(sampleValue(text, 'werkstatt_job_duration_seconds_count', labels)).toBe(3);
    expect(sampleValue(text, 'werkstatt_job_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(sampleValue(text, 'werkstatt_jobs_completed_total', labels)).toBe(2);
    expect(sampleValue(text, 'werkstatt_jobs_failed_total', labels)).toBe(1);
    expect(sampleValue(text, 'werkstatt_jobs_retried_total', labels)).toBe(1);
    expect(text).toContain('# TYPE werkstatt_jobs_stalled_total counter');
    expect(text).not.toContain(flaky.id);
  });

  it('webhook deliveries by outcome, through fan-out, a failed first attempt and its retry', async () => {
    const m = await t.municipality();
    await seedSubscription(t.owner, t.config.WEBHOOK_SECRET_KEY, {
      url: `${receiver.origin}/metrics-hook`,
      events: ['workshop.created'],
      municipalityId: m.id,
    });
    receiver.answer('/metrics-hook', { status: 502 });
    const event = await seedEvent(t.owner, 'workshop.created', [m.id]);
    await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.fanout',
      payload: { eventId: event.id, municipalityId: null },
    });
    await waitFor(
      async () => (await deliveriesOf(t.owner, event.id))[0]?.status === 'succeeded',
      20_000,
      'the delivery to succeed',
    );
    // The counter is told after the attempt's transaction, the status is read from it: wait for both.
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return sampleValue(text, 'werkstatt_webhook_deliveries_total', { outcome: 'succeeded' }) === 1;
    });
    expect(sampleValue(text, 'werkstatt_webhook_deliveries_total', { outcome: 'retry' })).toBe(1);
    for (const job of ['webhook.fanout', 'webhook.deliverBatch', 'webhook.deliver']) {
      expect(sampleValue(text, 'werkstatt_jobs_completed_total', { queue: 'webhooks', job }), job).toBe(1);
    }
  });

  it('the outbox backlog as the relay sees it, and the default process metrics', async () => {
    await runtime.relay.stop();
    await t.owner.update(outbox).set({ dispatchedAt: sql`now()` }).where(isNull(outbox.dispatchedAt));
    const row = (availableAt: ReturnType<typeof sql>) => ({
      queue: 'mail',
      jobName: 'user.welcome',
      payload: {},
      availableAt,
    });
    await t.owner
      .insert(outbox)
      .values([
        row(sql`now() - interval '20 seconds'`),
        row(sql`now()`),
        row(sql`now() + interval '1 hour'`),
      ]);
    const text = await scrape();
    expect(sampleValue(text, 'werkstatt_outbox_pending_rows')).toBe(3);
    const age = sampleValue(text, 'werkstatt_outbox_oldest_due_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(20);
    expect(age).toBeLessThan(50);
    expect(text).toContain('# TYPE werkstatt_process_cpu_seconds_total counter');
    expect(text).toContain('# TYPE werkstatt_nodejs_eventloop_lag_seconds gauge');
    // Rows relayed by nobody must not be run by a later test.
    await t.owner.update(outbox).set({ dispatchedAt: sql`now()` }).where(isNull(outbox.dispatchedAt));
  });

  it('the database pool: its connections, its maximum and the checkouts that had to wait', async () => {
    // Scheduled and background work may check out connections too, and wait as well: at least ours.
    const { pool } = runtime;
    const max = t.config.DATABASE_POOL_MAX;
    const held = await Promise.all(Array.from({ length: max }, () => pool.connect()));
    const waiting = pool.connect();
    await waitFor(async () => pool.waitingCount === 1, 5000, 'a queued checkout');
    await new Promise((r) => setTimeout(r, 50));
    for (const client of held) client.release();
    (await waiting).release();

    const text = await scrape();
    expect(sampleValue(text, 'werkstatt_db_pool_wait_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, 'werkstatt_db_pool_wait_seconds_sum')).toBeGreaterThanOrEqual(0.04);
    expect(sampleValue(text, 'werkstatt_db_pool_max_connections')).toBe(max);
    expect(sampleValue(text, 'werkstatt_db_pool_connections')).toBe(max);
    expect(sampleValue(text, 'werkstatt_db_pool_waiting_clients')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(text, 'werkstatt_db_pool_idle_connections')).toBeGreaterThan(0);
  });
});

describe('other settings', () => {
  it('without METRICS_TOKEN /metrics is served without one; port 0 starts no server; stop closes it', async () => {
    const port = await freePort();
    const open = startWorkerRuntime(
      { ...t.config, METRICS_TOKEN: undefined, WORKER_METRICS_PORT: port },
      { log: silentLogger },
    );
    const off = startWorkerRuntime({ ...t.config, WORKER_METRICS_PORT: 0 }, { log: silentLogger });
    try {
      expect(off.metricsServer).toBeNull();
      await waitFor(async () => open.metricsServer?.port() === port, 5000, 'the metrics server');
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('werkstatt_jobs_completed_total');
    } finally {
      await Promise.all([open.stop(), off.stop()]);
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
