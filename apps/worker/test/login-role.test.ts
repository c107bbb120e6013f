import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { runWorkerProcess } from '../src/main.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

let t: WorkerTestContext;
const login = `werkstatt_test_worker_login_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  t = await createWorkerTestContext();
  // Roles belong to the cluster, not to this file's database: a name of its own, dropped after.
  await t.owner.execute(
    sql.raw(`create role ${login} login nosuperuser nobypassrls inherit; grant werkstatt_app to ${login}`),
  );
});

afterAll(async () => {
  await t.owner.execute(sql.raw(`drop role if exists ${login}`));
  await t.close();
});

const productionEnv = (databaseUrl: string) => ({
  ...t.env,
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  MAIL_TRANSPORT: 'smtp',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  LINK_SECRET: 'a-long-random-secret-of-at-least-32-chars',
  WEBHOOK_SECRET_KEY: 'another-long-random-secret-of-32-chars',
});

describe('in production, the worker’s database login', () => {
  it('as a superuser is refused before anything starts, with a message naming the fix', async () => {
    // The harness connects as the superuser that owns the test database.
    const started = runWorkerProcess(productionEnv(t.env.DATABASE_URL!), { log: silentLogger });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/is a superuser or has BYPASSRLS: .*GRANT werkstatt_app TO/);
  });

  it('as a role that may only switch to werkstatt_app is accepted', async () => {
    const url = new URL(t.env.DATABASE_URL!);
    url.username = login;
    const runtime = await runWorkerProcess(productionEnv(url.toString()), { log: silentLogger });
    try {
      expect(await runtime.relay.relayOnce()).toEqual({ dispatched: 0, failed: 0 });
    } finally {
      await runtime.stop();
    }
  });
});
