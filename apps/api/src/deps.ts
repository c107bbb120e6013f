import { createDatabase, createPool, type Database } from '@werkstatt/db';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { Config } from './config.js';
import { createDocumentEventHub, type DocumentEventHub } from './lib/document-events.js';
import { type ApiMetrics, createApiMetrics } from './lib/metrics.js';
import { RepresentationCache } from './lib/representation-cache.js';
import { CredentialCache } from './modules/auth/credential-cache.js';
import { createLoginThrottle, type LoginThrottle } from './modules/auth/login-throttle.js';
import { createTokenService, type TokenService } from './modules/auth/tokens.js';

/** Everything the app is built from; tests build their own with a test database. */
export interface Deps {
  config: Config;
  pool: pg.Pool;
  db: Database;
  /** Null in dev mode without REDIS_URL: rate limits then count in memory. */
  redis: Redis | null;
  tokens: TokenService;
  /** Login and invalid-credential throttling, shared by the auth plugin and the login route. */
  throttle: LoginThrottle;
  /** Resolved bearer tokens and API keys, re-checked by every transaction (plugins/auth). */
  credentials: CredentialCache;
  /** Stored responses of hot reads, served while their data is unchanged (lib/representation-cache). */
  representations: RepresentationCache;
  /** Document status changes over Redis pub/sub: publishes them, and fans them out to event streams. */
  documentEvents: DocumentEventHub;
  /** This instance's Prometheus registry and the instruments code feeds (plugins/metrics, GET /metrics). */
  metrics: ApiMetrics;
}

export async function createDeps(config: Config): Promise<Deps> {
  const metrics = createApiMetrics(config.DATABASE_POOL_MAX);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    onWait: metrics.pool.observeWait,
  });
  metrics.pool.watch(pool);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        keyPrefix: config.REDIS_KEY_PREFIX,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        // A Redis that hangs instead of refusing must not stall requests: rate limiting skips on errors.
        commandTimeout: 500,
      })
    : null;
  // Until the app attaches its logging listener, an early connection error must not be "unhandled".
  redis?.on('error', () => {});
  return {
    config,
    pool,
    db: createDatabase(pool),
    redis,
    tokens: await createTokenService(config),
    throttle: createLoginThrottle(config, redis),
    credentials: new CredentialCache(),
    representations: new RepresentationCache(config.REPRESENTATION_CACHE_MB * 1024 * 1024, (result) =>
      metrics.cacheLookups.inc({ result }),
    ),
    documentEvents: createDocumentEventHub(redis, config.REDIS_KEY_PREFIX),
    metrics,
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  deps.documentEvents.close();
  // quit() waits for Redis to answer, which never happens while it is down: disconnect then.
  const redis = deps.redis;
  const closeRedis = redis
    ? redis.status === 'ready'
      ? redis.quit()
      : Promise.resolve(redis.disconnect())
    : null;
  await Promise.allSettled([deps.pool.end(), closeRedis]);
}
