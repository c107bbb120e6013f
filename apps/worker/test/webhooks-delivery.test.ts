import {
  createDatabase,
  createPool,
  outbox,
  users,
  webhookDeliveries,
  webhookSubscriptions,
} from '@werkstatt/db';
import { generateWebhookSecret } from '@werkstatt/webhooks';
import { and, asc, eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import type pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessRunner, type InProcessRunner } from '../src/in-process.js';
import { silentLogger } from '../src/logger.js';
import { createMailer, createMemorySentMailLog } from '../src/mail/mailer.js';
import { createHandlers } from '../src/registry.js';
import { retryDelayMs } from '../src/webhooks/backoff.js';
import { createWebhookClient, type ResolvedAddress } from '../src/webhooks/client.js';
import {
  AttemptInProgressError,
  type DeliverDeps,
  deliverWebhook,
  deliverWebhookBatch,
} from '../src/webhooks/deliver.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';
import {
  attemptsOf,
  deliveriesOf,
  type ReceivedRequest,
  type Receiver,
  type SubscriptionOptions,
  seedEvent,
  seedSubscription,
  startReceiver,
} from './support/webhooks.js';

let t: WorkerTestContext;
let pool: pg.Pool;
let receiver: Receiver;
// Not allow-listed: a target that must never be reached.
let internal: Receiver;
let runner: InProcessRunner;
let key = '';
const resolved: string[] = [];

// The test's DNS: names under .example resolve to loopback, as a rebound name would.
async function resolve(hostname: string): Promise<ResolvedAddress[]> {
  resolved.push(hostname);
  if (hostname === 'receiver.test' || hostname.endsWith('.example'))
    return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
}

beforeAll(async () => {
  receiver = await startReceiver();
  internal = await startReceiver();
  t = await createWorkerTestContext({
    WEBHOOK_ALLOWED_TARGETS: `${receiver.origin},http://receiver.test:${receiver.port}`,
    WEBHOOK_TIMEOUT_MS: '300',
    WEBHOOK_BACKOFF_BASE_MS: '10',
    WEBHOOK_BACKOFF_MAX_MS: '40',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_DISABLE_AFTER_FAILURES: '6',
    JOB_BACKOFF_MS: '100',
    OUTBOX_POLL_MS: '50',
  });
  key = t.config.WEBHOOK_SECRET_KEY;
  pool = createPool({ connectionString: t.config.DATABASE_URL, max: 2 });
  const db = createDatabase(pool);
  const mailer = createMailer(t.config, createMemorySentMailLog());
  runner = createInProcessRunner({
    db,
    config: t.config,
    log: silentLogger,
    mailer,
    handlers: createHandlers({ db, mailer, config: t.config, resolve }),
  });
});

afterAll(async () => {
  await runner.stop();
  await pool.end();
  await t.close();
  await receiver.close();
  await internal.close();
});

/** Fans the event out and runs jobs until its deliveries are settled (succeeded or failed). */
async function deliver(eventId: string, expected = 1) {
  await t.enqueue({ queue: 'webhooks', name: 'webhook.fanout', payload: { eventId, municipalityId: null } });
  return waitFor(
    async () => {
      await runner.runOnce();
      const rows = await deliveriesOf(t.owner, eventId);
      return rows.length === expected && rows.every((d) => d.status !== 'pending') ? rows : null;
    },
    15_000,
    'deliveries to settle',
  );
}

/** Runs every job that is due now. */
async function drain() {
  while ((await runner.runOnce()) > 0) {}
}

const headersOf = (r: ReceivedRequest) => r.headers as Record<string, string>;

async function subscriptionRow(id: string) {
  const [row] = await t.owner.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  return row!;
}

