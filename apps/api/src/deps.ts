import { createDatabase, createPool, type Database } from '@werkstatt/db';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { Config } from './config.js';
import { createTokenService, type TokenService } from './modules/auth/tokens.js';

/** Everything the app is built from; tests build their own with a test database. */
export interface Deps {
  config: Config;
  pool: pg.Pool;
  db: Database;
  /** Null in dev mode without REDIS_URL: rate limits then count in memory. */
  redis: Redis | null;
  tokens: TokenService;
}

export async function createDeps(config: Config): Promise<Deps> {
  const pool = createPool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX });
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        keyPrefix: config.REDIS_KEY_PREFIX,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      })
    : null;
  return { config, pool, db: createDatabase(pool), redis, tokens: await createTokenService(config) };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.pool.end(), deps.redis?.quit()]);
}
