import { outbox, webhookEvents } from '@werkstatt/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../src/documents/render-document.js';
import { silentLogger } from '../src/logger.js';
import { startWorkerRuntime, type WorkerRuntime } from '../src/runtime.js';
import { seedDocument, seedStrategyVersion } from '../src/testing/index.js';
import { fanOutWebhookEvent } from '../src/webhooks/fanout.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';
import {
  attemptsOf,
  deliveriesOf,
  type Receiver,
  seedEvent,
  seedSubscription,
  startReceiver,
} from './support/webhooks.js';

let t: WorkerTestContext;
let receiver: Receiver;
let runtime: WorkerRuntime | undefined;
let key = '';
const ctx = { jobId: 'test-job', attempt: 1, log: silentLogger };

beforeAll(async () => {
  receiver = await startReceiver();
  t = await createWorkerTestContext({
    WEBHOOK_ALLOWED_TARGETS: receiver.origin,
    WEBHOOK_BACKOFF_BASE_MS: '10',
    WEBHOOK_BACKOFF_MAX_MS: '40',
    OUTBOX_POLL_MS: '50',
  });
  key = t.config.WEBHOOK_SECRET_KEY;
});

afterAll(async () => {
  await runtime?.stop();
  await t.close();
  await receiver.close();
});

/** The `webhook.deliverBatch` jobs in the outbox for the event's deliveries. */
async function deliverJobs(eventId: string) {
  return t.owner
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.jobName, 'webhook.deliverBatch'),
        sql`${outbox.payload}->'deliveryIds' ?| array(select id::text from webhook_deliveries where event_id = ${eventId})`,
      ),
    );
}

