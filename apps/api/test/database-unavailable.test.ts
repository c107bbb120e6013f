import { scopedDatabase } from '@werkstatt/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';

// While Postgres restarts or fails over, a request cannot be served but a retry soon will be: the
// API says so with a 503 problem and Retry-After, not an internal error (500).
let h: Harness;

beforeAll(async () => {
  h = await createHarness(
    {},
    {
      routes: async (app) => {
        // Holds a connection in a statement until the test ends its backend.
        app.get('/v1/probe-slow-statement', { config: { auth: 'none' } }, async () => {
          await scopedDatabase(h.deps.db, { kind: 'platform' }).transaction((tx) =>
            tx.execute(sql`select pg_sleep(30)`),
          );
          return {};
        });
      },
    },
  );
});
afterAll(() => h.close());

function expectUnavailable(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(res.headers['retry-after']).toBe('5');
  expect(res.json()).toMatchObject({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    code: 'service_unavailable',
    detail: 'The database cannot be reached right now. Nothing was changed; try again in a few seconds.',
  });
  // Nothing of the driver's error reaches the client.
  expect(JSON.stringify(res.json())).not.toMatch(/terminat|ECONN|127\.0\.0\.1|pg_sleep/);
}

describe('the database going away', () => {
  it('answers 503 with Retry-After when a statement’s connection is ended under it', async () => {
    const pending = h.request({ method: 'GET', url: '/v1/probe-slow-statement' });
    // The backend running the sleep, once it is there; ended as a restart ends it.
    for (let i = 0; i < 100; i++) {
      const ended = await h.owner.execute(
        sql`select pg_terminate_backend(pid) as ended from pg_stat_activity
            where query like 'select pg_sleep(30)%' and pid <> pg_backend_pid() and datname = current_database()`,
      );
      if (ended.rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expectUnavailable(await pending);
    // The pool replaced the connection: the next request is served again.
    const me = await h.user('program_admin');
    const res = await h.request({ method: 'GET', url: '/v1/me', token: me.token });
    expect(res.statusCode).toBe(200);
  });

  it('answers 503 with Retry-After while no connection can be opened', async () => {
    // The same database name on a port where nothing listens: every connection is refused.
    const url = new URL(h.config.DATABASE_URL);
    url.port = '1';
    const down = await createHarness({ DATABASE_URL: url.toString() });
    try {
      // Signed with this instance's key (the harnesses each make their own); the user row itself is
      // never reached.
      const me = await down.user('program_admin');
      expectUnavailable(await down.request({ method: 'GET', url: '/v1/me', token: me.token }));
      expectUnavailable(
        await down.request({
          method: 'POST',
          url: '/v1/municipalities',
          token: me.token,
          payload: { name: 'Ortsgemeinde Bärenbach', kind: 'ortsgemeinde', stateCode: 'RP' },
        }),
      );
    } finally {
      await down.close();
    }
  });
});
