import { webhookDeliveries, webhookDeliveryAttempts, webhookEvents } from '@werkstatt/db';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhookRetentionScan } from '../src/webhooks/retention.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';
import { attemptsOf, deliveriesOf, seedEvent, seedSubscription } from './support/webhooks.js';

let t: WorkerTestContext;

beforeAll(async () => {
  t = await createWorkerTestContext();
});
afterAll(() => t.close());

const DAY = 86_400_000;

/** An event `daysAgo` old with one delivery per status given, each with one logged attempt. */
async function eventWith(
  subscriptionId: string,
  municipalityId: string,
  daysAgo: number,
  statuses: string[],
) {
  const event = await seedEvent(t.owner, 'registration.created', [municipalityId], {
    id: '0190a5f2-7b1c-7cc4-9a51-5d6c9f1e2b3a',
    name: 'Jürgen Weiß',
    email: 'juergen.weiss@example.org',
  });
  const occurredAt = new Date(Date.now() - daysAgo * DAY);
  await t.owner.update(webhookEvents).set({ occurredAt }).where(eq(webhookEvents.id, event.id));
  for (const status of statuses) {
    // One subscription takes one delivery per event: the others go to copies of it.
    const sub =
      statuses.indexOf(status) === 0
        ? subscriptionId
        : (
            await seedSubscription(t.owner, t.config.WEBHOOK_SECRET_KEY, {
              url: 'https://portal.example.org/hook',
              events: ['registration.created'],
              municipalityId,
              personalData: true,
            })
          ).subscription.id;
    const [delivery] = await t.owner
      .insert(webhookDeliveries)
      .values({
        eventId: event.id,
        subscriptionId: sub,
        municipalityId,
        status: status as 'pending' | 'succeeded' | 'failed',
        attempts: 1,
        lastAttemptAt: occurredAt,
      })
      .returning();
    await t.owner.insert(webhookDeliveryAttempts).values({
      deliveryId: delivery!.id,
      subscriptionId: sub,
      municipalityId,
      attempt: 1,
      startedAt: occurredAt,
      durationMs: 12,
      statusCode: status === 'succeeded' ? 200 : 503,
    });
  }
  return event.id;
}

const eventExists = async (id: string) =>
  (await t.owner.select().from(webhookEvents).where(eq(webhookEvents.id, id))).length === 1;

describe('webhooks.retentionScan', () => {
  it('deletes settled events past the retention period with their deliveries and log, and keeps the rest', async () => {
    const m = await t.municipality();
    const { subscription } = await seedSubscription(t.owner, t.config.WEBHOOK_SECRET_KEY, {
      url: 'https://portal.example.org/hook',
      events: ['registration.created'],
      municipalityId: m.id,
      personalData: true,
    });
    const settledOld = await eventWith(subscription.id, m.id, 31, ['succeeded', 'failed']);
    const noDeliveriesOld = await eventWith(subscription.id, m.id, 40, []);
    const stillRetrying = await eventWith(subscription.id, m.id, 31, ['succeeded', 'pending']);
    const recent = await eventWith(subscription.id, m.id, 29, ['succeeded']);
    const settledDeliveries = (await deliveriesOf(t.owner, settledOld)).map((d) => d.id);
    expect(settledDeliveries).toHaveLength(2);

    expect(await runWebhookRetentionScan(t.owner, 30)).toEqual({ events: 2 });

    // Gone with everything that hung on them, personal data included.
    expect(await eventExists(settledOld)).toBe(false);
    expect(await eventExists(noDeliveriesOld)).toBe(false);
    expect(await deliveriesOf(t.owner, settledOld)).toEqual([]);
    expect(
      await t.owner
        .select()
        .from(webhookDeliveryAttempts)
        .where(inArray(webhookDeliveryAttempts.deliveryId, settledDeliveries)),
    ).toEqual([]);
    // A delivery still retrying keeps its event and the log of its siblings; a recent event stays.
    expect(await eventExists(stillRetrying)).toBe(true);
    const retrying = await deliveriesOf(t.owner, stillRetrying);
    expect(retrying).toHaveLength(2);
    for (const d of retrying) expect(await attemptsOf(t.owner, d.id)).toHaveLength(1);
    expect(await eventExists(recent)).toBe(true);

    // Idempotent: a second run finds nothing.
    expect(await runWebhookRetentionScan(t.owner, 30)).toEqual({ events: 0 });
  });

  it('works through a backlog larger than one batch', async () => {
    const m = await t.municipality();
    const occurredAt = new Date(Date.now() - 60 * DAY);
    const rows = await t.owner
      .insert(webhookEvents)
      .values(
        Array.from({ length: 1205 }, () => ({
          type: 'measure.updated' as const,
          municipalityIds: [m.id],
          payload: { type: 'measure.updated', timestamp: occurredAt.toISOString(), data: {} },
          occurredAt,
        })),
      )
      .returning({ id: webhookEvents.id });
    expect(await runWebhookRetentionScan(t.owner, 30)).toEqual({ events: 1205 });
    const left = await t.owner
      .select()
      .from(webhookEvents)
      .where(
        inArray(
          webhookEvents.id,
          rows.map((r) => r.id),
        ),
      );
    expect(left).toEqual([]);
  });
});