describe('webhook delivery', () => {
  it('posts the event signed the Standard Webhooks way, which the reference library verifies', async () => {
    const m = await t.municipality();
    const { subscription, secret } = await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/signed`,
      events: ['workshop.updated'],
      municipalityId: m.id,
      consecutiveFailures: 3,
    });
    const event = await seedEvent(t.owner, 'workshop.updated', [m.id], {
      id: m.id,
      title: 'Straße – Ölmühle',
    });

    const [delivery] = await deliver(event.id);
    const [request] = receiver.requestsTo('/signed');
    expect(request).toMatchObject({ method: 'POST' });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Werkstatt-Webhooks/1',
      'webhook-id': delivery!.id,
    });
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(request!.body)).toEqual(event.payload);
    expect(new Webhook(secret).verify(request!.body, headersOf(request!))).toEqual(event.payload);

    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, nextAttemptAt: null });
    expect(delivery!.lastAttemptAt).toBeInstanceOf(Date);
    expect(await attemptsOf(t.owner, delivery!.id)).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null, responseExcerpt: 'ok' }),
    ]);
    // A success ends the run of failures.
    expect((await subscriptionRow(subscription.id)).consecutiveFailures).toBe(0);

    // At least once, but a delivery that succeeded is not sent again: not by a stale job of the
    // same attempt, not by a job without an attempt.
    await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.deliver',
      payload: { deliveryId: delivery!.id, attempt: 1, municipalityId: m.id },
    });
    await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.deliver',
      payload: { deliveryId: delivery!.id, municipalityId: m.id },
    });
    await drain();
    expect(receiver.requestsTo('/signed')).toHaveLength(1);
    expect(await attemptsOf(t.owner, delivery!.id)).toHaveLength(1);
  });

  it('signs with both secrets while a rotation overlaps, and with the new one only after', async () => {
    const m = await t.municipality();
    const old = generateWebhookSecret();
    const overlapping = await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/rotating`,
      events: ['measure.created'],
      municipalityId: m.id,
      previous: { secret: old, expiresAt: new Date(Date.now() + 3600_000) },
    });
    const rotated = await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/rotated`,
      events: ['measure.created'],
      municipalityId: m.id,
      previous: { secret: old, expiresAt: new Date(Date.now() - 60_000) },
    });
    const event = await seedEvent(t.owner, 'measure.created', [m.id]);
    await deliver(event.id, 2);

    const [during] = receiver.requestsTo('/rotating');
    expect(headersOf(during!)['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(overlapping.secret).verify(during!.body, headersOf(during!))).toEqual(event.payload);
    expect(new Webhook(old).verify(during!.body, headersOf(during!))).toEqual(event.payload);

    const [after] = receiver.requestsTo('/rotated');
    expect(headersOf(after!)['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(new Webhook(rotated.secret).verify(after!.body, headersOf(after!))).toEqual(event.payload);
    expect(() => new Webhook(old).verify(after!.body, headersOf(after!))).toThrow();
  });

  it('retries a failing receiver with backoff under the same webhook-id until it answers 2xx', async () => {
    const m = await t.municipality();
    const { subscription, secret } = await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/flaky`,
      events: ['workshop.created'],
      municipalityId: m.id,
    });
    receiver.answer('/flaky', { status: 500, body: 'Interner Fehler' }, { status: 500, body: '' });
    const event = await seedEvent(t.owner, 'workshop.created', [m.id]);

    const [delivery] = await deliver(event.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, nextAttemptAt: null });
    const attempts = await attemptsOf(t.owner, delivery!.id);
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, null],
      [2, 500, null],
      [3, 200, null],
    ]);
    expect(attempts[0]!.responseExcerpt).toBe('Interner Fehler');
    const requests = receiver.requestsTo('/flaky');
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id, delivery!.id]);
    for (const r of requests) expect(new Webhook(secret).verify(r.body, headersOf(r))).toEqual(event.payload);
    // The first attempt came in the fan-out's batch job; each retry is its own job, written with the
    // attempt before it and due after the backoff.
    const [batch] = await t.owner
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.jobName, 'webhook.deliverBatch'),
          sql`${outbox.payload}->'deliveryIds' ? ${delivery!.id}::text`,
        ),
      );
    expect(batch!.payload).toEqual({ deliveryIds: [delivery!.id], municipalityId: m.id });
    const jobs = await t.owner
      .select()
      .from(outbox)
      .where(
        and(eq(outbox.jobName, 'webhook.deliver'), sql`${outbox.payload}->>'deliveryId' = ${delivery!.id}`),
      )
      .orderBy(asc(outbox.id));
    expect(jobs.map((j) => (j.payload as { attempt: number }).attempt)).toEqual([2, 3]);
    expect(jobs[1]!.availableAt.getTime()).toBeGreaterThanOrEqual(attempts[1]!.startedAt.getTime());
    // The failures in between were followed by a success.
    expect((await subscriptionRow(subscription.id)).consecutiveFailures).toBe(0);
  });

  it('fails a delivery after its last attempt', async () => {
    const m = await t.municipality();
    const { subscription } = await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/down`,
      events: ['workshop.cancelled'],
      municipalityId: m.id,
    });
    receiver.answer('/down', ...Array.from({ length: 4 }, () => ({ status: 503, body: 'Wartung' })));
    const event = await seedEvent(t.owner, 'workshop.cancelled', [m.id]);

    const [delivery] = await deliver(event.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
    expect((await attemptsOf(t.owner, delivery!.id)).map((a) => a.statusCode)).toEqual([503, 503, 503, 503]);
    await new Promise((r) => setTimeout(r, 200));
    await drain();
    expect(receiver.requestsTo('/down')).toHaveLength(4);
    expect(await subscriptionRow(subscription.id)).toMatchObject({
      status: 'active',
      consecutiveFailures: 4,
    });

    // A redelivery (the API sets it pending again and enqueues a job without an attempt) makes one more.
    await t.owner
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: new Date() })
      .where(eq(webhookDeliveries.id, delivery!.id));
    await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.deliver',
      payload: { deliveryId: delivery!.id, municipalityId: m.id },
    });
    await drain();
    expect((await attemptsOf(t.owner, delivery!.id)).map((a) => a.statusCode)).toEqual([
      503, 503, 503, 503, 200,
    ]);
    expect((await deliveriesOf(t.owner, event.id))[0]).toMatchObject({ status: 'succeeded', attempts: 5 });
    expect((await subscriptionRow(subscription.id)).consecutiveFailures).toBe(0);
  });

  it('counts a redirect as a failure and does not follow it', async () => {
    const m = await t.municipality();
    await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/moved`,
      events: ['strategy.published'],
      municipalityId: m.id,
    });
    receiver.answer('/moved', { status: 302, headers: { location: `${receiver.origin}/elsewhere` } });
    const event = await seedEvent(t.owner, 'strategy.published', [m.id]);

    const [delivery] = await deliver(event.id);
    const attempts = await attemptsOf(t.owner, delivery!.id);
    expect(attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [302, 'Redirect (302) not followed'],
      [200, null],
    ]);
    expect(receiver.requestsTo('/elsewhere')).toEqual([]);
  });

  it('gives up an attempt after the timeout and logs it as an error', async () => {
    const m = await t.municipality();
    await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/slow`,
      events: ['strategy.adopted'],
      municipalityId: m.id,
    });
    receiver.answer('/slow', 'hang');
    const event = await seedEvent(t.owner, 'strategy.adopted', [m.id]);

    const [delivery] = await deliver(event.id);
    const [first, second] = await attemptsOf(t.owner, delivery!.id);
    expect(first).toMatchObject({ attempt: 1, statusCode: null, error: 'Timed out after 300 ms' });
    expect(first!.durationMs).toBeGreaterThanOrEqual(290);
    expect(first!.durationMs).toBeLessThan(3000);
    expect(second).toMatchObject({ attempt: 2, statusCode: 200 });
  });

  it('resolves names through the injected resolver when it connects', async () => {
    const m = await t.municipality();
    await seedSubscription(t.owner, key, {
      url: `http://receiver.test:${receiver.port}/named`,
      events: ['measure.updated'],
      municipalityId: m.id,
    });
    const event = await seedEvent(t.owner, 'measure.updated', [m.id]);
    const [delivery] = await deliver(event.id);
    expect(delivery!.status).toBe('succeeded');
    expect(receiver.requestsTo('/named')).toHaveLength(1);
    expect(resolved).toContain('receiver.test');
  });
});

