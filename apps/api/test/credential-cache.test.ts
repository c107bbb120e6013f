import { apiKeys, users } from '@werkstatt/db';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';

// A signed-in actor is cached by the API; every transaction re-checks it (app_check_principal). The
// direct writes through `h.owner` below stand for another API instance, whose changes this
// instance's cache cannot hear about.
let h: Harness;
let municipalityId: string;

beforeAll(async () => {
  h = await createHarness();
  municipalityId = (await h.municipality()).id;
});
afterAll(() => h.close());

function expectProblem(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe(code);
}

const get = (url: string, token: string) => h.request({ method: 'GET', url, token });
const strategyOf = (id: string) => `/v1/municipalities/${id}/strategy`;

/** pg queries a request sends, counted on the client class every pool connection uses. */
async function queriesOf(run: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('credential cache', () => {
  it('looks a key up once: later requests skip the look-up transaction', async () => {
    const key = await h.apiKey(['municipality:read'], municipalityId);
    const first = await queriesOf(() => get('/v1/municipalities', key.key));
    const second = await queriesOf(() => get('/v1/municipalities', key.key));
    // The look-up transaction: BEGIN with the scope (one message), key row, last-used time (first
    // use), COMMIT.
    expect(first - second).toBe(4);
  });

  it('resolves a token once for requests that arrive together with it (a burst after a start)', async () => {
    const user = await h.user('municipality_editor', municipalityId);
    const alone = await queriesOf(() => get('/v1/municipalities', user.token));
    const cached = await queriesOf(() => get('/v1/municipalities', user.token));
    const fresh = await h.user('municipality_editor', municipalityId);
    const together = await queriesOf(async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => get('/v1/municipalities', fresh.token)),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    });
    // One look-up transaction (BEGIN with the scope, the user row, COMMIT) for the ten, not ten.
    expect(alone - cached).toBe(3);
    expect(together).toBe(10 * cached + 3);
  });

  it('shares a failed look-up with every request that waited for it, and does not cache it', async () => {
    const user = await h.user('municipality_editor', municipalityId);
    await h.owner.update(users).set({ deletedAt: new Date() }).where(eq(users.id, user.id));
    const answers = await Promise.all(Array.from({ length: 5 }, () => get('/v1/municipalities', user.token)));
    for (const a of answers) expectProblem(a, 401, 'unauthorized');
    await h.owner.update(users).set({ deletedAt: null }).where(eq(users.id, user.id));
    expect((await get('/v1/municipalities', user.token)).statusCode).toBe(200);
  });

  it('a key revoked by another instance is refused by the next request, also in the public scope', async () => {
    const key = await h.apiKey(['municipality:read'], municipalityId);
    expect((await get('/v1/measures/peers?q=Bürgerbüro', key.key)).statusCode).toBe(200);
    await h.owner.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.id));
    expectProblem(await get('/v1/measures/peers?q=Bürgerbüro', key.key), 401, 'unauthorized');
    // Forgotten, so it is looked up again (and refused before any data transaction).
    expectProblem(await get(strategyOf(municipalityId), key.key), 401, 'unauthorized');
  });

  it('a key that expired while cached is refused', async () => {
    const key = await h.apiKey(['municipality:read'], municipalityId);
    expect((await get('/v1/municipalities', key.key)).statusCode).toBe(200);
    await h.owner
      .update(apiKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiKeys.id, key.id));
    expectProblem(await get('/v1/municipalities', key.key), 401, 'unauthorized');
  });

  it('a user deleted by another instance is refused by the next request', async () => {
    const user = await h.user('municipality_editor', municipalityId);
    expect((await get(strategyOf(municipalityId), user.token)).statusCode).not.toBe(401);
    await h.owner.update(users).set({ deletedAt: new Date() }).where(eq(users.id, user.id));
    expectProblem(await get(strategyOf(municipalityId), user.token), 401, 'unauthorized');
  });

  it('a role changed by another instance: the token issued for the old role stays refused', async () => {
    const user = await h.user('program_admin');
    const other = await h.municipality();
    expect((await get(strategyOf(other.id), user.token)).statusCode).not.toBe(403);
    await h.owner
      .update(users)
      .set({ role: 'municipality_editor', municipalityId })
      .where(eq(users.id, user.id));
    // The cached program-office actor never reaches another municipality's data, and the token,
    // issued for the old role, does not come back with the new one: the user signs in again.
    expectProblem(await get(strategyOf(other.id), user.token), 401, 'unauthorized');
    expectProblem(await get(strategyOf(other.id), user.token), 401, 'unauthorized');
  });

  it('a role changed through this instance ends the session at the very next request', async () => {
    const admin = await h.user('program_admin');
    const user = await h.user('moderator');
    expect((await get('/v1/reports/overview', user.token)).statusCode).toBe(200);
    const current = await get(`/v1/users/${user.id}`, admin.token);
    const changed = await h.request({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      token: admin.token,
      headers: { 'if-match': current.headers.etag as string },
      payload: { role: 'municipality_editor', municipalityId },
    });
    expect(changed.statusCode).toBe(200);
    expectProblem(await get('/v1/reports/overview', user.token), 401, 'unauthorized');
  });

  it('a key revoked through this instance is refused at once, before any data transaction', async () => {
    const admin = await h.user('program_admin');
    const key = await h.apiKey(['municipality:read'], municipalityId);
    expect((await get('/v1/municipalities', key.key)).statusCode).toBe(200);
    const revoke = await h.request({ method: 'DELETE', url: `/v1/api-keys/${key.id}`, token: admin.token });
    expect(revoke.statusCode).toBe(204);
    expectProblem(await get('/v1/municipalities', key.key), 401, 'unauthorized');
  });
});
