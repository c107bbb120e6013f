import {
  auditEvents,
  outbox,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookEventTypes,
  webhookSubscriptions,
} from '@werkstatt/db';
import { decryptSecret } from '@werkstatt/webhooks';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { DEVELOPMENT_WEBHOOK_SECRET_KEY } from '../src/modules/webhooks/webhooks.service.js';
import { createHarness, type Harness, type TestUser } from './support/harness.js';

let h: Harness;
let mid: string;
let otherMid: string;
let programAdmin: TestUser;
let admin: TestUser;
let otherAdmin: TestUser;
let editor: TestUser;

const LOCAL_RECEIVER = 'http://127.0.0.1:4010';
const PUBLIC_TARGET = 'https://93.184.215.14/hooks/werkstatt';

async function subscribe(payload: Record<string, unknown>, token = programAdmin.token) {
  return h.request({ method: 'POST', url: '/v1/webhooks', token, payload });
}

async function created(payload: Record<string, unknown>, token = programAdmin.token) {
  const res = await subscribe(
    { url: `${LOCAL_RECEIVER}/hook`, events: ['measure.updated'], ...payload },
    token,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

const rowOf = async (id: string) =>
  (await h.owner.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)))[0]!;

beforeAll(async () => {
  h = await createHarness({
    WEBHOOK_ALLOWED_TARGETS: `${LOCAL_RECEIVER}, http://localhost:4011`,
    WEBHOOK_SECRET_OVERLAP_HOURS: '24',
  });
  mid = (await h.municipality()).id;
  otherMid = (await h.municipality()).id;
  programAdmin = await h.user('program_admin');
  admin = await h.user('municipality_admin', mid);
  otherAdmin = await h.user('municipality_admin', otherMid);
  editor = await h.user('municipality_editor', mid);
});
afterAll(() => h.close());

