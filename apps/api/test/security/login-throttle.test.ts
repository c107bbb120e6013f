import argon2 from 'argon2';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLoginThrottle } from '../../src/modules/auth/login-throttle.js';
import { createHarness, FIXTURE_PASSWORD, type Harness } from '../support/harness.js';

// Login throttling that cannot be raced or turned against the account's owner: attempts are counted
// atomically before the password is checked, per account and client, and the account-wide ceiling
// slows down clients that already failed instead of locking everyone out.

const PER_CLIENT = 5;

function expectTooMany(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe('too_many_requests');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

const login = (
  h: Harness,
  email: string,
  password: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
) =>
  h.request({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, remoteAddress, headers });

/** argon2 verifications while `run` runs: the work a guesser makes the server do. */
async function verificationsDuring<T>(run: () => Promise<T>): Promise<{ result: T; verified: number }> {
  const spy = vi.spyOn(argon2, 'verify');
  try {
    const result = await run();
    return { result, verified: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('parallel guesses on one account', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_CLIENT) });
  });
  afterAll(() => h.close());

  it('15 at once: at most 5 passwords are checked, the rest get 429; the owner elsewhere signs in', async () => {
    const owner = await h.user('program_admin');
    const { result, verified } = await verificationsDuring(() =>
      Promise.all(Array.from({ length: 15 }, (_, i) => login(h, owner.email, `guess-${i}`, '203.0.113.50'))),
    );
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThanOrEqual(PER_CLIENT);
    const statuses = result.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(verified);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15 - verified);
    for (const res of result.filter((r) => r.statusCode === 429)) expectTooMany(res);
    // The guessing address stays refused, even with the right password …
    expectTooMany(await login(h, owner.email, FIXTURE_PASSWORD, '203.0.113.50'));
    // … while the owner, from their own address, signs in at once.
    expect((await login(h, owner.email, FIXTURE_PASSWORD, '198.51.100.60')).statusCode).toBe(200);
  });

  it('the limit counts attempts since the last success: a success starts the client from zero', async () => {
    const user = await h.user('moderator');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < PER_CLIENT - 1; i++) {
        expect((await login(h, user.email, 'wrong', '198.51.100.61')).statusCode).toBe(401);
      }
      expect((await login(h, user.email, FIXTURE_PASSWORD, '198.51.100.61')).statusCode).toBe(200);
    }
  });
});

describe('the per-account ceiling slows down, it does not lock out', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_CLIENT),
      LOGIN_ACCOUNT_SLOWDOWN_AFTER: '3',
      LOGIN_ACCOUNT_SLOWDOWN_INTERVAL_MS: '60000',
    });
  });
  afterAll(() => h.close());

  it('past the ceiling, clients that failed share one attempt per interval; a clean client signs in', async () => {
    const owner = await h.user('program_admin');
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect((await login(h, owner.email, 'wrong', client)).statusCode).toBe(401);
    }
    // The account is past its ceiling: the next attempt of a client that failed goes ahead …
    expect((await login(h, owner.email, 'wrong', '203.0.113.1')).statusCode).toBe(401);
    // … and every other one waits for the interval, across clients.
    const slowed = await login(h, owner.email, 'wrong', '203.0.113.2');
    expectTooMany(slowed);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(60);
    // A client that has not failed is not slowed by the others' failures.
    expect((await login(h, owner.email, FIXTURE_PASSWORD, '198.51.100.70')).statusCode).toBe(200);
  });
});

describe('which address is the client', () => {
  it('without TRUST_PROXY, X-Forwarded-For is ignored: a guesser cannot buy fresh attempts with it', async () => {
    const h = await createHarness({ LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_CLIENT) });
    try {
      const owner = await h.user('moderator');
      for (let i = 0; i < PER_CLIENT; i++) {
        const res = await login(h, owner.email, 'wrong', '203.0.113.9', { 'x-forwarded-for': `10.0.0.${i}` });
        expect(res.statusCode).toBe(401);
      }
      expectTooMany(await login(h, owner.email, 'wrong', '203.0.113.9', { 'x-forwarded-for': '10.0.0.99' }));
      // Nor can the guesser name the owner's address to lock the owner out.
      const owners = await login(h, owner.email, FIXTURE_PASSWORD, '198.51.100.8', {
        'x-forwarded-for': '203.0.113.9',
      });
      expect(owners.statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('behind a trusted proxy, each forwarded client counts on its own', async () => {
    const h = await createHarness({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_CLIENT),
      TRUST_PROXY: '192.0.2.1',
    });
    try {
      const owner = await h.user('moderator');
      const via = (client: string, password: string) =>
        login(h, owner.email, password, '192.0.2.1', { 'x-forwarded-for': client });
      for (let i = 0; i < PER_CLIENT; i++) expect((await via('198.51.100.1', 'wrong')).statusCode).toBe(401);
      expectTooMany(await via('198.51.100.1', FIXTURE_PASSWORD));
      // Same proxy, another client: the owner signs in.
      expect((await via('198.51.100.2', FIXTURE_PASSWORD)).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('without Redis (development)', () => {
  it('counts in the process with the same rules: 15 parallel attempts, 5 go ahead', async () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://localhost/unused',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_CLIENT),
    });
    const throttle = createLoginThrottle(config, null);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 15 }, () => throttle.beforeAttempt('203.0.113.77', 'owner@test.example')),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(PER_CLIENT);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(15 - PER_CLIENT);
    await expect(throttle.beforeAttempt('198.51.100.77', 'owner@test.example')).resolves.toBeUndefined();
  });
});
