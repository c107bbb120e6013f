import { apiKeys } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultApiKeyRateLimit, loadConfig } from '../src/config.js';
import { createHarness, type Harness } from './support/harness.js';

// Users get 4 requests a minute and keys 5 by default, so each limit is told apart by its number.
const USER_LIMIT = 4;
const KEY_DEFAULT = 5;

let h: Harness;
let m1: string;

beforeAll(async () => {
  h = await createHarness({
    RATE_LIMIT_PER_MINUTE: String(USER_LIMIT),
    API_KEY_RATE_LIMIT_PER_MINUTE: String(KEY_DEFAULT),
  });
  m1 = (await h.municipality()).id;
});
afterAll(() => h.close());

let seq = 0;

/** An RFC 9457 problem with its code and request id. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status, code, requestId: res.headers['x-request-id'] });
}

/**
 * Creates a key through the API as a fresh administrator (each admin's own requests count against
 * the user limit of 4, so one admin per call keeps them out of the way).
 */
async function createKey(
  body: Record<string, unknown>,
  role: 'program_admin' | 'municipality_admin' = 'program_admin',
) {
  const admin = await h.user(role, role === 'program_admin' ? null : m1);
  return h.request({
    method: 'POST',
    url: '/v1/api-keys',
    token: admin.token,
    payload: { name: `Portal ${seq++}`, scopes: ['public:read'], ...body },
  });
}

async function createdKey(body: Record<string, unknown>) {
  const res = await createKey(body);
  expect(res.statusCode).toBe(201);
  return res.json() as {
    id: string;
    key: string;
    rateLimitPerMinute: number | null;
    effectiveRateLimitPerMinute: number;
  };
}

