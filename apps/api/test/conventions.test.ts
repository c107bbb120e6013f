import { auditEvents, idempotencyKeys, programs } from '@werkstatt/db';
import { count, eq, sql } from 'drizzle-orm';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictQueryPlugin } from '../src/plugins/strict-query.js';
import { createHarness, type Harness, type TestUser } from './support/harness.js';

const BODY_LIMIT = 16 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
let admin: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  h = await createHarness(
    { BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    {
      routes: (app) => {
        // A handler that fails the way a bug would, to see what a client gets back.
        app.get('/v1/test/explode', async () => {
          throw new Error('connection string postgres://secret@db/internal broke');
        });
      },
    },
  );
  admin = await h.user('program_admin');
  viewer = await h.user('municipality_viewer', (await h.municipality()).id);
});
afterAll(() => h.close());

let slugSeq = 0;
const programBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Digital-Werkstatt Nord',
  slug: `conv-${Date.now().toString(36)}-${slugSeq++}`,
  startsOn: '2026-01-01',
  eligibleKinds: ['verbandsgemeinde'],
  ...overrides,
});

const create = async (overrides: Record<string, unknown> = {}) => {
  const res = await h.request({
    method: 'POST',
    url: '/v1/programs',
    token: admin.token,
    payload: programBody(overrides),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; slug: string; name: string };
};

const counts = async () => {
  const [p] = await h.owner.select({ n: count() }).from(programs);
  const [a] = await h.owner.select({ n: count() }).from(auditEvents);
  const [k] = await h.owner.select({ n: count() }).from(idempotencyKeys);
  return { programs: p!.n, audit: a!.n, idempotencyKeys: k!.n };
};

/** An RFC 9457 problem with our extensions, and no trace of internals. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    requestId: res.headers['x-request-id'],
  });
  expect(body).not.toHaveProperty('stack');
  expect(body).not.toHaveProperty('data');
  expect(res.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  return body;
}

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

describe('validation', () => {
  const invalid: [string, Record<string, unknown>, string[]][] = [
    ['wrong types', programBody({ name: 42, maxParticipants: '30' }), ['body.maxParticipants', 'body.name']],
    ['unknown fields', programBody({ isAdmin: true, id: crypto.randomUUID() }), ['body.id', 'body.isAdmin']],
    ['missing required fields', { name: 'Ohne Rest' }, ['body.eligibleKinds', 'body.slug', 'body.startsOn']],
    ['a value outside the enum', programBody({ eligibleKinds: ['dorf'] }), ['body.eligibleKinds.0']],
    ['a too long name', programBody({ name: 'x'.repeat(201) }), ['body.name']],
    ['a date that does not exist', programBody({ startsOn: '2026-02-30' }), ['body.startsOn']],
    ['an end before the start', programBody({ endsOn: '2025-01-01' }), ['body.endsOn']],
  ];

  it.each(invalid)('%s: 400 with field paths, nothing written', async (_name, payload, expected) => {
    const before = await counts();
    const res = await h.request({ method: 'POST', url: '/v1/programs', token: admin.token, payload });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(paths(body)).toEqual(expected);
    for (const e of body.errors) expect(e.message).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  it('a body over BODY_LIMIT_BYTES is a 413 problem, nothing written', async () => {
    const before = await counts();
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      payload: programBody({ description: 'ä'.repeat(BODY_LIMIT) }),
    });
    expectProblem(res, 413, 'body_too_large');
    expect(await counts()).toEqual(before);
  });

  it('malformed JSON is a 400 problem, nothing written', async () => {
    const before = await counts();
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Digital-Werkstatt", "slug": ',
    });
    expectProblem(res, 400, 'malformed_json');
    expect(await counts()).toEqual(before);
  });

  it('an empty JSON body is a 400 problem', async () => {
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectProblem(res, 400, 'empty_body');
  });

  it('an unsupported content type is a 415 problem, nothing written', async () => {
    const before = await counts();
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Digital-Werkstatt&slug=dw',
    });
    expectProblem(res, 415, 'unsupported_media_type');
    expect(await counts()).toEqual(before);
  });

  it('a PATCH without any field is a 400, the row unchanged', async () => {
    const created = await create();
    const [before] = await h.owner.select().from(programs).where(eq(programs.id, created.id));
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      payload: {},
    });
    expectProblem(res, 400, 'validation_failed');
    const [after] = await h.owner.select().from(programs).where(eq(programs.id, created.id));
    expect(after).toEqual(before);
  });

  it('a path parameter that is not a UUID is a 400 naming the parameter', async () => {
    const res = await h.request({ method: 'GET', url: '/v1/programs/42', token: admin.token });
    expect(paths(expectProblem(res, 400, 'validation_failed'))).toEqual(['params.id']);
  });

  it('an unknown query parameter is a 400', async () => {
    const res = await h.request({ method: 'GET', url: '/v1/programs?sort=name', token: admin.token });
    expect(paths(expectProblem(res, 400, 'validation_failed'))).toEqual(['querystring.sort']);
  });
});

describe('unknown query parameters', () => {
  type Operation = {
    operationId: string;
    parameters?: { in: string; name: string; schema?: { format?: string } }[];
  };

  /** Every GET of the OpenAPI document with valid path parameters, so only the query can be wrong. */
  function documentedGets(): [string, string][] {
    const doc = h.app.swagger() as { paths: Record<string, { get?: Operation }> };
    return Object.entries(doc.paths).flatMap(([path, ops]) => {
      const op = ops.get;
      if (!op) return [];
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const param = op.parameters?.find((p) => p.in === 'path' && p.name === name);
        return param?.schema?.format === 'uuid' ? crypto.randomUUID() : 'A'.repeat(43);
      });
      return [[op.operationId, url] as [string, string]];
    });
  }

  it('are a 400 problem on every GET of the OpenAPI document', async () => {
    const gets = documentedGets();
    expect(gets.length).toBeGreaterThan(40);
    for (const [operationId, url] of gets) {
      const res = await h.request({
        method: 'GET',
        url: `${url}${url.includes('?') ? '&' : '?'}bust=123`,
        token: admin.token,
      });
      expect(res.statusCode, `${operationId} ${url} → ${res.statusCode} ${res.body}`).toBe(400);
      const body = expectProblem(res, 400, 'validation_failed');
      expect(paths(body), operationId).toContain('querystring.bust');
    }
  });

  it('a route whose querystring schema is not strict is refused at registration', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    await app.register(strictQueryPlugin);
    expect(() =>
      app.get(
        '/loose',
        { schema: { querystring: z.object({ limit: z.string().optional() }) } },
        async () => 'x',
      ),
    ).toThrow(/strict/);
    app.get('/strict', { schema: { querystring: z.object({}).strict() } }, async () => 'x');
    app.get('/none', async () => 'x');
    expect((await app.inject({ url: '/none?bust=1' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/none' })).statusCode).toBe(200);
    await app.close();
  });
});

const getJson = async (url: string) => {
  const res = await h.request({ method: 'GET', url, token: admin.token });
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('errors', () => {
  it('an unknown route is a 404 problem', async () => {
    for (const url of ['/v1/nothing-here', '/nothing-here', '/v1/programs/x/y']) {
      expectProblem(await h.request({ method: 'GET', url, token: admin.token }), 404, 'route_not_found');
    }
    expectProblem(await h.request({ method: 'DELETE', url: '/v1/programs' }), 404, 'route_not_found');
  });

  it('a failure inside a handler is a 500 problem without the error, its message or a stack', async () => {
    const res = await h.request({ method: 'GET', url: '/v1/test/explode', token: admin.token });
    const body = expectProblem(res, 500, 'internal_error');
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('broke');
    expect(body.detail).toContain('request id');
  });

  it('a role without the permission is refused with a 403 problem', async () => {
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: viewer.token,
      payload: programBody(),
    });
    expectProblem(res, 403, 'forbidden');
  });
});

