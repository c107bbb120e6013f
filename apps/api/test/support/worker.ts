import { loadConfig, type Config as WorkerConfig } from '@werkstatt/worker';
import { Redis } from 'ioredis';
import type { Harness } from './harness.js';

/** This test file's own queue prefix: its database's name, so files running at once share no queue. */
export const queuePrefixOf = (h: Harness) =>
  `werkstatt-test-${new URL(h.config.DATABASE_URL).pathname.slice(1)}`;

/**
 * A worker runtime's configuration on the harness's database and Redis (one per deployment: replicas
 * share it), writing its mails as files to mailDir; overrides win.
 */
export function testWorkerConfig(
  h: Harness,
  mailDir: string,
  overrides: Record<string, string> = {},
): WorkerConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: h.config.DATABASE_URL,
    DATABASE_POOL_MAX: '3',
    REDIS_URL: h.config.REDIS_URL!,
    QUEUE_PREFIX: queuePrefixOf(h),
    WORKER_METRICS_PORT: '0',
    REDIS_KEY_PREFIX: h.config.REDIS_KEY_PREFIX,
    OUTBOX_POLL_MS: '50',
    MAIL_TRANSPORT: 'file',
    MAIL_OUTBOX_DIR: mailDir,
    MAIL_FROM: 'Digital-Werkstatt <no-reply@werkstatt.example>',
    APP_URL: 'https://werkstatt.example/anmelden',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** Removes the queues a test file's workers left in the shared Redis. */
export async function removeQueues(h: Harness): Promise<void> {
  const redis = new Redis(h.config.REDIS_URL!);
  try {
    const keys = await redis.keys(`${queuePrefixOf(h)}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