describe('webhook targets (SSRF)', () => {
  async function refused(url: string) {
    const m = await t.municipality();
    await seedSubscription(t.owner, key, { url, events: ['measure.deleted'], municipalityId: m.id });
    const event = await seedEvent(t.owner, 'measure.deleted', [m.id]);
    const [delivery] = await deliver(event.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4 });
    return attemptsOf(t.owner, delivery!.id);
  }

  it('refuses a loopback address that is not allow-listed without connecting', async () => {
    const https = await refused(`https://127.0.0.1:${internal.port}/hook`);
    expect(https.map((a) => [a.statusCode, a.error])).toEqual(
      Array.from({ length: 4 }, () => [null, 'Refused: 127.0.0.1 is not a public address']),
    );
    const http = await refused(`http://127.0.0.1:${internal.port}/hook`);
    expect(http[0]!.error).toBe('Refused: only https targets are allowed');
    expect(internal.connections).toBe(0);
    expect(internal.requests).toEqual([]);
  });

  it('refuses a name that resolves to an internal address when connecting (DNS rebinding)', async () => {
    // When the subscription was made the name pointed to a public server; now it points inside.
    const attempts = await refused(`https://portal.rebind.example:${internal.port}/hook`);
    expect(attempts[0]!.statusCode).toBeNull();
    expect(attempts[0]!.error).toBe(
      'Refused: portal.rebind.example resolves to 127.0.0.1, which is not a public address',
    );
    expect(resolved).toContain('portal.rebind.example');
    expect(internal.connections).toBe(0);
  });

  it('refuses a literal private address', async () => {
    const attempts = await refused('https://10.0.0.1/hook');
    expect(attempts[0]).toMatchObject({
      statusCode: null,
      error: 'Refused: 10.0.0.1 is not a public address',
    });
    expect(attempts[0]!.durationMs).toBeLessThan(100);
  });
});

