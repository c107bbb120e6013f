import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { documents, outbox } from '@werkstatt/db';
import { createDocumentChangePublisher, documentChannel } from '@werkstatt/jobs';
import { renderStrategyPdf } from '@werkstatt/strategy-pdf';
import { createLogger, renderDocument } from '@werkstatt/worker';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { type SseEvent, sse } from './support/event-stream.js';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';
import { until } from './support/until.js';

// GET /v1/documents/{id}/events against real servers (fetch reads the stream as the console does),
// Postgres and Redis. Polling is made so slow here that only a Redis message can deliver a change in
// time; the last block runs without Redis, where polling is all there is.
const PUBSUB_ONLY = { DOCUMENT_EVENTS_POLL_MS: '60000', DOCUMENT_EVENTS_RECHECK_MS: '600000' };

let h: Harness;
let program: TestProgram;
let baseUrl: string;
/** The worker's side: a plain connection without the API's key prefix, as the worker has. */
let workerRedis: Redis;

beforeAll(async () => {
  h = await createHarness(PUBSUB_ONLY);
  program = await createProgram(h, 2);
  baseUrl = await listen(h.app);
  workerRedis = new Redis(h.config.REDIS_URL!);
});
afterAll(async () => {
  workerRedis.disconnect();
  await h.close();
});

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

interface Tenant {
  id: string;
  admin: TestUser;
  documentId: string;
}

/** A municipality with a strategy, a version and its document, queued (not rendered). */
async function tenant(harness = h, catalog = program): Promise<Tenant> {
  const m = await harness.municipality();
  const admin = await harness.user('municipality_admin', m.id);
  const put = await putStrategy(
    harness,
    admin.token,
    m.id,
    strategyBody(catalog.id, [catalog.fields[0]!.id]),
  );
  expect(put.statusCode, put.body).toBe(201);
  const version = await harness.request({
    method: 'POST',
    url: `/v1/municipalities/${m.id}/strategy/versions`,
    token: admin.token,
    payload: { label: 'Ratsbeschluss' },
  });
  expect(version.statusCode, version.body).toBe(201);
  const doc = await harness.request({
    method: 'POST',
    url: `/v1/municipalities/${m.id}/strategy/versions/${version.json().id}/documents`,
    token: admin.token,
  });
  expect(doc.statusCode, doc.body).toBe(202);
  return { id: m.id, admin, documentId: doc.json().id };
}

/**
 * Runs the worker's production handler for the document's job, publishing as the worker does; with
 * `fail`, the render throws that error in the given attempt (the last, 3, marks the document failed).
 */
async function renderAsWorker(
  t: Tenant,
  options: { attempt?: number; fail?: string; beforeRender?: () => Promise<void> } = {},
) {
  const [job] = await h.owner
    .select()
    .from(outbox)
    .where(and(eq(outbox.queue, 'documents'), eq(outbox.municipalityId, t.id)));
  await renderDocument(
    {
      db: h.deps.db,
      config: { JOB_ATTEMPTS: 3 },
      publishDocumentChange: createDocumentChangePublisher(workerRedis, h.config.REDIS_KEY_PREFIX),
      // The real renderer, or a failing one; either first waits for what the test must see.
      renderPdf: async (doc) => {
        await options.beforeRender?.();
        if (options.fail) throw new Error(options.fail);
        return renderStrategyPdf(doc);
      },
    },
    job!.payload as never,
    { jobId: job!.id, attempt: options.attempt ?? 1, log: createLogger({ LOG_LEVEL: 'silent' }) },
  );
}