/** The IETF fields of a response, checked against the X-RateLimit-* numbers it also carries. */
function expectIetfHeaders(res: LightMyRequestResponse, policy: string, limit: number, remaining: number) {
  const reset = Number(res.headers['x-ratelimit-reset']);
  expect(reset).toBeGreaterThan(0);
  expect(reset).toBeLessThanOrEqual(60);
  expect(res.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(res.headers['x-ratelimit-remaining']).toBe(String(remaining));
  expect(res.headers['ratelimit-policy']).toBe(`"${policy}";q=${limit};w=60`);
  expect(res.headers.ratelimit).toBe(`"${policy}";r=${remaining};t=${reset}`);
}

const programs = (token?: string, on: Pick<Harness, 'request'> = h) =>
  on.request({ method: 'GET', url: '/v1/programs', ...(token ? { token } : {}) });

describe('a key with its own limit', () => {
  it('gets 3 answers a minute, then 429 with Retry-After and exact RateLimit and RateLimit-Policy values', async () => {
    const created = await createdKey({ rateLimitPerMinute: 3 });
    expect(created).toMatchObject({ rateLimitPerMinute: 3, effectiveRateLimitPerMinute: 3 });
    expect(
      (await h.owner.select().from(apiKeys).where(eq(apiKeys.id, created.id)))[0]!.rateLimitPerMinute,
    ).toBe(3);

    for (let i = 0; i < 3; i++) {
      const ok = await programs(created.key);
      expect(ok.statusCode).toBe(200);
      expectIetfHeaders(ok, 'key', 3, 2 - i);
    }
    const refused = await programs(created.key);
    expectProblem(refused, 429, 'too_many_requests');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json().retryAfter).toBe(retryAfter);
    expectIetfHeaders(refused, 'key', 3, 0);
    expect(refused.headers.ratelimit).toBe(`"key";r=0;t=${retryAfter}`);
  });

  it('is counted once for all API instances (Redis)', async () => {
    const created = await createdKey({ rateLimitPerMinute: 3 });
    const other = await h.instance();
    expect((await programs(created.key)).statusCode).toBe(200);
    expect((await programs(created.key, other)).statusCode).toBe(200);
    const third = await programs(created.key);
    expect(third.statusCode).toBe(200);
    expectIetfHeaders(third, 'key', 3, 0);
    expectProblem(await programs(created.key, other), 429, 'too_many_requests');
  });

  it('another key keeps the default for keys, and its count is its own', async () => {
    const limited = await createdKey({ rateLimitPerMinute: 1 });
    expect((await programs(limited.key)).statusCode).toBe(200);
    expect((await programs(limited.key)).statusCode).toBe(429);

    const plain = await createdKey({});
    expect(plain).toMatchObject({ rateLimitPerMinute: null, effectiveRateLimitPerMinute: KEY_DEFAULT });
    for (let i = 0; i < KEY_DEFAULT; i++) {
      const ok = await programs(plain.key);
      expect(ok.statusCode).toBe(200);
      expectIetfHeaders(ok, 'key', KEY_DEFAULT, KEY_DEFAULT - 1 - i);
    }
    expectProblem(await programs(plain.key), 429, 'too_many_requests');
  });

  it("a user's limit is RATE_LIMIT_PER_MINUTE, whatever the keys get", async () => {
    await createdKey({ rateLimitPerMinute: 1000 });
    const user = await h.user('moderator');
    for (let i = 0; i < USER_LIMIT; i++) {
      const ok = await programs(user.token);
      expect(ok.statusCode).toBe(200);
      expectIetfHeaders(ok, 'user', USER_LIMIT, USER_LIMIT - 1 - i);
    }
    const refused = await programs(user.token);
    expectProblem(refused, 429, 'too_many_requests');
    expectIetfHeaders(refused, 'user', USER_LIMIT, 0);
  });

  it('calls without credentials count per address ("ip"); a route with its own limit names it ("public")', async () => {
    const anonymous = await h.request({
      method: 'GET',
      url: '/v1/public/calendar/unbekannter-feed.ics',
      remoteAddress: '198.51.100.7',
    });
    expect(anonymous.statusCode).toBe(404);
    expectIetfHeaders(anonymous, 'ip', USER_LIMIT, USER_LIMIT - 1);

    const invitation = await h.request({
      method: 'GET',
      url: '/v1/public/invitations/unbekannter-link-0123456789abcdef',
      remoteAddress: '198.51.100.8',
    });
    expect(invitation.statusCode).toBe(404);
    expectIetfHeaders(
      invitation,
      'public',
      h.config.PUBLIC_RATE_LIMIT_PER_MINUTE,
      h.config.PUBLIC_RATE_LIMIT_PER_MINUTE - 1,
    );
  });

  it('health checks stay outside the limit and carry no limit headers', async () => {
    const health = await h.request({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.headers.ratelimit).toBeUndefined();
    expect(health.headers['ratelimit-policy']).toBeUndefined();
  });
});

describe('setting a key limit', () => {
  it('a municipality admin may lower it or keep the default, but not raise a key above the default (403)', async () => {
    const raised = await createKey(
      { name: 'Zu schnell', rateLimitPerMinute: KEY_DEFAULT + 1 },
      'municipality_admin',
    );
    expectProblem(raised, 403, 'rate_limit_above_default');
    expect(raised.json().maxRateLimitPerMinute).toBe(KEY_DEFAULT);
    expect(await h.owner.select().from(apiKeys).where(eq(apiKeys.name, 'Zu schnell'))).toEqual([]);

    const atDefault = await createKey({ rateLimitPerMinute: KEY_DEFAULT }, 'municipality_admin');
    expect(atDefault.statusCode).toBe(201);
    expect(atDefault.json()).toMatchObject({
      municipalityId: m1,
      rateLimitPerMinute: KEY_DEFAULT,
      effectiveRateLimitPerMinute: KEY_DEFAULT,
    });
    const lowered = await createKey({ rateLimitPerMinute: 2 }, 'municipality_admin');
    expect(lowered.statusCode).toBe(201);
    expect(lowered.json()).toMatchObject({ rateLimitPerMinute: 2, effectiveRateLimitPerMinute: 2 });
  });

  it('a program admin may raise it up to 100000', async () => {
    const raised = await createKey({ rateLimitPerMinute: 100_000 });
    expect(raised.statusCode).toBe(201);
    expect(raised.json()).toMatchObject({
      rateLimitPerMinute: 100_000,
      effectiveRateLimitPerMinute: 100_000,
    });
  });

  it('rejects limits outside 1..100000 or not whole numbers with 400 and writes nothing', async () => {
    for (const rateLimitPerMinute of [0, -1, 100_001, 1.5, '10']) {
      const res = await createKey({ name: 'Ungültig', rateLimitPerMinute });
      expectProblem(res, 400, 'validation_failed');
      expect(JSON.stringify(res.json().errors)).toContain('rateLimitPerMinute');
    }
    expect(await h.owner.select().from(apiKeys).where(eq(apiKeys.name, 'Ungültig'))).toEqual([]);
  });

  it('get and list show the own and the effective limit', async () => {
    const own = await createdKey({ rateLimitPerMinute: 7 });
    const plain = await createdKey({ rateLimitPerMinute: null });
    const admin = await h.user('program_admin');
    const get = await h.request({ method: 'GET', url: `/v1/api-keys/${own.id}`, token: admin.token });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({ rateLimitPerMinute: 7, effectiveRateLimitPerMinute: 7 });
    const list = await h.request({ method: 'GET', url: '/v1/api-keys?limit=200', token: admin.token });
    expect(list.statusCode).toBe(200);
    const byId = new Map((list.json().data as { id: string }[]).map((k) => [k.id, k] as const));
    expect(byId.get(own.id)).toMatchObject({ rateLimitPerMinute: 7, effectiveRateLimitPerMinute: 7 });
    expect(byId.get(plain.id)).toMatchObject({
      rateLimitPerMinute: null,
      effectiveRateLimitPerMinute: KEY_DEFAULT,
    });
  });

  it('the database refuses a limit outside 1..100000 too', async () => {
    const key = await h.apiKey(['public:read']);
    await expect(
      h.owner.update(apiKeys).set({ rateLimitPerMinute: 0 }).where(eq(apiKeys.id, key.id)),
    ).rejects.toThrow();
  });
});

describe('configuration', () => {
  it('API_KEY_RATE_LIMIT_PER_MINUTE defaults to RATE_LIMIT_PER_MINUTE', () => {
    const base = { NODE_ENV: 'test', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };
    expect(defaultApiKeyRateLimit(loadConfig({ ...base, RATE_LIMIT_PER_MINUTE: '42' }))).toBe(42);
    expect(
      defaultApiKeyRateLimit(
        loadConfig({ ...base, RATE_LIMIT_PER_MINUTE: '42', API_KEY_RATE_LIMIT_PER_MINUTE: '7' }),
      ),
    ).toBe(7);
    expect(() => loadConfig({ ...base, API_KEY_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(
      /API_KEY_RATE_LIMIT_PER_MINUTE/,
    );
  });
});

describe('the OpenAPI document', () => {
  interface Header {
    $ref?: string;
    description?: string;
  }
  interface Doc {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { headers?: Record<string, Header> }> }>
    >;
    components: {
      headers: Record<string, Header>;
      responses: Record<string, { headers?: Record<string, Header> }>;
    };
  }

  it('names RateLimit and RateLimit-Policy on an operation, on the 429 and describes them', async () => {
    const res = await h.request({ method: 'GET', url: '/openapi.json', remoteAddress: '198.51.100.9' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as Doc;
    const ok = doc.paths['/v1/api-keys/{id}']!.get!.responses['200']!;
    for (const name of ['RateLimit', 'RateLimit-Policy', 'X-RateLimit-Limit']) {
      expect(ok.headers?.[name]).toEqual({ $ref: `#/components/headers/${name}` });
      expect(doc.components.responses.TooManyRequests!.headers?.[name]).toEqual({
        $ref: `#/components/headers/${name}`,
      });
    }
    expect(doc.components.headers.RateLimit!.description).toContain('r');
    expect(doc.components.headers['RateLimit-Policy']!.description).toMatch(/`key`.*`user`.*`ip`/s);
  });
});