describe('taking an attempt (prepared statements, as in production)', () => {
  let preparedPool: pg.Pool;
  let deps: DeliverDeps;
  const ctx = { jobId: 'job-1', attempt: 1, log: silentLogger };

  beforeAll(() => {
    preparedPool = createPool({ connectionString: t.config.DATABASE_URL, max: 2, preparedStatements: true });
    const client = createWebhookClient({
      allowList: t.config.WEBHOOK_ALLOWED_TARGETS,
      timeoutMs: t.config.WEBHOOK_TIMEOUT_MS,
    });
    deps = { db: createDatabase(preparedPool), config: t.config, webhookClient: client };
  });

  afterAll(async () => {
    deps.webhookClient.close();
    await preparedPool.end();
  });

  /** A pending, due delivery of a new event to a new subscription of the municipality. */
  async function pendingDelivery(path: string, options: Partial<SubscriptionOptions> = {}) {
    const { m, event, rows } = await pendingBatch([{ path, ...options }]);
    return { m, event, ...rows[0]! };
  }

  const deliveryRow = async (id: string) =>
    (await t.owner.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;

  /** The delivery succeeded at its first attempt, logged as such, and its subscription's failures reset. */
  async function expectFirstAttemptSucceeded(
    deliveryId: string,
    subscriptionId: string,
    municipalityId: string,
  ) {
    expect(await deliveryRow(deliveryId)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      nextAttemptAt: null,
    });
    expect(await attemptsOf(t.owner, deliveryId)).toEqual([
      expect.objectContaining({
        attempt: 1,
        subscriptionId,
        municipalityId,
        statusCode: 200,
        error: null,
        responseExcerpt: 'ok',
      }),
    ]);
    expect((await subscriptionRow(subscriptionId)).consecutiveFailures).toBe(0);
  }

  it('sends an attempt once: a second run while it sends finds it leased, a later one finds it made', async () => {
    const { m, subscription, secret, event, delivery } = await pendingDelivery('/leased', {
      consecutiveFailures: 2,
    });
    const payload = { deliveryId: delivery.id, attempt: 1, municipalityId: m.id };
    let during: unknown;
    let leasedUntil: Date | null = null;
    const sending: DeliverDeps = {
      ...deps,
      webhookClient: {
        post: async (url, headers, body) => {
          leasedUntil = (await deliveryRow(delivery.id)).nextAttemptAt;
          during = await deliverWebhook(deps, payload, ctx).catch((err: unknown) => err);
          return deps.webhookClient.post(url, headers, body);
        },
        close: () => {},
      },
    };
    const before = Date.now();
    await deliverWebhook(sending, payload, ctx);

    expect(during).toBeInstanceOf(AttemptInProgressError);
    // The lease: the attempt's timeout plus a margin, from the claim.
    expect(leasedUntil!.getTime()).toBeGreaterThanOrEqual(before + t.config.WEBHOOK_TIMEOUT_MS + 29_000);
    const [request] = receiver.requestsTo('/leased');
    expect(receiver.requestsTo('/leased')).toHaveLength(1);
    expect(request!.headers['webhook-id']).toBe(delivery.id);
    expect(new Webhook(secret).verify(request!.body, headersOf(request!))).toEqual(event.payload);
    await expectFirstAttemptSucceeded(delivery.id, subscription.id, m.id);

    // Made: neither the same attempt nor a job without one sends again.
    await deliverWebhook(deps, payload, ctx);
    await deliverWebhook(deps, { deliveryId: delivery.id, municipalityId: m.id }, ctx);
    expect(receiver.requestsTo('/leased')).toHaveLength(1);
    expect(await attemptsOf(t.owner, delivery.id)).toHaveLength(1);
  });

  it('waits for the lease of a run that died, then sends the attempt', async () => {
    const { m, delivery } = await pendingDelivery('/died');
    await t.owner
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() + 30_000) })
      .where(eq(webhookDeliveries.id, delivery.id));
    const payload = { deliveryId: delivery.id, attempt: 1, municipalityId: m.id };

    await expect(deliverWebhook(deps, payload, ctx)).rejects.toBeInstanceOf(AttemptInProgressError);
    expect(receiver.requestsTo('/died')).toHaveLength(0);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: 'pending', attempts: 0 });

    await t.owner
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(webhookDeliveries.id, delivery.id));
    await deliverWebhook(deps, payload, ctx);
    expect(receiver.requestsTo('/died')).toHaveLength(1);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('sends the next attempt for a job without one, and skips an attempt that is not the next', async () => {
    const { m, delivery } = await pendingDelivery('/next');
    await deliverWebhook(deps, { deliveryId: delivery.id, attempt: 2, municipalityId: m.id }, ctx);
    expect(receiver.requestsTo('/next')).toHaveLength(0);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: 'pending', attempts: 0 });

    await deliverWebhook(deps, { deliveryId: delivery.id, municipalityId: m.id }, ctx);
    expect(receiver.requestsTo('/next')).toHaveLength(1);
    expect(await attemptsOf(t.owner, delivery.id)).toEqual([expect.objectContaining({ attempt: 1 })]);
  });

  it('ends a delivery of a disabled or deleted subscription without sending', async () => {
    const disabled = await pendingDelivery('/disabled', { status: 'disabled' });
    const deleted = await pendingDelivery('/deleted', { deletedAt: new Date() });
    for (const { m, delivery } of [disabled, deleted]) {
      await deliverWebhook(deps, { deliveryId: delivery.id, attempt: 1, municipalityId: m.id }, ctx);
      expect(await deliveryRow(delivery.id)).toMatchObject({
        status: 'failed',
        attempts: 0,
        nextAttemptAt: null,
      });
      expect(await attemptsOf(t.owner, delivery.id)).toHaveLength(0);
    }
    expect(receiver.requestsTo('/disabled')).toHaveLength(0);
    expect(receiver.requestsTo('/deleted')).toHaveLength(0);
  });

  /** Pending, due deliveries of one event to new subscriptions of one municipality, one per path. */
  async function pendingBatch(targets: Array<{ path: string } & Partial<SubscriptionOptions>>) {
    const m = await t.municipality();
    const event = await seedEvent(t.owner, 'measure.updated', [m.id]);
    const rows = [];
    for (const { path, ...options } of targets) {
      const { subscription, secret } = await seedSubscription(t.owner, key, {
        url: `${receiver.origin}${path}`,
        events: ['measure.updated'],
        municipalityId: m.id,
        ...options,
      });
      const [delivery] = await t.owner
        .insert(webhookDeliveries)
        .values({
          eventId: event.id,
          subscriptionId: subscription.id,
          municipalityId: m.id,
          nextAttemptAt: new Date(),
        })
        .returning();
      rows.push({ subscription, secret, delivery: delivery! });
    }
    return { m, event, rows };
  }

  it('sends a batch at once and records each: successes together, a failure for retry, a disabled one ended', async () => {
    receiver.answer('/batch-failing', { status: 503 });
    const { m, event, rows } = await pendingBatch([
      { path: '/batch-a', consecutiveFailures: 4 },
      { path: '/batch-b' },
      { path: '/batch-failing' },
      { path: '/batch-disabled', status: 'disabled' },
    ]);
    const [a, b, failing, disabled] = rows as [
      (typeof rows)[0],
      (typeof rows)[0],
      (typeof rows)[0],
      (typeof rows)[0],
    ];
    const payload = { deliveryIds: rows.map((r) => r.delivery.id), municipalityId: m.id };
    await deliverWebhookBatch(deps, payload, ctx);

    for (const [path, { delivery, secret }] of [
      ['/batch-a', a],
      ['/batch-b', b],
      ['/batch-failing', failing],
    ] as const) {
      const requests = receiver.requestsTo(path);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.headers['webhook-id']).toBe(delivery.id);
      expect(new Webhook(secret).verify(requests[0]!.body, headersOf(requests[0]!))).toEqual(event.payload);
    }
    expect(receiver.requestsTo('/batch-disabled')).toHaveLength(0);

    for (const { delivery, subscription } of [a, b]) {
      await expectFirstAttemptSucceeded(delivery.id, subscription.id, m.id);
    }
    const retried = await deliveryRow(failing.delivery.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 1 });
    expect(retried.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(await attemptsOf(t.owner, failing.delivery.id)).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 503 }),
    ]);
    expect((await subscriptionRow(failing.subscription.id)).consecutiveFailures).toBe(1);
    const [retry] = await t.owner
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.jobName, 'webhook.deliver'),
          sql`${outbox.payload}->>'deliveryId' = ${failing.delivery.id}`,
        ),
      );
    expect(retry).toMatchObject({
      payload: { deliveryId: failing.delivery.id, attempt: 2, municipalityId: m.id },
      availableAt: retried.nextAttemptAt,
    });
    expect(await deliveryRow(disabled.delivery.id)).toMatchObject({ status: 'failed', attempts: 0 });

    // The job run again (after a crash, say): nothing is sent twice.
    await deliverWebhookBatch(deps, payload, ctx);
    expect(receiver.requestsTo('/batch-a')).toHaveLength(1);
    expect(receiver.requestsTo('/batch-failing')).toHaveLength(1);
    expect(await attemptsOf(t.owner, a.delivery.id)).toHaveLength(1);
  });

  it('sends the rest of a batch while one attempt is leased, and that one on a retry of the job', async () => {
    const { m, rows } = await pendingBatch([{ path: '/batch-free' }, { path: '/batch-leased' }]);
    const [free, leased] = rows as [(typeof rows)[0], (typeof rows)[0]];
    await t.owner
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() + 30_000) })
      .where(eq(webhookDeliveries.id, leased.delivery.id));
    const payload = { deliveryIds: [free.delivery.id, leased.delivery.id], municipalityId: m.id };

    const failed = await deliverWebhookBatch(deps, payload, ctx).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(AttemptInProgressError);
    expect((failed as Error).message).toContain(leased.delivery.id);
    expect(receiver.requestsTo('/batch-free')).toHaveLength(1);
    expect(receiver.requestsTo('/batch-leased')).toHaveLength(0);
    expect(await deliveryRow(free.delivery.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await deliveryRow(leased.delivery.id)).toMatchObject({ status: 'pending', attempts: 0 });

    // The lease ends (its run died): the job's retry sends that one, and the other not again.
    await t.owner
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(webhookDeliveries.id, leased.delivery.id));
    await deliverWebhookBatch(deps, payload, ctx);
    expect(receiver.requestsTo('/batch-free')).toHaveLength(1);
    expect(receiver.requestsTo('/batch-leased')).toHaveLength(1);
    expect(await deliveryRow(leased.delivery.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it("does not see a delivery under another municipality's id", async () => {
    const { delivery } = await pendingDelivery('/foreign');
    const other = await t.municipality();
    await deliverWebhook(deps, { deliveryId: delivery.id, attempt: 1, municipalityId: other.id }, ctx);
    expect(receiver.requestsTo('/foreign')).toHaveLength(0);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('disabling a failing subscription', () => {
  it('disables it after the limit of failures in a row and mails its creator in German', async () => {
    const m = await t.municipality('Verbandsgemeinde Südliche Weinstraße');
    const creator = await t.user('municipality_admin', m.id, {
      name: 'Anneliese Schäfer',
      email: 'anneliese.schaefer@suew.example',
    });
    const url = `${receiver.origin}/broken`;
    const { subscription } = await seedSubscription(t.owner, key, {
      url,
      events: ['workshop.updated', 'measure.created'],
      municipalityId: m.id,
      createdBy: creator.id,
      consecutiveFailures: 4,
    });
    receiver.answer('/broken', ...Array.from({ length: 4 }, () => ({ status: 500, body: 'Fehler' })));
    const event = await seedEvent(t.owner, 'workshop.updated', [m.id]);

    const [delivery] = await deliver(event.id);
    // Failures 5 and 6 of the run: the sixth disables, and the delivery ends with it.
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
    const disabled = await subscriptionRow(subscription.id);
    expect(disabled).toMatchObject({
      status: 'disabled',
      consecutiveFailures: 6,
      disabledReason: '6 fehlgeschlagene Zustellversuche in Folge; zuletzt: HTTP-Status 500',
    });
    expect(disabled.disabledAt).toBeInstanceOf(Date);

    const [job] = await t.owner
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.jobName, 'webhook.disabled'),
          sql`${outbox.payload}->>'subscriptionId' = ${subscription.id}`,
        ),
      );
    expect(job).toMatchObject({
      queue: 'mail',
      payload: { subscriptionId: subscription.id, municipalityId: m.id },
    });
    await drain();
    const file = `${job!.id}-${creator.id}.eml`;
    expect(await t.mails()).toContain(file);
    const mail = await simpleParser(await t.readMail(file));
    expect(mail.subject).toBe(`Webhook deaktiviert: ${url}`);
    expect(mail.to).toMatchObject({ value: [{ address: 'anneliese.schaefer@suew.example' }] });
    expect(mail.text).toContain('Guten Tag Anneliese Schäfer,');
    expect(mail.text).toContain(`das Webhook-Abonnement für ${url} wurde am`);
    expect(mail.text).toContain('automatisch deaktiviert: 6 Zustellversuche in Folge sind fehlgeschlagen.');
    expect(mail.text).toContain('Gilt für: Verbandsgemeinde Südliche Weinstraße');
    expect(mail.text).toContain('Die letzten Fehler:');
    expect(mail.text).toContain('HTTP-Status 500');
    expect(mail.text).toContain('PATCH auf das Abonnement und dem Inhalt {"status": "active"}');
    expect(mail.text).toContain('Mit freundlichen Grüßen');

    // A disabled subscription gets nothing more: a later event's delivery ends without a request.
    const later = await seedEvent(t.owner, 'measure.created', [m.id]);
    const [pending] = await t.owner
      .insert(webhookDeliveries)
      .values({ eventId: later.id, subscriptionId: subscription.id, municipalityId: m.id })
      .returning();
    await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.deliver',
      payload: { deliveryId: pending!.id, attempt: 1, municipalityId: m.id },
    });
    await drain();
    expect(await deliveriesOf(t.owner, later.id)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 0 }),
    ]);
    expect(receiver.requestsTo('/broken')).toHaveLength(2);
  });

  it("mails the program admins when a program-wide subscription's creator is gone", async () => {
    const gone = await t.user('program_admin', null, { deletedAt: new Date() });
    const admin = await t.user('program_admin', null, { name: 'Jörg Weißmüller' });
    const url = `${receiver.origin}/program-wide`;
    const { subscription } = await seedSubscription(t.owner, key, {
      url,
      events: ['strategy.published'],
      createdBy: gone.id,
      consecutiveFailures: 5,
    });
    receiver.answer('/program-wide', { status: 410 });
    const m = await t.municipality();
    const event = await seedEvent(t.owner, 'strategy.published', [m.id]);
    await deliver(event.id);
    await drain();
    const [job] = await t.owner
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.jobName, 'webhook.disabled'),
          sql`${outbox.payload}->>'subscriptionId' = ${subscription.id}`,
        ),
      );
    const files = (await t.mails()).filter((f) => f.startsWith(job!.id));
    const active = await t.owner.select({ id: users.id }).from(users).where(eq(users.role, 'program_admin'));
    expect(files).toContain(`${job!.id}-${admin.id}.eml`);
    expect(files).not.toContain(`${job!.id}-${gone.id}.eml`);
    expect(files.length).toBe(active.length - 1);
    const mail = await simpleParser(await t.readMail(`${job!.id}-${admin.id}.eml`));
    expect(mail.subject).toBe(`Webhook deaktiviert: ${url}`);
    expect(mail.text).toContain('Gilt für: das ganze Programm');
    expect(mail.text).toContain('HTTP-Status 410');
  });
});

