import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  type ApiKeyScope,
  apiKeys,
  createDatabase,
  createPool,
  type Database,
  type MunicipalityKind,
  municipalities,
  refreshTokens,
  type UserRole,
  users,
} from '@werkstatt/db';
import { createTestDatabase } from '@werkstatt/db/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { API_KEY_PREFIX } from '../../src/modules/auth/actor-resolver.js';
import { hashPassword } from '../../src/modules/auth/auth.service.js';
import { hashSecret, randomSecret } from '../../src/modules/auth/tokens.js';

// One argon2 hash per test file, shared by all fixture users (password "fixture-password").
export const FIXTURE_PASSWORD = 'fixture-password';
const FIXTURE_HASH = await hashPassword(FIXTURE_PASSWORD);

export interface TestUser {
  id: string;
  email: string;
  role: UserRole;
  municipalityId: string | null;
  token: string;
  /** The session the token belongs to: the family of the refresh-token row made with it. */
  sessionId: string;
}

export interface TestKey {
  id: string;
  key: string;
  scopes: ApiKeyScope[];
  municipalityId: string | null;
}

/** Another API instance on the same database and Redis, with its own pool, Redis client and caches. */
export interface Instance {
  app: FastifyInstance;
  deps: Deps;
  request(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
}

export interface Harness extends Instance {
  app: FastifyInstance;
  deps: Deps;
  /** Owner connection (bypasses RLS): for fixtures and for checking what was written. */
  owner: Database;
  config: Config;
  request(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  municipality(
    overrides?: Partial<typeof municipalities.$inferInsert>,
  ): Promise<typeof municipalities.$inferSelect>;
  user(
    role: UserRole,
    municipalityId?: string | null,
    overrides?: Partial<typeof users.$inferInsert>,
  ): Promise<TestUser>;
  apiKey(scopes: ApiKeyScope[], municipalityId?: string | null): Promise<TestKey>;
  /**
   * A second API instance sharing this one's database, Redis and signing key (as instances behind a
   * load balancer do), closed with the harness.
   */
  instance(): Promise<Instance>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra routes registered before the app is ready, e.g. one that fails on purpose. */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** Receives every log line (with a LOG_LEVEL other than silent), for tests that read the log. */
  logStream?: { write(line: string): void };
}

/**
 * The Redis client connects in the background and fails fast while offline; wait for the first
 * outcome so tests do not race the connection (a REDIS_URL pointing at a closed port settles on its
 * first error).
 */
async function settleRedis(deps: Deps): Promise<void> {
  if (deps.redis && deps.redis.status !== 'ready') {
    await Promise.race([once(deps.redis, 'ready'), once(deps.redis, 'error')]).catch(() => undefined);
  }
}

const requester =
  (app: FastifyInstance): Instance['request'] =>
  ({ token, headers, ...opts }) =>
    app.inject({
      ...opts,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A fresh database cloned from the migrated template, an app on it, and fixture helpers. */
export async function createHarness(
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    DATABASE_POOL_MAX: '5',
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: `werkstatt-test:${testDb.name}:`,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '10000',
    AUTH_MAX_FAILURES_PER_IP: '100000',
    PASSWORD_FLOW_MAX_PER_IP: '100000',
    ...env,
  });
  const deps = await createDeps(config);
  await settleRedis(deps);
  const app = await buildApp(deps, options.logStream ? { logStream: options.logStream } : {});
  await options.routes?.(app);
  await app.ready();
  const instances: Instance[] = [];
  const ownerPool = createPool({ connectionString: testDb.url, max: 2 });
  // pool.end() resolves before the sockets are closed; dropping the database then kills them.
  ownerPool.on('error', () => undefined);
  const owner = createDatabase(ownerPool);

  const harness: Harness = {
    app,
    deps,
    owner,
    config,
    request: requester(app),
    async municipality(overrides = {}) {
      const id = unique();
      const [row] = await owner
        .insert(municipalities)
        .values({
          name: `Verbandsgemeinde Test ${id}`,
          slug: `vg-test-${id}`,
          kind: 'verbandsgemeinde' as MunicipalityKind,
          stateCode: 'RP',
          ...overrides,
        })
        .returning();
      return row!;
    },
    async user(role, municipalityId = null, overrides = {}) {
      const [row] = await owner
        .insert(users)
        .values({
          email: `${role}-${unique()}@test.example`,
          name: `Test ${role}`,
          passwordHash: FIXTURE_HASH,
          role,
          municipalityId,
          ...overrides,
        })
        .returning();
      // A session as a sign-in opens it: one refresh-token row whose family id the token carries.
      const sessionId = uuidv7();
      await owner.insert(refreshTokens).values({
        userId: row!.id,
        municipalityId: row!.municipalityId,
        familyId: sessionId,
        tokenHash: hashSecret(randomSecret(32)),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const { token } = await deps.tokens.signAccessToken({
        sub: row!.id,
        role,
        mid: row!.municipalityId,
        sid: sessionId,
      });
      return { id: row!.id, email: row!.email, role, municipalityId: row!.municipalityId, token, sessionId };
    },
    async apiKey(scopes, municipalityId = null) {
      const key = `${API_KEY_PREFIX}${randomSecret(24)}`;
      const [row] = await owner
        .insert(apiKeys)
        .values({
          name: `Test key ${unique()}`,
          prefix: key.slice(0, 12),
          keyHash: hashSecret(key),
          scopes,
          municipalityId,
        })
        .returning();
      return { id: row!.id, key, scopes, municipalityId };
    },
    async instance() {
      const other = { ...(await createDeps(config)), tokens: deps.tokens };
      await settleRedis(other);
      const otherApp = await buildApp(other);
      await otherApp.ready();
      const instance = { app: otherApp, deps: other, request: requester(otherApp) };
      instances.push(instance);
      return instance;
    },
    async close() {
      for (const other of instances) {
        await other.app.close();
        other.deps.redis?.disconnect();
      }
      await app.close();
      // quit() cannot reach a Redis that is down, and the client would keep reconnecting.
      deps.redis?.disconnect();
      await ownerPool.end();
      await testDb.drop();
    },
  };
  return harness;
}