const open = (base: string, documentId: string, token: string, init: RequestInit = {}) =>
  fetch(`${base}/v1/documents/${documentId}/events`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

const getDocument = async (t: Tenant) =>
  (await h.request({ method: 'GET', url: `/v1/documents/${t.documentId}`, token: t.admin.token })).json();

const numsub = async (documentId: string) => {
  const [, n] = (await workerRedis.pubsub(
    'NUMSUB',
    documentChannel(h.config.REDIS_KEY_PREFIX, documentId),
  )) as [string, number];
  return n;
};

describe('GET /v1/documents/{id}/events', () => {
  it('sends the current status at once, then each change the worker publishes, and ends at ready', async () => {
    const t = await tenant();
    const res = await open(baseUrl, t.documentId, t.admin.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
    const events = sse(res);

    const first = await events.next();
    expect(first).toMatchObject({ event: 'status' });
    // The data is exactly what GET /v1/documents/{id} answers; the id is its updatedAt.
    const current = await getDocument(t);
    expect(JSON.parse(first!.data!)).toEqual(current);
    expect(first!.id).toBe(String(Date.parse(current.updatedAt)));
    expect(current.status).toBe('queued');

    // The instance is subscribed to the document's channel (one connection for all its streams).
    await until(() => h.deps.documentEvents.channelCount === 1, 'the subscription');
    expect(await numsub(t.documentId)).toBe(1);

    // biome-ignore lint/suspicious/noExplicitAny: parsed event data, checked field by field below
    const seen: any[] = [];
    const ids = [Number(first!.id)];
    const read = async () => {
      const e = await events.next();
      if (e) {
        seen.push(JSON.parse(e.data!));
        ids.push(Number(e.id));
      }
      return e;
    };
    // The PDF is drawn only once the stream has shown `rendering`, so that change cannot be read
    // together with the later ones (which a busy machine may otherwise do, by design).
    await renderAsWorker(t, { beforeRender: async () => void (await read()) });
    while (await read());
    // Every change in order (a read may take two quick changes together, never reorder them): the
    // progress and the event ids (updatedAt) only grow, and no state is sent twice.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.map((d) => d.progress)).toEqual([...seen.map((d) => d.progress)].sort((a, b) => a - b));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen[0]).toMatchObject({ status: 'rendering' });
    const ready = seen.at(-1);
    expect(ready).toEqual(await getDocument(t));
    expect(ready).toMatchObject({ status: 'ready', progress: 100, error: null });
    expect(ready.pageCount).toBeGreaterThan(0);
    expect(ready.sizeBytes).toBeGreaterThan(1000);
    // The stream ended after ready, and released its subscription here and in Redis.
    await until(() => h.deps.documentEvents.subscriptionCount === 0, 'the subscription to close');
    expect(h.deps.documentEvents.channelCount).toBe(0);
    await until(async () => (await numsub(t.documentId)) === 0, 'Redis to drop the channel');
  });

  it('hears a status change made through a second API instance', async () => {
    const t = await tenant();
    // A render that stopped long ago: rendering, unchanged for 20 minutes (updatedAt set past the trigger).
    await h.owner.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx
        .update(documents)
        .set({ status: 'rendering', progress: 10, updatedAt: new Date(Date.now() - 20 * 60_000) })
        .where(eq(documents.id, t.documentId));
    });
    const events = sse(await open(baseUrl, t.documentId, t.admin.token));
    expect(JSON.parse((await events.next())!.data!)).toMatchObject({ status: 'rendering', progress: 10 });
    await until(() => h.deps.documentEvents.channelCount === 1, 'the subscription');

    // Asking again on the other instance queues it again, and that instance publishes the change.
    const other = await h.instance();
    const versionId = (await getDocument(t)).strategyVersionId;
    const again = await other.request({
      method: 'POST',
      url: `/v1/municipalities/${t.id}/strategy/versions/${versionId}/documents`,
      token: t.admin.token,
    });
    expect(again.statusCode, again.body).toBe(202);
    const queued = await events.next(5000);
    expect(JSON.parse(queued!.data!)).toEqual(again.json());
    expect(JSON.parse(queued!.data!)).toMatchObject({ status: 'queued', progress: 0 });
    expect(Number(queued!.id)).toBeGreaterThan(Date.now() - 60_000);

    // A client that reconnects with Last-Event-ID gets the current status at once, with that id.
    const resumed = sse(
      await open(baseUrl, t.documentId, t.admin.token, { headers: { 'last-event-id': queued!.id! } }),
    );
    expect(await resumed.next()).toEqual(queued);
    // Two streams of one document share the instance's one channel.
    await until(() => h.deps.documentEvents.subscriptionCount === 2, 'both subscriptions');
    expect(h.deps.documentEvents.channelCount).toBe(1);

    await renderAsWorker(t);
    for (const stream of [events, resumed]) {
      let last: SseEvent | null = null;
      for (let e = await stream.next(); e; e = await stream.next()) last = e;
      expect(JSON.parse(last!.data!)).toMatchObject({ status: 'ready' });
    }
    await until(() => h.deps.documentEvents.subscriptionCount === 0, 'the subscriptions to close');
  });

  it('ends the stream after failed, as the worker’s last attempt reports it', async () => {
    const t = await tenant();
    const events = sse(await open(baseUrl, t.documentId, t.admin.token));
    expect(JSON.parse((await events.next())!.data!)).toMatchObject({ status: 'queued' });
    await until(() => h.deps.documentEvents.channelCount === 1, 'the subscription');

    const seen: unknown[] = [];
    const read = async () => {
      const e = await events.next();
      if (e) seen.push(JSON.parse(e.data!));
      return e;
    };
    const beforeRender = async () => void (await read());
    await expect(renderAsWorker(t, { attempt: 3, fail: 'Schriftart fehlt', beforeRender })).rejects.toThrow(
      'Schriftart fehlt',
    );
    while (await read());
    expect(seen[0]).toMatchObject({ status: 'rendering' });
    // The last event is the terminal one, and then the server ended the stream.
    expect(seen.at(-1)).toEqual(await getDocument(t));
    expect(seen.at(-1)).toMatchObject({ status: 'failed', progress: 0, error: 'Schriftart fehlt' });
    await until(() => h.deps.documentEvents.subscriptionCount === 0, 'the subscription to close');
  });

  it('reads a document once per message for all of its streams on the instance, and serves each', async () => {
    const t = await tenant();
    const streams = await Promise.all(
      Array.from({ length: 8 }, async () => sse(await open(baseUrl, t.documentId, t.admin.token))),
    );
    for (const stream of streams)
      expect(JSON.parse((await stream.next())!.data!)).toMatchObject({ status: 'queued' });
    await until(() => h.deps.documentEvents.subscriptionCount === 8, 'the subscriptions');
    // Settled: the catch-up reads after subscribing are done.
    await new Promise((r) => setTimeout(r, 200));

    await h.owner
      .update(documents)
      .set({ status: 'rendering', progress: 40 })
      .where(eq(documents.id, t.documentId));
    // Every pg query of this process from the message on (the API's pool and the test's alike).
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await workerRedis.publish(documentChannel(h.config.REDIS_KEY_PREFIX, t.documentId), 'changed');
      for (const stream of streams) {
        expect(JSON.parse((await stream.next(5000))!.data!)).toMatchObject({
          status: 'rendering',
          progress: 40,
        });
      }
      // One transaction (begin with the scope, select, commit) for the eight streams, not one per stream.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      spy.mockRestore();
    }

    await renderAsWorker(t);
    for (const stream of streams) {
      let last: SseEvent | null = null;
      for (let e = await stream.next(); e; e = await stream.next()) last = e;
      expect(JSON.parse(last!.data!)).toMatchObject({ status: 'ready' });
    }
    await until(() => h.deps.documentEvents.subscriptionCount === 0, 'the subscriptions to close');
  });

  it('answers a ready document with its one event and ends', async () => {
    const t = await tenant();
    await renderAsWorker(t);
    const res = await h.request({
      method: 'GET',
      url: `/v1/documents/${t.documentId}/events`,
      token: t.admin.token,
    });
    expect(res.statusCode).toBe(200);
    const ready = await getDocument(t);
    expect(res.body).toBe(
      `id: ${Date.parse(ready.updatedAt)}\nevent: status\ndata: ${JSON.stringify(ready)}\n\n`,
    );
    expect(h.deps.documentEvents.subscriptionCount).toBe(0);
  });

  it('refuses another municipality (404, nothing of it shown), an unknown id and a missing token', async () => {
    const t = await tenant();
    const stranger = await h.user('municipality_admin', (await h.municipality()).id);
    const foreign = await open(baseUrl, t.documentId, stranger.token);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(await foreign.clone().text()).not.toContain(t.id);

    const unknown = await open(baseUrl, '0190f1c2-7a1b-7cde-8f00-123456789abc', t.admin.token);
    expect(unknown.status).toBe(404);
    // The same problem as for an id that does not exist: the document's existence is not revealed.
    type Problem = { instance?: string; requestId?: string } & Record<string, unknown>;
    const { instance: _a, requestId: _b, ...foreignProblem } = (await foreign.clone().json()) as Problem;
    const { instance: _c, requestId: _d, ...unknownProblem } = (await unknown.json()) as Problem;
    expect(foreignProblem).toEqual(unknownProblem);

    const anonymous = await fetch(`${baseUrl}/v1/documents/${t.documentId}/events`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    await anonymous.body?.cancel();
    expect(h.deps.documentEvents.subscriptionCount).toBe(0);
  });

  it('releases the subscription when the client disconnects', async () => {
    const t = await tenant();
    // node:http rather than fetch: an aborted fetch leaves a spare connection open, which holds
    // the server's close at the end of the file.
    const req = http.get(`${baseUrl}/v1/documents/${t.documentId}/events`, {
      agent: false,
      headers: { authorization: `Bearer ${t.admin.token}` },
    });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.statusCode).toBe(200);
    const [chunk] = (await once(res, 'data')) as [Buffer];
    expect(chunk.toString()).toContain('event: status');
    await until(() => h.deps.documentEvents.channelCount === 1, 'the subscription');
    expect(h.deps.documentEvents.subscriptionCount).toBe(1);

    req.destroy();
    await until(() => h.deps.documentEvents.subscriptionCount === 0, 'the subscription to close');
    expect(h.deps.documentEvents.channelCount).toBe(0);
    await until(async () => (await numsub(t.documentId)) === 0, 'Redis to drop the channel');
  });

  it('catches up after the subscriber connection was cut: it subscribes again and reads', async () => {
    const t = await tenant();
    const events = sse(await open(baseUrl, t.documentId, t.admin.token));
    expect(JSON.parse((await events.next())!.data!)).toMatchObject({ status: 'queued' });
    await until(() => h.deps.documentEvents.channelCount === 1, 'the subscription');

    const name = `${h.config.REDIS_KEY_PREFIX}document-events`;
    const clients = ((await workerRedis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string)
      .split('\n')
      .filter((line) => line.includes(` name=${name} `));
    expect(clients).toHaveLength(1);
    const id = /\bid=(\d+)/.exec(clients[0]!)![1]!;
    await workerRedis.client('KILL', 'ID', id);
    // Changed while nobody listens: no message will ever tell the stream.
    await h.owner
      .update(documents)
      .set({ status: 'rendering', progress: 10 })
      .where(eq(documents.id, t.documentId));
    expect(JSON.parse((await events.next(5000))!.data!)).toMatchObject({ status: 'rendering', progress: 10 });
    await until(() => h.deps.documentEvents.isLive(t.documentId), 'the subscription to be back');
    await renderAsWorker(t);
    let last: SseEvent | null = null;
    for (let e = await events.next(); e; e = await events.next()) last = e;
    expect(JSON.parse(last!.data!)).toMatchObject({ status: 'ready' });
  });

  it('ends open streams when the app closes, and the close does not wait for them', async () => {
    const t = await tenant();
    // An instance of its own, since this test closes it.
    const deps = { ...(await createDeps(h.config)), tokens: h.deps.tokens };
    const app = await buildApp(deps);
    const base = await listen(app);
    const events = sse(await open(base, t.documentId, t.admin.token));
    expect(await events.next()).toMatchObject({ event: 'status' });
    await until(() => deps.documentEvents.subscriptionCount === 1, 'the subscription');

    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await events.next(2000)).toBeNull();
    expect(deps.documentEvents.subscriptionCount).toBe(0);
  });
});

