import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { outbox } from '@werkstatt/db';
import { isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { familiesOf, sampleValue } from './support/prometheus.js';
import { createProgram, putStrategy, strategyBody } from './support/strategy-fixtures.js';
import { until } from './support/until.js';

// GET /metrics scraped after real requests on a real Postgres and Redis: the families, their label
// values and numbers, and who may scrape.
const TOKEN = `mt_${randomBytes(24).toString('hex')}`;
const MAX_FAILURES = 5;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let h: Harness;
let admin: TestUser;
let mid: string;

beforeAll(async () => {
  h = await createHarness({
    METRICS_TOKEN: TOKEN,
    AUTH_MAX_FAILURES_PER_IP: String(MAX_FAILURES),
    // Streams wait for Redis messages; nothing polls during the test.
    DOCUMENT_EVENTS_POLL_MS: '60000',
    DOCUMENT_EVENTS_RECHECK_MS: '600000',
  });
  mid = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  const program = await createProgram(h, 2);
  const put = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
  expect(put.statusCode, put.body).toBe(201);
});
afterAll(() => h.close());

async function scrape(instance: Pick<Harness, 'request'> = h): Promise<string> {
  const res = await instance.request({ method: 'GET', url: '/metrics', token: TOKEN });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.body;
}

describe('who may scrape', () => {
  it('without METRICS_TOKEN there is no endpoint: a 404 like an unknown path', async () => {
    const bare = await createHarness();
    try {
      const unknown = await bare.request({ method: 'GET', url: '/no-such-path' });
      for (const token of [undefined, TOKEN]) {
        const res = await bare.request({ method: 'GET', url: '/metrics', ...(token ? { token } : {}) });
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
        expect(res.json().code).toBe(unknown.json().code);
      }
    } finally {
      await bare.close();
    }
  });

  it('no, a malformed or a wrong token, a user token or an API key: 401 problem revealing nothing', async () => {
    const key = await h.apiKey(['municipality:read'], mid);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Bearer ${admin.token}` },
      { authorization: `Bearer ${key.key}` },
    ];
    for (const headers of attempts) {
      const res = await h.request({ method: 'GET', url: '/metrics', headers, remoteAddress: '10.9.0.1' });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(res.body).not.toContain(TOKEN.slice(0, 12));
      expect(res.body).not.toContain('werkstatt_');
    }
  });

  it('the right token is served; the answer holds no secret, no id and no raw URL', async () => {
    await h.request({ method: 'GET', url: `/v1/municipalities/${mid}`, token: admin.token });
    await h.request({ method: 'GET', url: `/v1/no-such/${mid}?token=geheim` });
    const text = await scrape();
    for (const secret of [TOKEN, admin.token, mid, 'geheim']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain('/v1/no-such');
  });

  it('is rate limited like other routes, and wrong tokens count as invalid credentials', async () => {
    const ok = await h.request({ method: 'GET', url: '/metrics', token: TOKEN });
    expect(ok.headers['x-ratelimit-limit']).toBeDefined();
    const remoteAddress = '10.9.0.2';
    for (let i = 0; i < MAX_FAILURES; i++) {
      const res = await h.request({ method: 'GET', url: '/metrics', token: `${TOKEN}${i}`, remoteAddress });
      expect(res.statusCode).toBe(401);
    }
    // Past the limit even the right token is refused: a guess that hits cannot be told apart.
    for (const token of [`${TOKEN}z`, TOKEN]) {
      const res = await h.request({ method: 'GET', url: '/metrics', token, remoteAddress });
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('is not part of the OpenAPI document', () => {
    const doc = h.app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});

describe('what a scrape shows', () => {
  it('request durations by operationId, method and status code', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await h.request({ method: 'GET', url: '/v1/me', token: admin.token })).statusCode).toBe(200);
    }
    await h.request({ method: 'GET', url: '/v1/me' });
    await h.request({ method: 'GET', url: '/docs/json' });
    await h.request({ method: 'GET', url: `/v1/nothing-here/${mid}` });
    const text = await scrape();
    const name = 'werkstatt_http_request_duration_seconds_count';
    expect(familiesOf(text).get('werkstatt_http_request_duration_seconds')).toBe('histogram');
    expect(sampleValue(text, name, { operation_id: 'getMe', method: 'GET', status_code: '200' })).toBe(3);
    expect(sampleValue(text, name, { operation_id: 'getMe', method: 'GET', status_code: '401' })).toBe(1);
    expect(
      sampleValue(text, 'werkstatt_http_request_duration_seconds_sum', { operation_id: 'getMe' }),
    ).toBeGreaterThan(0);
    // A route without an operationId by its URL pattern; an unknown path as one label value.
    expect(sampleValue(text, name, { operation_id: '/docs/json', status_code: '200' })).toBe(1);
    expect(sampleValue(text, name, { operation_id: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('representation-cache lookups and the memory it holds', async () => {
    const before = await scrape();
    expect(sampleValue(before, 'werkstatt_representation_cache_bytes')).toBe(0);
    for (let i = 0; i < 3; i++) {
      const res = await h.request({
        method: 'GET',
        url: `/v1/municipalities/${mid}/roadmap`,
        token: admin.token,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const text = await scrape();
    const lookups = 'werkstatt_representation_cache_lookups_total';
    expect(sampleValue(text, lookups, { result: 'miss' })).toBe(1);
    expect(sampleValue(text, lookups, { result: 'hit' })).toBe(2);
    expect(sampleValue(text, 'werkstatt_representation_cache_entries')).toBe(1);
    expect(sampleValue(text, 'werkstatt_representation_cache_bytes')).toBe(h.deps.representations.size.bytes);
    expect(h.deps.representations.size.bytes).toBeGreaterThan(200);
  });

  it('the pool: connections, idle and waiting clients, and the waits for a connection', async () => {
    const pool = h.deps.pool;
    const max = h.config.DATABASE_POOL_MAX;
    const held = await Promise.all(Array.from({ length: max }, () => pool.connect()));
    const waiting = pool.connect();
    // A scrape now would queue for a connection itself (the outbox query): read the pool's gauges alone.
    const gauge = async (name: string) =>
      (await h.deps.metrics.registry.getSingleMetric(name)!.get()).values[0]!.value;
    expect(await gauge('werkstatt_db_pool_waiting_clients')).toBe(1);
    expect(await gauge('werkstatt_db_pool_connections')).toBe(max);
    expect(await gauge('werkstatt_db_pool_idle_connections')).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    held.pop()!.release();
    (await waiting).release();
    for (const client of held) client.release();
    const text = await scrape();
    expect(sampleValue(text, 'werkstatt_db_pool_wait_seconds_count')).toBe(1);
    expect(sampleValue(text, 'werkstatt_db_pool_wait_seconds_sum')).toBeGreaterThanOrEqual(0.04);
    expect(sampleValue(text, 'werkstatt_db_pool_max_connections')).toBe(max);
    expect(sampleValue(text, 'werkstatt_db_pool_waiting_clients')).toBe(0);
    expect(sampleValue(text, 'werkstatt_db_pool_connections')).toBe(max);
    expect(sampleValue(text, 'werkstatt_db_pool_idle_connections')).toBeGreaterThan(0);
  });

  it('the outbox backlog: rows not relayed, and the age of the oldest due one', async () => {
    await h.owner.update(outbox).set({ dispatchedAt: sql`now()` }).where(isNull(outbox.dispatchedAt));
    const row = (availableAt: ReturnType<typeof sql>) => ({
      queue: 'mail',
      jobName: 'user.welcome',
      payload: {},
      availableAt,
    });
    await h.owner
      .insert(outbox)
      .values([
        row(sql`now() - interval '30 seconds'`),
        row(sql`now() - interval '5 seconds'`),
        row(sql`now()`),
        row(sql`now() + interval '1 hour'`),
      ]);
    await h.owner.insert(outbox).values({ ...row(sql`now() - interval '1 hour'`), dispatchedAt: sql`now()` });
    const text = await scrape();
    expect(sampleValue(text, 'werkstatt_outbox_pending_rows')).toBe(4);
    const age = sampleValue(text, 'werkstatt_outbox_oldest_due_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThan(60);
  });

  it('open document event streams', async () => {
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const documentId = await queuedDocument();
    expect(sampleValue(await scrape(), 'werkstatt_document_event_streams')).toBe(0);
    // node:http rather than fetch: an aborted fetch leaves a spare connection that holds the close.
    const req = http.get(`${base}/v1/documents/${documentId}/events`, {
      agent: false,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.statusCode).toBe(200);
    await once(res, 'data');
    expect(sampleValue(await scrape(), 'werkstatt_document_event_streams')).toBe(1);
    req.destroy();
    await until(
      async () => sampleValue(await scrape(), 'werkstatt_document_event_streams') === 0,
      'the stream to close',
    );
  });

  it("the process's default metrics, prefixed", async () => {
    const families = familiesOf(await scrape());
    expect(families.get('werkstatt_process_cpu_seconds_total')).toBe('counter');
    expect(families.get('werkstatt_process_resident_memory_bytes')).toBe('gauge');
    expect(families.get('werkstatt_nodejs_eventloop_lag_seconds')).toBe('gauge');
    // Every family of the exposition is ours.
    expect([...families.keys()].filter((n) => !n.startsWith('werkstatt_'))).toEqual([]);
  });

  it('each instance counts its own requests (a registry per instance, not the global one)', async () => {
    const other = await h.instance();
    await other.request({ method: 'GET', url: '/v1/me', token: admin.token });
    const text = await scrape(other);
    const name = 'werkstatt_http_request_duration_seconds_count';
    expect(sampleValue(text, name, { operation_id: 'getMe', status_code: '200' })).toBe(1);
    expect(sampleValue(await scrape(), name, { operation_id: 'getMe', status_code: '200' })).toBe(3);
  });
});

/** A document of a strategy version, queued (no worker renders it here). */
async function queuedDocument(): Promise<string> {
  const version = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${mid}/strategy/versions`,
    token: admin.token,
    payload: { label: 'Ratsbeschluss' },
  });
  expect(version.statusCode, version.body).toBe(201);
  const doc = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${mid}/strategy/versions/${version.json().id}/documents`,
    token: admin.token,
  });
  expect(doc.statusCode, doc.body).toBe(202);
  return doc.json().id;
}