describe('request ids', () => {
  it('every response carries a generated x-request-id, also problem bodies', async () => {
    const ok = await h.request({ method: 'GET', url: '/healthz' });
    expect(ok.headers['x-request-id']).toMatch(UUID);
    const problem = await h.request({ method: 'GET', url: '/v1/programs' });
    expect(problem.headers['x-request-id']).toMatch(UUID);
    expect(problem.json().requestId).toBe(problem.headers['x-request-id']);
  });

  it("a caller's well-formed id is reused, in the response and in the audit trail", async () => {
    const requestId = `portal-sync:${Date.now()}`;
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      headers: { 'x-request-id': requestId },
      payload: programBody(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe(requestId);
    const [event] = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, res.json().id));
    expect(event!.requestId).toBe(requestId);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'id with spaces'],
    ['with markup', '<script>alert(1)</script>'],
  ])('an id %s is replaced by a generated one', async (_name, requestId) => {
    const res = await h.request({
      method: 'GET',
      url: '/v1/programs',
      token: admin.token,
      headers: { 'x-request-id': requestId },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });
});

describe('pagination', () => {
  let all: string[];

  beforeAll(async () => {
    for (let i = 0; i < 7; i++) await create();
    const rows = await h.owner.select({ id: programs.id, deletedAt: programs.deletedAt }).from(programs);
    all = rows
      .filter((r) => r.deletedAt === null)
      .map((r) => r.id)
      .sort();
  });

  it.each(['0', '201', '-1', '2.5', 'ten'])('limit=%s is a 400 naming the limit', async (limit) => {
    const res = await h.request({ method: 'GET', url: `/v1/programs?limit=${limit}`, token: admin.token });
    expect(paths(expectProblem(res, 400, 'validation_failed'))).toEqual(['querystring.limit']);
  });

  it('limit=1 and limit=200 are accepted', async () => {
    expect((await getJson('/v1/programs?limit=1')).data).toHaveLength(1);
    expect((await getJson('/v1/programs?limit=200')).data.length).toBe(all.length);
  });

  it('walking all pages with nextCursor yields every row exactly once', async () => {
    const seen: string[] = [];
    let url = '/v1/programs?limit=3';
    for (let pages = 0; pages < 20; pages++) {
      const page = await getJson(url);
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((p: { id: string }) => p.id));
      if (!page.nextCursor) break;
      url = `/v1/programs?limit=3&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toHaveLength(all.length);
    expect([...seen].sort()).toEqual(all);
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['garbage', 'not-a-cursor', ''],
    ['forged id', cursorOf(['', 'not-a-uuid']), ''],
    [
      'forged id in a sync list',
      cursorOf(['2026-01-01T00:00:00.000Z', 'x']),
      '&updatedSince=2020-01-01T00:00:00Z',
    ],
    [
      'forged time in a sync list',
      cursorOf(['yesterday', crypto.randomUUID()]),
      '&updatedSince=2020-01-01T00:00:00Z',
    ],
  ])('a %s cursor is a 400', async (_name, cursor, extra) => {
    const res = await h.request({
      method: 'GET',
      url: `/v1/programs?cursor=${cursor}${extra}`,
      token: admin.token,
    });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(paths(body)).toEqual([expect.stringMatching(/cursor$/)]);
  });

  it('updatedSince lists changed rows in change order, deleted ones as tombstones', async () => {
    const { rows } = await h.owner.execute<{ since: string }>(
      sql`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as since`,
    );
    const sinceIso = rows[0]!.since;
    const a = await create();
    const b = await create();
    const c = await create();
    const patched = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${a.id}`,
      token: admin.token,
      payload: { name: 'Geänderte Werkstatt' },
    });
    expect(patched.statusCode).toBe(200);
    const deleted = await h.request({ method: 'DELETE', url: `/v1/programs/${b.id}`, token: admin.token });
    expect(deleted.statusCode).toBe(204);

    const full = await getJson(`/v1/programs?updatedSince=${sinceIso}`);
    expect(full.data.map((p: { id: string }) => p.id)).toEqual([c.id, a.id, b.id]);
    expect(full.data[1]).toMatchObject({ name: 'Geänderte Werkstatt', deletedAt: null });
    expect(full.data[2].deletedAt).toEqual(expect.any(String));
    // The plain list hides the deleted row.
    expect((await getJson('/v1/programs?limit=200')).data.map((p: { id: string }) => p.id)).not.toContain(
      b.id,
    );

    // Page by page, one row at a time: the same rows, each once.
    const walked: string[] = [];
    let url = `/v1/programs?limit=1&updatedSince=${sinceIso}`;
    for (let pages = 0; pages < 10; pages++) {
      const page = await getJson(url);
      walked.push(...page.data.map((p: { id: string }) => p.id));
      if (!page.nextCursor) break;
      url = `/v1/programs?limit=1&updatedSince=${sinceIso}&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(walked).toEqual([c.id, a.id, b.id]);
  });

  it('a malformed updatedSince is a 400', async () => {
    const res = await h.request({
      method: 'GET',
      url: '/v1/programs?updatedSince=yesterday',
      token: admin.token,
    });
    expect(paths(expectProblem(res, 400, 'validation_failed'))).toEqual(['querystring.updatedSince']);
  });
});

describe('ETags', () => {
  it('a single resource has an ETag; If-None-Match with it is a 304 without a body', async () => {
    const created = await create();
    const first = await h.request({ method: 'GET', url: `/v1/programs/${created.id}`, token: admin.token });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const cached = await h.request({
      method: 'GET',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-none-match': etag },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    expect(cached.headers.etag).toBe(etag);
    const other = await h.request({
      method: 'GET',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(other.statusCode).toBe(200);
  });

  it('a list has an ETag that changes when a row changes', async () => {
    const list = await h.request({ method: 'GET', url: '/v1/programs?limit=200', token: admin.token });
    const etag = list.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const cached = await h.request({
      method: 'GET',
      url: '/v1/programs?limit=200',
      token: admin.token,
      headers: { 'if-none-match': etag },
    });
    expect(cached.statusCode).toBe(304);
    await create();
    const changed = await h.request({
      method: 'GET',
      url: '/v1/programs?limit=200',
      token: admin.token,
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('a stale If-Match is a 412 with the current representation; the row is unchanged', async () => {
    const created = await create();
    const stale = (await h.request({ method: 'GET', url: `/v1/programs/${created.id}`, token: admin.token }))
      .headers.etag as string;
    const first = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-match': stale },
      payload: { name: 'Zuerst gespeichert' },
    });
    expect(first.statusCode).toBe(200);
    const before = await counts();
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await h.request({
        method,
        url: `/v1/programs/${created.id}`,
        token: admin.token,
        headers: { 'if-match': stale },
        ...(method === 'PATCH' ? { payload: { name: 'Überschreibt nichts' } } : {}),
      });
      const body = expectProblem(res, 412, 'precondition_failed');
      expect(body.current).toMatchObject({ id: created.id, name: 'Zuerst gespeichert', deletedAt: null });
      expect(body.currentEtag).toBe(first.headers.etag);
    }
    expect(await counts()).toEqual(before);
    const [row] = await h.owner.select().from(programs).where(eq(programs.id, created.id));
    expect(row).toMatchObject({ name: 'Zuerst gespeichert', deletedAt: null });
  });

  it('If-Match: * and the current ETag pass', async () => {
    const created = await create();
    const star = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-match': '*' },
      payload: { name: 'Mit Stern' },
    });
    expect(star.statusCode).toBe(200);
    const current = await h.request({
      method: 'DELETE',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-match': star.headers.etag as string },
    });
    expect(current.statusCode).toBe(204);
  });

  it('two concurrent PATCHes with the same ETag: exactly one 200 and one 412', async () => {
    const created = await create();
    const etag = (await h.request({ method: 'GET', url: `/v1/programs/${created.id}`, token: admin.token }))
      .headers.etag as string;
    const patch = (name: string) =>
      h.request({
        method: 'PATCH',
        url: `/v1/programs/${created.id}`,
        token: admin.token,
        headers: { 'if-match': etag },
        payload: { name },
      });
    const results = await Promise.all([patch('Bearbeiterin A'), patch('Bearbeiter B')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const [row] = await h.owner.select().from(programs).where(eq(programs.id, created.id));
    expect(row!.name).toBe(winner.name);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(events.map((e) => e.action).sort()).toEqual(['program.created', 'program.updated']);
  });
});

describe('Idempotency-Key', () => {
  const post = (key: string, payload: Record<string, unknown>, token = admin.token) =>
    h.request({ method: 'POST', url: '/v1/programs', token, headers: { 'idempotency-key': key }, payload });

  const rowsWithSlug = (slug: string) => h.owner.select().from(programs).where(eq(programs.slug, slug));

  it('a retry with the same key and body replays the first response and creates nothing', async () => {
    const key = crypto.randomUUID();
    const payload = programBody();
    const first = await post(key, payload);
    expect(first.statusCode).toBe(201);
    const retry = await post(key, payload);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsWithSlug(payload.slug)).toHaveLength(1);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, first.json().id));
    expect(events).toHaveLength(1);
  });

  it('the same key with another body is a 422, nothing created', async () => {
    const key = crypto.randomUUID();
    expect((await post(key, programBody())).statusCode).toBe(201);
    const other = programBody();
    expectProblem(await post(key, other), 422, 'idempotency_key_reused');
    expect(await rowsWithSlug(other.slug)).toEqual([]);
  });

  it('keys belong to who sent them: another admin with the same key creates their own', async () => {
    const key = crypto.randomUUID();
    const otherAdmin = await h.user('program_admin');
    expect((await post(key, programBody())).statusCode).toBe(201);
    const mine = await post(key, programBody(), otherAdmin.token);
    expect(mine.statusCode).toBe(201);
    expect(mine.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a retry while the first request still runs is a 409; the first then completes once', async () => {
    const key = crypto.randomUUID();
    const payload = programBody();
    let first: Promise<LightMyRequestResponse> | undefined;
    // Holding a lock on programs keeps the first request inside its handler, after it claimed the key.
    await h.owner.transaction(async (tx) => {
      await tx.execute(sql`lock table programs in exclusive mode`);
      first = post(key, payload);
      await waitFor(async () => {
        const rows = await h.owner.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
        return rows[0]?.state === 'in_progress';
      });
      expectProblem(await post(key, payload), 409, 'idempotency_request_in_progress');
    });
    const done = await first!;
    expect(done.statusCode).toBe(201);
    const replay = await post(key, payload);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(done.json().id);
    expect(await rowsWithSlug(payload.slug)).toHaveLength(1);
  });

  it('a key left "in progress" by a request that died long ago is taken over', async () => {
    const key = crypto.randomUUID();
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await h.owner.insert(idempotencyKeys).values({
      actorKey: `user:${admin.id}`,
      key,
      method: 'POST',
      path: '/v1/programs',
      requestHash: 'from-a-process-that-crashed',
      state: 'in_progress',
      createdAt: longAgo,
      expiresAt: new Date(longAgo.getTime() + 24 * 60 * 60 * 1000),
    });
    const payload = programBody();
    const res = await post(key, payload);
    expect(res.statusCode).toBe(201);
    const [row] = await h.owner.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(row).toMatchObject({ state: 'completed', responseStatus: 201 });
    expect(await rowsWithSlug(payload.slug)).toHaveLength(1);
  });

  it('a key whose first attempt failed is free again: the fixed request goes through', async () => {
    const taken = await create();
    const key = crypto.randomUUID();
    const duplicate = programBody({ slug: taken.slug });
    expectProblem(await post(key, duplicate), 409, 'slug_taken');
    // The same failing request fails the same way again, it is not replayed or blocked.
    expectProblem(await post(key, duplicate), 409, 'slug_taken');
    const fixed = programBody();
    const res = await post(key, fixed);
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsWithSlug(fixed.slug)).toHaveLength(1);
    expect((await post(key, fixed)).headers['idempotent-replayed']).toBe('true');
  });

  it('a request refused by validation does not claim the key', async () => {
    const key = crypto.randomUUID();
    expectProblem(await post(key, { name: 'Unvollständig' }), 400, 'validation_failed');
    expect(await h.owner.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toEqual([]);
  });

  it('an over-long key is a 400', async () => {
    const res = await post('k'.repeat(256), programBody());
    expect(paths(expectProblem(res, 400, 'validation_failed'))).toEqual(['headers.idempotency-key']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('rate limit', () => {
  let limited: Harness;
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    limited = await createHarness({ RATE_LIMIT_PER_MINUTE: '3' });
    a = await limited.user('moderator');
    b = await limited.user('moderator');
  });
  afterAll(() => limited.close());

  it('requests over the limit get a 429 problem with Retry-After; others are not affected', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await limited.request({ method: 'GET', url: '/v1/programs', token: a.token });
      expect(ok.statusCode).toBe(200);
      // The headers the OpenAPI document promises on every success behind the limit.
      expect(ok.headers['x-ratelimit-limit']).toBe('3');
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
      expect(Number(ok.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(ok.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
    }
    const res = await limited.request({ method: 'GET', url: '/v1/programs', token: a.token });
    expectProblem(res, 429, 'too_many_requests');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.headers['x-ratelimit-limit']).toBe('3');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect((await limited.request({ method: 'GET', url: '/v1/programs', token: b.token })).statusCode).toBe(
      200,
    );
    // Health checks are never limited, or an orchestrator would restart a busy instance.
    for (let i = 0; i < 5; i++) {
      const health = await limited.request({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('rate-limit headers in the browser', () => {
  it('are exposed to the allowed origins, so the admin console can pace itself', async () => {
    const cors = await createHarness({ CORS_ORIGINS: 'https://admin.werkstatt.example' });
    try {
      const u = await cors.user('moderator');
      const res = await cors.request({
        method: 'GET',
        url: '/v1/programs',
        token: u.token,
        headers: { origin: 'https://admin.werkstatt.example' },
      });
      expect(res.statusCode).toBe(200);
      const exposed = String(res.headers['access-control-expose-headers']).split(/,\s*/);
      for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']) {
        expect(exposed).toContain(name);
      }
    } finally {
      await cors.close();
    }
  });
});

describe('problem members', () => {
  it('a domain field named like a core member never overrides the problem status or code', async () => {
    const { AppError } = await import('../src/lib/errors.js');
    const probe = await createHarness(
      {},
      {
        routes: async (app) => {
          app.get('/v1/probe-conflict', { config: { auth: 'none' } }, async () => {
            throw new AppError(409, 'probe_conflict', 'Conflict', 'Probe.', {
              status: 'accepted',
              code: 'x',
            });
          });
        },
      },
    );
    try {
      const res = await probe.request({ method: 'GET', url: '/v1/probe-conflict' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ status: 409, code: 'probe_conflict' });
    } finally {
      await probe.close();
    }
  });
});