describe('without Redis', () => {
  let plain: Harness;
  let plainUrl: string;
  let plainProgram: TestProgram;
  beforeAll(async () => {
    plain = await createHarness({
      REDIS_URL: '',
      DOCUMENT_EVENTS_POLL_MS: '200',
      DOCUMENT_EVENTS_HEARTBEAT_MS: '1000',
    });
    plainUrl = await listen(plain.app);
    plainProgram = await createProgram(plain, 1);
  });
  afterAll(() => plain.close());

  it('polls the database: the change arrives, heartbeats keep the stream open, and it ends at ready', async () => {
    const t = await tenant(plain, plainProgram);
    expect(plain.deps.redis).toBeNull();
    const events = sse(await open(plainUrl, t.documentId, t.admin.token));
    expect(JSON.parse((await events.next())!.data!)).toMatchObject({ status: 'queued' });
    expect(plain.deps.documentEvents.isLive(t.documentId)).toBe(false);

    await new Promise((r) => setTimeout(r, 1200));
    await plain.owner
      .update(documents)
      .set({ status: 'rendering', progress: 10 })
      .where(eq(documents.id, t.documentId));
    expect(JSON.parse((await events.next(3000))!.data!)).toMatchObject({ status: 'rendering', progress: 10 });
    expect(events.comments).toContain(': heartbeat');

    await plain.owner
      .update(documents)
      .set({ status: 'failed', progress: 0, error: 'Schriftart fehlt' })
      .where(eq(documents.id, t.documentId));
    expect(JSON.parse((await events.next(3000))!.data!)).toMatchObject({
      status: 'failed',
      error: 'Schriftart fehlt',
    });
    expect(await events.next(3000)).toBeNull();
    expect(plain.deps.documentEvents.subscriptionCount).toBe(0);
  });

  it('ends the stream once its session is signed out (every read repeats the session check)', async () => {
    const t = await tenant(plain, plainProgram);
    const events = sse(await open(plainUrl, t.documentId, t.admin.token));
    expect(JSON.parse((await events.next())!.data!)).toMatchObject({ status: 'queued' });

    const out = await plain.request({ method: 'POST', url: '/v1/auth/logout-all', token: t.admin.token });
    expect(out.statusCode, out.body).toBe(204);
    expect(await events.next(3000)).toBeNull();
    expect(plain.deps.documentEvents.subscriptionCount).toBe(0);
  });
});