describe('retry backoff', () => {
  const defaults = { WEBHOOK_BACKOFF_BASE_MS: 10_000, WEBHOOK_BACKOFF_MAX_MS: 4 * 3600_000 };
  // Math.random() is below 1: the largest jitter factor it can give.
  const almostOne = () => 1 - Number.EPSILON;

  it('doubles from the base up to the cap, shortened by a jitter of up to half', () => {
    expect(retryDelayMs(1, defaults, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, defaults, almostOne)).toBe(10_000);
    expect(retryDelayMs(3, defaults, almostOne)).toBe(40_000);
    expect(retryDelayMs(12, defaults, almostOne)).toBe(4 * 3600_000);
    expect(retryDelayMs(17, defaults, () => 0)).toBe(2 * 3600_000);
    for (let attempt = 1; attempt <= 17; attempt++) {
      const full = Math.min(10_000 * 2 ** (attempt - 1), 4 * 3600_000);
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(attempt, defaults);
        expect(delay).toBeGreaterThanOrEqual(full / 2);
        expect(delay).toBeLessThanOrEqual(full);
      }
    }
  });

  it('spreads the 18 default attempts over about a day', () => {
    const total = (random: () => number) =>
      Array.from({ length: 17 }, (_, i) => retryDelayMs(i + 1, defaults, random)).reduce((a, b) => a + b, 0);
    const hours = (ms: number) => ms / 3600_000;
    expect(hours(total(() => 0))).toBeCloseTo(14.84, 1);
    expect(hours(total(almostOne))).toBeCloseTo(29.69, 1);
    expect(hours(total(() => 0.5))).toBeCloseTo(22.26, 1);
  });
});