describe('webhook subscriptions', () => {
  it('are created with the secret shown once and stored encrypted, audited without it', async () => {
    const res = await created({
      events: ['measure.created', 'measure.updated'],
      description: 'Landesportal',
    });
    const body = res.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(body).toMatchObject({
      url: `${LOCAL_RECEIVER}/hook`,
      events: ['measure.created', 'measure.updated'],
      description: 'Landesportal',
      municipalityId: null,
      personalData: false,
      status: 'active',
      consecutiveFailures: 0,
      disabledAt: null,
      previousSecretExpiresAt: null,
    });
    expect(res.headers.location).toBe(`/v1/webhooks/${body.id}`);
    expect(res.headers.etag).toBeTruthy();

    const row = await rowOf(body.id);
    expect(row.secretCiphertext).not.toContain(body.secret);
    expect(row.secretCiphertext).not.toContain(body.secret.slice(6));
    expect(decryptSecret(row.secretCiphertext, DEVELOPMENT_WEBHOOK_SECRET_KEY)).toBe(body.secret);

    const got = await h.request({ method: 'GET', url: `/v1/webhooks/${body.id}`, token: programAdmin.token });
    expect(got.statusCode).toBe(200);
    expect(got.json()).not.toHaveProperty('secret');
    expect(got.body).not.toContain(body.secret);
    expect(got.headers.etag).toBe(res.headers.etag);

    const list = await h.request({ method: 'GET', url: '/v1/webhooks', token: programAdmin.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((s: { id: string }) => s.id)).toContain(body.id);
    expect(list.body).not.toContain(body.secret);

    const audits = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, body.id));
    expect(audits.map((a) => a.action)).toEqual(['webhook_subscription.created']);
    expect(JSON.stringify(audits)).not.toContain(body.secret.slice(6));
    expect(JSON.stringify(audits)).not.toContain(row.secretCiphertext);
  });

  it('are refused to API keys and to roles other than the admins', async () => {
    const key = await h.apiKey(['municipality:write', 'municipality:read'], mid);
    const byKey = await subscribe({ url: `${LOCAL_RECEIVER}/x`, events: ['measure.updated'] }, key.key);
    expect(byKey.statusCode).toBe(403);
    const list = await h.request({ method: 'GET', url: '/v1/webhooks', token: key.key });
    expect(list.statusCode).toBe(403);
    const byEditor = await h.request({ method: 'GET', url: '/v1/webhooks', token: editor.token });
    expect(byEditor.statusCode).toBe(403);
  });

  it('of a municipality admin are their own municipality’s, invisible to others (404)', async () => {
    const res = await created({}, admin.token);
    const sub = res.json();
    expect(sub.municipalityId).toBe(mid);

    const foreign = await h.request({
      method: 'GET',
      url: `/v1/webhooks/${sub.id}`,
      token: otherAdmin.token,
    });
    expect(foreign.statusCode).toBe(404);
    const foreignPatch = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${sub.id}`,
      token: otherAdmin.token,
      headers: { 'if-match': res.headers.etag as string },
      payload: { description: 'fremd' },
    });
    expect(foreignPatch.statusCode).toBe(404);
    const foreignDelete = await h.request({
      method: 'DELETE',
      url: `/v1/webhooks/${sub.id}`,
      token: otherAdmin.token,
    });
    expect(foreignDelete.statusCode).toBe(404);
    const otherList = await h.request({ method: 'GET', url: '/v1/webhooks', token: otherAdmin.token });
    expect(otherList.json().data.map((s: { id: string }) => s.id)).not.toContain(sub.id);

    // Not for another municipality, nor program-wide.
    expect(
      (
        await subscribe(
          { url: `${LOCAL_RECEIVER}/y`, events: ['measure.updated'], municipalityId: otherMid },
          admin.token,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await subscribe(
          { url: `${LOCAL_RECEIVER}/y`, events: ['measure.updated'], municipalityId: null },
          admin.token,
        )
      ).statusCode,
    ).toBe(403);

    const filtered = await h.request({
      method: 'GET',
      url: `/v1/webhooks?municipalityId=${mid}`,
      token: programAdmin.token,
    });
    expect(filtered.json().data.every((s: { municipalityId: string }) => s.municipalityId === mid)).toBe(
      true,
    );
    expect(filtered.json().data.map((s: { id: string }) => s.id)).toContain(sub.id);
  });

  it('refuse registration.* events without a municipality and personalData (400)', async () => {
    const programWide = await subscribe({ url: `${LOCAL_RECEIVER}/r`, events: ['registration.created'] });
    expect(programWide.statusCode).toBe(400);
    expect(programWide.json().errors).toContainEqual(expect.objectContaining({ path: 'body.events' }));
    const withoutConsent = await subscribe(
      { url: `${LOCAL_RECEIVER}/r`, events: ['registration.created'], municipalityId: mid },
      programAdmin.token,
    );
    expect(withoutConsent.statusCode).toBe(400);
    expect(withoutConsent.json().detail).toMatch(/personalData/);
    const personalProgramWide = await subscribe({
      url: `${LOCAL_RECEIVER}/r`,
      events: ['measure.updated'],
      personalData: true,
    });
    expect(personalProgramWide.statusCode).toBe(400);
    expect(personalProgramWide.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.personalData' }),
    );
    const ok = await subscribe(
      {
        url: `${LOCAL_RECEIVER}/r`,
        events: ['registration.created', 'registration.cancelled'],
        personalData: true,
      },
      admin.token,
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ municipalityId: mid, personalData: true });
  });

  it('validate events: at least one, distinct, known', async () => {
    for (const events of [[], ['measure.updated', 'measure.updated'], ['measure.exploded']]) {
      const res = await subscribe({ url: `${LOCAL_RECEIVER}/e`, events });
      expect(res.statusCode, JSON.stringify(events)).toBe(400);
    }
    expect(
      (await subscribe({ url: `${LOCAL_RECEIVER}/e`, events: ['measure.updated'], extra: 1 })).statusCode,
    ).toBe(400);
  });

  it('refuse targets that are not https or resolve to internal addresses', async () => {
    const bad400 = [
      'http://93.184.215.14/hook',
      'ftp://93.184.215.14/hook',
      'https://user:pass@93.184.215.14/hook',
      'https://93.184.215.14/hook#frag',
      `https://93.184.215.14/${'a'.repeat(2050)}`,
      'not a url',
    ];
    for (const url of bad400) {
      const res = await subscribe({ url, events: ['measure.updated'] });
      expect(res.statusCode, url).toBe(400);
    }
    const refused = [
      'https://127.0.0.1/hook',
      'https://10.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://100.64.0.1/hook',
      'https://192.168.1.10/hook',
      'https://[fd00:ec2::254]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://localhost/hook',
      'https://127.0.0.1:4010/hook',
    ];
    for (const url of refused) {
      const res = await subscribe({ url, events: ['measure.updated'] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().code).toBe('webhook_target_refused');
    }
    const count = await h.owner
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookSubscriptions)
      .where(
        sql`${webhookSubscriptions.url} like '%/hook%' and ${webhookSubscriptions.url} not like 'http://127.0.0.1:4010%'`,
      );
    expect(count[0]!.n).toBe(0);
  });

  it('accept allow-listed origins as they are (http, loopback) and public https addresses', async () => {
    expect((await subscribe({ url: `${LOCAL_RECEIVER}/ok`, events: ['measure.updated'] })).statusCode).toBe(
      201,
    );
    expect(
      (await subscribe({ url: 'http://localhost:4011/ok', events: ['measure.updated'] })).statusCode,
    ).toBe(201);
    // Another port of an allow-listed host is not allow-listed.
    expect(
      (await subscribe({ url: 'http://127.0.0.1:4012/ok', events: ['measure.updated'] })).statusCode,
    ).toBe(400);
    expect((await subscribe({ url: PUBLIC_TARGET, events: ['measure.updated'] })).statusCode).toBe(201);
  });

  it('are changed with If-Match; status active re-enables and resets the failures; deleted softly', async () => {
    const res = await created({});
    const id = res.json().id;
    await h.owner
      .update(webhookSubscriptions)
      .set({
        status: 'disabled',
        consecutiveFailures: 12,
        disabledAt: new Date(),
        disabledReason: 'Zu viele Fehler.',
      })
      .where(eq(webhookSubscriptions.id, id));
    const current = await h.request({ method: 'GET', url: `/v1/webhooks/${id}`, token: programAdmin.token });
    expect(current.json()).toMatchObject({ status: 'disabled', consecutiveFailures: 12 });

    const noIfMatch = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      token: programAdmin.token,
      payload: { status: 'active' },
    });
    expect(noIfMatch.statusCode).toBe(428);
    const stale = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      token: programAdmin.token,
      headers: { 'if-match': res.headers.etag as string },
      payload: { status: 'active' },
    });
    expect(stale.statusCode).toBe(412);

    const ok = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      token: programAdmin.token,
      headers: { 'if-match': current.headers.etag as string },
      payload: {
        status: 'active',
        events: ['measure.created'],
        description: 'neu',
        url: `${LOCAL_RECEIVER}/neu`,
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
      disabledAt: null,
      disabledReason: null,
      events: ['measure.created'],
      description: 'neu',
      url: `${LOCAL_RECEIVER}/neu`,
    });
    expect(ok.headers.etag).toBeTruthy();

    const badUrl = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      token: programAdmin.token,
      headers: { 'if-match': ok.headers.etag as string },
      payload: { url: 'https://10.1.2.3/hook' },
    });
    expect(badUrl.statusCode).toBe(422);
    const personal = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      token: programAdmin.token,
      headers: { 'if-match': ok.headers.etag as string },
      payload: { events: ['registration.updated'] },
    });
    expect(personal.statusCode).toBe(400);

    const empty = await h.request({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      token: programAdmin.token,
      headers: { 'if-match': ok.headers.etag as string },
      payload: {},
    });
    expect(empty.statusCode).toBe(400);

    const del = await h.request({ method: 'DELETE', url: `/v1/webhooks/${id}`, token: programAdmin.token });
    expect(del.statusCode).toBe(204);
    expect((await rowOf(id)).deletedAt).toBeInstanceOf(Date);
    expect(
      (await h.request({ method: 'GET', url: `/v1/webhooks/${id}`, token: programAdmin.token })).statusCode,
    ).toBe(404);
    const audits = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'webhook_subscription.created',
      'webhook_subscription.deleted',
      'webhook_subscription.updated',
    ]);
  });

  it('rotate the secret: the new one shown once, the old one kept for the overlap', async () => {
    const res = await created({}, admin.token);
    const { id, secret: first } = res.json();
    const before = await rowOf(id);
    const started = Date.now();
    const rotated = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${id}/rotate-secret`,
      token: admin.token,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const second = rotated.json().secret;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    const expires = new Date(rotated.json().previousSecretExpiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(started + 24 * 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000 + 1000);
    const after = await rowOf(id);
    expect(after.previousSecretCiphertext).toBe(before.secretCiphertext);
    expect(decryptSecret(after.secretCiphertext, DEVELOPMENT_WEBHOOK_SECRET_KEY)).toBe(second);
    const audits = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audits.map((a) => a.action)).toContain('webhook_subscription.secret_rotated');
    expect(JSON.stringify(audits)).not.toContain(second.slice(6));

    const withoutOverlap = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${id}/rotate-secret`,
      token: admin.token,
      payload: { overlapHours: 0 },
    });
    expect(withoutOverlap.statusCode).toBe(200);
    expect(withoutOverlap.json().previousSecretExpiresAt).toBeNull();
    expect((await rowOf(id)).previousSecretCiphertext).toBeNull();
    const tooLong = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${id}/rotate-secret`,
      token: admin.token,
      payload: { overlapHours: 169 },
    });
    expect(tooLong.statusCode).toBe(400);
    const foreign = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${id}/rotate-secret`,
      token: otherAdmin.token,
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('the delivery log', () => {
  async function deliveryFixture(token = admin.token, municipalityId: string | null = mid) {
    const sub = (await created({}, token)).json();
    const [event] = await h.owner
      .insert(webhookEvents)
      .values({
        type: 'measure.updated',
        municipalityIds: municipalityId ? [municipalityId] : [],
        payload: { type: 'measure.updated', timestamp: new Date().toISOString(), data: {} },
      })
      .returning();
    const deliveries = await h.owner
      .insert(webhookDeliveries)
      .values(
        [0, 1, 2].map(() => ({
          eventId: event!.id,
          subscriptionId: sub.id,
          municipalityId,
          status: 'failed' as const,
          attempts: 2,
          lastAttemptAt: new Date(),
        })),
      )
      .onConflictDoNothing()
      .returning();
    return { sub, event: event!, deliveries };
  }

  it('lists deliveries newest first with their attempts', async () => {
    const sub = (await created({}, admin.token)).json();
    const events = await h.owner
      .insert(webhookEvents)
      .values(
        ['measure.created', 'measure.updated', 'measure.deleted'].map((type) => ({
          type: type as 'measure.created',
          municipalityIds: [mid],
          payload: { type, timestamp: new Date().toISOString(), data: {} },
        })),
      )
      .returning();
    const deliveries = [];
    for (const e of events) {
      const [d] = await h.owner
        .insert(webhookDeliveries)
        .values({ eventId: e.id, subscriptionId: sub.id, municipalityId: mid, status: 'failed', attempts: 2 })
        .returning();
      deliveries.push(d!);
    }
    await h.owner.insert(webhookDeliveryAttempts).values(
      deliveries.flatMap((d) => [
        {
          deliveryId: d.id,
          subscriptionId: sub.id,
          municipalityId: mid,
          attempt: 1,
          startedAt: new Date(),
          durationMs: 120,
          statusCode: 500,
          responseExcerpt: 'Internal Server Error',
        },
        {
          deliveryId: d.id,
          subscriptionId: sub.id,
          municipalityId: mid,
          attempt: 2,
          startedAt: new Date(),
          durationMs: 10_000,
          statusCode: null,
          error: 'timeout',
        },
      ]),
    );

    const res = await h.request({
      method: 'GET',
      url: `/v1/webhooks/${sub.id}/deliveries?limit=2`,
      token: admin.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.data.map((d: { id: string }) => d.id)).toEqual([deliveries[2]!.id, deliveries[1]!.id]);
    expect(page.data[0]).toMatchObject({
      eventId: events[2]!.id,
      eventType: 'measure.deleted',
      status: 'failed',
      attemptCount: 2,
      attempts: [
        {
          attempt: 1,
          durationMs: 120,
          statusCode: 500,
          error: null,
          responseExcerpt: 'Internal Server Error',
        },
        { attempt: 2, durationMs: 10_000, statusCode: null, error: 'timeout', responseExcerpt: null },
      ],
    });
    expect(page.nextCursor).toBeTruthy();
    const next = await h.request({
      method: 'GET',
      url: `/v1/webhooks/${sub.id}/deliveries?limit=2&cursor=${page.nextCursor}`,
      token: admin.token,
    });
    expect(next.json().data.map((d: { id: string }) => d.id)).toEqual([deliveries[0]!.id]);
    expect(next.json().nextCursor).toBeNull();

    const foreign = await h.request({
      method: 'GET',
      url: `/v1/webhooks/${sub.id}/deliveries`,
      token: otherAdmin.token,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('redelivers: back to pending with a webhook.deliver job in the outbox; 409 when disabled', async () => {
    const { sub, deliveries } = await deliveryFixture();
    const delivery = deliveries[0]!;
    const res = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`,
      token: admin.token,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ id: delivery.id, status: 'pending' });
    const [row] = await h.owner.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
    expect(row!.status).toBe('pending');
    const jobs = await h.owner
      .select()
      .from(outbox)
      .where(and(eq(outbox.queue, 'webhooks'), eq(outbox.jobName, 'webhook.deliver')));
    expect(jobs.map((j) => j.payload)).toContainEqual({ deliveryId: delivery.id, municipalityId: mid });
    const audits = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, delivery.id));
    expect(audits.map((a) => a.action)).toEqual(['webhook_delivery.redelivered']);

    const unknown = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${sub.id}/deliveries/${sub.id}/redeliver`,
      token: admin.token,
    });
    expect(unknown.statusCode).toBe(404);
    const foreign = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`,
      token: otherAdmin.token,
    });
    expect(foreign.statusCode).toBe(404);

    await h.owner
      .update(webhookSubscriptions)
      .set({ status: 'disabled', disabledAt: new Date(), disabledReason: 'Zu viele Fehler.' })
      .where(eq(webhookSubscriptions.id, sub.id));
    const disabled = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`,
      token: admin.token,
    });
    expect(disabled.statusCode).toBe(409);
    expect(disabled.json().code).toBe('webhook_disabled');
  });

  it('redelivers a program-wide subscription’s delivery for the program office', async () => {
    const { sub, deliveries } = await deliveryFixture(programAdmin.token, null);
    const res = await h.request({
      method: 'POST',
      url: `/v1/webhooks/${sub.id}/deliveries/${deliveries[0]!.id}/redeliver`,
      token: programAdmin.token,
    });
    expect(res.statusCode, res.body).toBe(202);
    const jobs = await h.owner
      .select()
      .from(outbox)
      .where(and(eq(outbox.queue, 'webhooks'), eq(outbox.jobName, 'webhook.deliver')));
    expect(jobs.map((j) => j.payload)).toContainEqual({
      deliveryId: deliveries[0]!.id,
      municipalityId: null,
    });
  });
});

describe('the OpenAPI document', () => {
  it('publishes every event type under webhooks, with named payloads whose references resolve', async () => {
    const res = await h.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...webhookEventTypes].sort());
    const schemas = doc.components.schemas as Record<string, unknown>;
    const refs = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const ref = (node as { $ref?: unknown }).$ref;
        if (typeof ref === 'string') refs.add(ref.replace('#/components/schemas/', ''));
        Object.values(node).forEach(visit);
      }
    };
    visit(doc.webhooks);
    for (const name of refs) visit(schemas[name]);
    for (const name of refs) expect(schemas, name).toHaveProperty(name);
    for (const name of [
      'WebhookMeasureEvent',
      'WebhookRegistrationEvent',
      'Workshop',
      'Measure',
      'Strategy',
    ]) {
      expect(refs.has(name), name).toBe(true);
    }
    const op = doc.webhooks['measure.deleted'].post;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(op.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/WebhookMeasureDeletedEvent',
    );
    expect(Object.keys(op.responses)).toEqual(['2XX']);
    expect(doc.webhooks['document.ready'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/WebhookDocumentReadyEvent',
    );
  });
});

