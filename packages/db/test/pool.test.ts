import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  createPool,
  databaseAnswers,
  isDatabaseUnavailable,
  watchClient,
} from '../src/index.js';
import { type OwnerDatabase, openTestDatabase } from './support/fixtures.js';

let owner: OwnerDatabase;

beforeAll(async () => {
  owner = await openTestDatabase();
});
afterAll(() => owner.close());

// What a Postgres restart does to a connection: "terminating connection due to administrator command".
const terminate = (applicationName: string) =>
  owner.pool.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
    applicationName,
  ]);

const urlNamed = (applicationName: string) => {
  const url = new URL(owner.testDb.url);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
};

/** A client of its own under an application name, with the errors it reported. */
const watchedClient = (applicationName: string) => {
  const errors: Error[] = [];
  const client = watchClient(new pg.Client({ connectionString: urlNamed(applicationName) }), (err) =>
    errors.push(err),
  );
  return { client, errors };
};

/** The test database's URL on a port nothing listens on: a refused connection. */
const refusedUrl = () => {
  const url = new URL(owner.testDb.url);
  url.port = '1';
  return url.toString();
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe('connections that Postgres ends', () => {
  it('an idle pooled connection: reported, replaced, and the pool keeps serving', async () => {
    const errors: Error[] = [];
    const pool = createPool({
      connectionString: urlNamed('werkstatt-pool-test'),
      max: 2,
      onIdleError: (err) => errors.push(err),
    });
    try {
      await Promise.all([pool.query('select 1'), pool.query('select 1')]);
      expect(pool.idleCount).toBe(2);
      expect((await terminate('werkstatt-pool-test')).rowCount).toBe(2);
      // Without a listener the pool's 'error' event would be an uncaught exception (vitest fails on it).
      await until(() => errors.length === 2);
      expect(errors[0]!.message).toMatch(/terminating connection due to administrator command/);
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('an idle client of its own: reported, no uncaught exception', async () => {
    const { client, errors } = watchedClient('werkstatt-client-test');
    await client.connect();
    try {
      await terminate('werkstatt-client-test');
      await until(() => errors.length > 0);
      expect(errors[0]!.message).toMatch(/terminating connection due to administrator command/);
      await expect(client.query('select 1')).rejects.toThrow();
    } finally {
      await client.end().catch(() => undefined);
    }
  });
});

describe('isDatabaseUnavailable: the failures worth trying again later', () => {
  const failureOf = async (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      await run();
    } catch (err) {
      return err;
    }
    throw new Error('expected a failure');
  };

  it('a statement whose connection Postgres ends, and the client used once more after it', async () => {
    const { client, errors } = watchedClient('werkstatt-unavailable-test');
    await client.connect();
    try {
      const running = failureOf(() => client.query('select pg_sleep(10)'));
      // Ended while it runs, as a restart ends it.
      const sleeping = async () =>
        (
          await owner.pool.query(
            "select 1 from pg_stat_activity where application_name = $1 and query like 'select pg_sleep%'",
            ['werkstatt-unavailable-test'],
          )
        ).rowCount;
      while (!(await sleeping())) await new Promise((r) => setTimeout(r, 20));
      await terminate('werkstatt-unavailable-test');
      const ended = (await running) as { code?: string };
      expect(ended.code).toBe('57P01');
      expect(isDatabaseUnavailable(ended)).toBe(true);
      await until(() => errors.length > 0);
      const reused = (await failureOf(() => client.query('select 1'))) as Error;
      expect(reused.message).toBe('Client has encountered a connection error and is not queryable');
      expect(isDatabaseUnavailable(reused)).toBe(true);
    } finally {
      await client.end().catch(() => undefined);
    }
  });

  it('a refused connection, wrapped by drizzle as every query error is', async () => {
    const pool = createPool({ connectionString: refusedUrl(), max: 1 });
    try {
      const err = (await failureOf(() => createDatabase(pool).execute(sql`select 1`))) as Error;
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('databaseAnswers: asks Postgres on a connection of its own', async () => {
    expect(await databaseAnswers(owner.testDb.url)).toBe(true);
    // An error the server sends (3D000, no such database) still means it is there.
    const missing = new URL(owner.testDb.url);
    missing.pathname = '/werkstatt_no_such_database';
    expect(await databaseAnswers(missing.toString())).toBe(true);
    expect(await databaseAnswers(refusedUrl())).toBe(false);
  });

  it('not a failure of the statement itself', async () => {
    const db = createDatabase(owner.pool);
    expect(isDatabaseUnavailable(await failureOf(() => db.execute(sql`selec 1`)))).toBe(false);
    expect(isDatabaseUnavailable(await failureOf(() => db.execute(sql`select 1 / 0`)))).toBe(false);
    expect(isDatabaseUnavailable(new Error('SMTP-Server nicht erreichbar'))).toBe(false);
  });
});