describe('webhook fan-out', () => {
  it('records a delivery and a job for every active subscription that wants the event, once', async () => {
    const a = await t.municipality('Ortsgemeinde Bärenbach');
    const b = await t.municipality('Stadt Landau');
    const url = `${receiver.origin}/fanout`;
    const sub = (options: Partial<Parameters<typeof seedSubscription>[2]>) =>
      seedSubscription(t.owner, key, { url, events: ['workshop.updated'], ...options }).then(
        (s) => s.subscription,
      );

    const programWide = await sub({ events: ['workshop.updated', 'strategy.published'] });
    const boundA = await sub({ municipalityId: a.id });
    const boundB = await sub({ municipalityId: b.id });
    await sub({ municipalityId: a.id, events: ['measure.created'] });
    await sub({ municipalityId: a.id, status: 'disabled' });
    await sub({ municipalityId: a.id, deletedAt: new Date() });
    const personal = await sub({
      municipalityId: a.id,
      events: ['registration.created'],
      personalData: true,
    });
    await sub({ municipalityId: a.id, events: ['registration.created'], personalData: false });
    await sub({ events: ['registration.created'] });

    // A workshop of both municipalities: the program-wide one and each bound one.
    const workshop = await seedEvent(t.owner, 'workshop.updated', [a.id, b.id]);
    await fanOutWebhookEvent(t.owner, { eventId: workshop.id, municipalityId: null }, ctx);
    const deliveries = await deliveriesOf(t.owner, workshop.id);
    expect(deliveries.map((d) => d.subscriptionId).sort()).toEqual(
      [programWide.id, boundA.id, boundB.id].sort(),
    );
    expect(deliveries.find((d) => d.subscriptionId === boundB.id)).toMatchObject({
      municipalityId: b.id,
      status: 'pending',
      attempts: 0,
    });
    expect(deliveries.find((d) => d.subscriptionId === programWide.id)!.municipalityId).toBeNull();
    // One batch job per municipality of the subscriptions (the scope each job runs in).
    const jobs = await deliverJobs(workshop.id);
    expect(
      jobs.map((j) => j.payload).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    ).toEqual(
      deliveries
        .map((d) => ({ deliveryIds: [d.id], municipalityId: d.municipalityId }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
    expect(jobs.map((j) => j.queue)).toEqual(['webhooks', 'webhooks', 'webhooks']);
    expect(jobs.map((j) => j.municipalityId).sort()).toEqual(deliveries.map((d) => d.municipalityId).sort());

    // Run again (a job retried after a crash): no second delivery, no second job.
    await fanOutWebhookEvent(t.owner, { eventId: workshop.id, municipalityId: null }, ctx);
    expect(await deliveriesOf(t.owner, workshop.id)).toHaveLength(3);
    expect(await deliverJobs(workshop.id)).toHaveLength(3);

    // An event of one municipality only reaches that one's subscriptions and the program-wide ones.
    const onlyB = await seedEvent(t.owner, 'workshop.updated', [b.id]);
    await fanOutWebhookEvent(t.owner, { eventId: onlyB.id, municipalityId: b.id }, ctx);
    expect((await deliveriesOf(t.owner, onlyB.id)).map((d) => d.subscriptionId).sort()).toEqual(
      [programWide.id, boundB.id].sort(),
    );

    // Personal data only to a bound subscription that may hold it.
    const registration = await seedEvent(t.owner, 'registration.created', [a.id]);
    await fanOutWebhookEvent(t.owner, { eventId: registration.id, municipalityId: a.id }, ctx);
    expect((await deliveriesOf(t.owner, registration.id)).map((d) => d.subscriptionId)).toEqual([
      personal.id,
    ]);

    // A program-wide event (no municipality) reaches program-wide subscriptions only.
    const published = await seedEvent(t.owner, 'strategy.published', []);
    await fanOutWebhookEvent(t.owner, { eventId: published.id, municipalityId: null }, ctx);
    expect((await deliveriesOf(t.owner, published.id)).map((d) => d.subscriptionId)).toEqual([
      programWide.id,
    ]);
  });

  it('fans out to many subscriptions in bulk', async () => {
    const m = await t.municipality();
    for (let i = 0; i < 200; i++) {
      await seedSubscription(t.owner, key, {
        url: `${receiver.origin}/bulk`,
        events: ['measure.updated'],
        municipalityId: m.id,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      });
    }
    const event = await seedEvent(t.owner, 'measure.updated', [m.id]);
    const started = performance.now();
    await fanOutWebhookEvent(t.owner, { eventId: event.id, municipalityId: m.id }, ctx);
    expect(performance.now() - started).toBeLessThan(5000);
    const deliveries = await deliveriesOf(t.owner, event.id);
    expect(deliveries).toHaveLength(200);
    // In jobs of 20 (the default batch size), each delivery in exactly one.
    const jobs = await deliverJobs(event.id);
    expect(jobs.map((j) => (j.payload as { deliveryIds: string[] }).deliveryIds.length)).toEqual(
      Array(10).fill(20),
    );
    expect(jobs.flatMap((j) => (j.payload as { deliveryIds: string[] }).deliveryIds).sort()).toEqual(
      deliveries.map((d) => d.id).sort(),
    );

    // A batch size of 1 gives each delivery its own job.
    const single = await seedEvent(t.owner, 'measure.updated', [m.id]);
    await fanOutWebhookEvent(t.owner, { eventId: single.id, municipalityId: m.id }, ctx, 1);
    expect(await deliverJobs(single.id)).toHaveLength(200);
  });
});

describe('document.ready', () => {
  it('is recorded with its fan-out job when a render finishes', async () => {
    const version = await seedStrategyVersion(t.owner, { municipalityName: 'Verbandsgemeinde Eich' });
    const documentId = await seedDocument(t.owner, version);
    const pdf = Buffer.from('%PDF-1.7\n% Prüfdokument\n');
    await renderDocument(
      { db: t.owner, config: { JOB_ATTEMPTS: 1 }, renderPdf: async () => ({ buffer: pdf, pageCount: 9 }) },
      { documentId, municipalityId: version.municipalityId },
      ctx,
    );

    const events = await t.owner
      .select()
      .from(webhookEvents)
      .where(sql`${webhookEvents.payload}->'data'->>'id' = ${documentId}`);
    expect(events).toHaveLength(1);
    const [event] = events;
    const readyAt = (event!.payload as { data: { readyAt: string } }).data.readyAt;
    expect(event).toMatchObject({
      type: 'document.ready',
      municipalityIds: [version.municipalityId],
      payload: {
        type: 'document.ready',
        timestamp: readyAt,
        data: {
          id: documentId,
          municipalityId: version.municipalityId,
          strategyVersionId: version.versionId,
          pageCount: 9,
          sizeBytes: pdf.length,
          filename: `Digitalstrategie-${version.municipalitySlug}.pdf`,
          readyAt,
        },
      },
    });
    expect(new Date(readyAt).toISOString()).toBe(readyAt);
    const [job] = await t.owner
      .select()
      .from(outbox)
      .where(and(eq(outbox.jobName, 'webhook.fanout'), sql`${outbox.payload}->>'eventId' = ${event!.id}`));
    expect(job).toMatchObject({
      queue: 'webhooks',
      municipalityId: version.municipalityId,
      payload: { eventId: event!.id, municipalityId: version.municipalityId },
    });
  });
});

describe('on BullMQ (real Redis)', () => {
  it('fans out, delivers and retries through the outbox relay and the webhooks queue', async () => {
    runtime = startWorkerRuntime(t.config, { log: silentLogger });
    const m = await t.municipality();
    await seedSubscription(t.owner, key, {
      url: `${receiver.origin}/bullmq`,
      events: ['workshop.created'],
      municipalityId: m.id,
    });
    receiver.answer('/bullmq', { status: 502 });
    const event = await seedEvent(t.owner, 'workshop.created', [m.id]);
    await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.fanout',
      payload: { eventId: event.id, municipalityId: null },
    });

    const [delivery] = await waitFor(
      async () => {
        const rows = await deliveriesOf(t.owner, event.id);
        return rows[0]?.status === 'succeeded' ? rows : null;
      },
      20_000,
      'the delivery to succeed',
    );
    expect((await attemptsOf(t.owner, delivery!.id)).map((a) => a.statusCode)).toEqual([502, 200]);
    expect(receiver.requestsTo('/bullmq').map((r) => r.headers['webhook-id'])).toEqual([
      delivery!.id,
      delivery!.id,
    ]);
  });
});