describe('configuration', () => {
  const base = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1:5432/x' };

  it('WEBHOOK_ALLOWED_TARGETS takes origins only; WEBHOOK_SECRET_KEY needs 32 characters', () => {
    expect(
      loadConfig({ ...base, WEBHOOK_ALLOWED_TARGETS: 'http://127.0.0.1:4010,https://hooks.example' })
        .WEBHOOK_ALLOWED_TARGETS,
    ).toBe('http://127.0.0.1:4010,https://hooks.example');
    for (const bad of ['ftp://x.example', 'http://x.example/path', 'nonsense']) {
      expect(() => loadConfig({ ...base, WEBHOOK_ALLOWED_TARGETS: bad }), bad).toThrow(
        /WEBHOOK_ALLOWED_TARGETS/,
      );
    }
    expect(() => loadConfig({ ...base, WEBHOOK_SECRET_KEY: 'short' })).toThrow(/WEBHOOK_SECRET_KEY/);
    expect(loadConfig(base).WEBHOOK_SECRET_OVERLAP_HOURS).toBe(24);
    expect(() => loadConfig({ ...base, WEBHOOK_SECRET_OVERLAP_HOURS: '169' })).toThrow(
      /WEBHOOK_SECRET_OVERLAP_HOURS/,
    );
  });
});
