import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createDatabase,
  createPool,
  type Database,
  municipalities,
  outbox,
  scopedDatabase,
  type UserRole,
  users,
} from '@werkstatt/db';
import { createTestDatabase, type TestDatabase } from '@werkstatt/db/testing';
import { enqueue, type Job } from '@werkstatt/jobs';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';

export interface WorkerTestContext {
  config: Config;
  /** Environment that yields `config`, for worker child processes. */
  env: Record<string, string>;
  /** Owner connection (bypasses RLS): fixtures and checks. The code under test scopes itself. */
  owner: Database;
  mailDir: string;
  municipality(name?: string): Promise<typeof municipalities.$inferSelect>;
  user(
    role: UserRole,
    municipalityId: string | null,
    overrides?: Partial<typeof users.$inferInsert>,
  ): Promise<typeof users.$inferSelect>;
  /** Enqueues a job the way the API does: in a committed platform-scope transaction. */
  enqueue(job: Job): Promise<string>;
  outboxRow(id: string): Promise<typeof outbox.$inferSelect | undefined>;
  /** Names of the .eml files written so far. */
  mails(): Promise<string[]>;
  readMail(file: string): Promise<Buffer>;
  close(): Promise<void>;
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A fresh database, its own BullMQ key prefix and mail directory: test files never share state. */
export async function createWorkerTestContext(
  overrides: Record<string, string> = {},
): Promise<WorkerTestContext> {
  const testDb: TestDatabase = await createTestDatabase(
    inject('adminDatabaseUrl'),
    inject('templateDatabase'),
  );
  const mailDir = await mkdtemp(path.join(tmpdir(), 'werkstatt-mail-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    DATABASE_POOL_MAX: '4',
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `werkstatt-test-${testDb.name}`,
    // The API's prefix in its tests: document status messages stay within this file, too.
    REDIS_KEY_PREFIX: `werkstatt-test:${testDb.name}:`,
    MAIL_TRANSPORT: 'file',
    MAIL_OUTBOX_DIR: mailDir,
    MAIL_FROM: 'Digital-Werkstatt <no-reply@werkstatt.example>',
    APP_URL: 'https://werkstatt.example/anmelden',
    APP_NAME: 'Digital-Werkstatt',
    LOG_LEVEL: 'silent',
    // No metrics server unless a test asks for one: test files run side by side.
    WORKER_METRICS_PORT: '0',
    ...overrides,
  };
  const config = loadConfig(env);
  const pool: pg.Pool = createPool({ connectionString: testDb.url, max: 3 });
  const owner = createDatabase(pool);

  return {
    config,
    env,
    owner,
    mailDir,
    async municipality(name = 'Verbandsgemeinde Südliche Weinstraße') {
      const [row] = await owner
        .insert(municipalities)
        .values({ name, slug: `m-${unique()}`, kind: 'verbandsgemeinde', stateCode: 'RP' })
        .returning();
      return row!;
    },
    async user(role, municipalityId, userOverrides = {}) {
      const [row] = await owner
        .insert(users)
        .values({
          email: `${unique()}@werkstatt.example`,
          name: 'Jürgen Weißmüller',
          passwordHash: 'not-a-real-hash',
          role,
          municipalityId,
          ...userOverrides,
        })
        .returning();
      return row!;
    },
    async enqueue(job) {
      const platform = scopedDatabase(owner, { kind: 'platform' });
      return (await platform.transaction((tx) => enqueue(tx, job))).id;
    },
    async outboxRow(id) {
      const [row] = await owner.select().from(outbox).where(eq(outbox.id, id));
      return row;
    },
    async mails() {
      return (await readdir(mailDir)).filter((f) => f.endsWith('.eml')).sort();
    },
    readMail: (file) => readFile(path.join(mailDir, file)),
    async close() {
      await pool.end();
      await connectionsClosed(testDb.name);
      await testDb.drop();
      await rm(mailDir, { recursive: true, force: true });
      await deleteRedisKeys(env.REDIS_URL!, `${config.QUEUE_PREFIX}:*`);
    },
  };
}

/**
 * pg's pool.end() resolves before its sockets are closed; dropping the database "with (force)" then
 * terminates those backends and the closing clients emit an unhandled error. Wait until they are gone.
 */
async function connectionsClosed(database: string) {
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const { rows } = await admin.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [database],
        );
        return rows[0]!.n === 0;
      },
      5000,
      'test database connections to close',
    );
  } finally {
    await admin.end();
  }
}

export async function deleteRedisKeys(url: string, pattern: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until fn returns a value other than undefined/null/false, or fails after timeoutMs. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
