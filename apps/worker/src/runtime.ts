import { createDatabase, createPool, type Database } from '@werkstatt/db';
import { createDocumentChangePublisher } from '@werkstatt/jobs';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { type Config, ConfigError } from './config.js';
import type { RenderPdf } from './documents/render-document.js';
import type { Handlers } from './handlers.js';
import { errorMessage, type Logger } from './logger.js';
import { createMailer, createRedisSentMailLog, type Mailer } from './mail/mailer.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics/metrics.js';
import { type MetricsServer, startMetricsServer } from './metrics/server.js';
import { closeQueues, createProducerConnection, createQueues, jobOptions, type QueueSet } from './queues.js';
import { createHandlers } from './registry.js';
import { createOutboxRelay, type OutboxRelay } from './relay.js';
import { registerJobSchedulers } from './schedules.js';
import { type QueueWorkers, startQueueWorkers } from './workers.js';

export interface WorkerRuntimeOptions {
  log: Logger;
  /** Lets a caller wrap the production handlers (tests slow them down to kill a worker mid-job). */
  wrapHandlers?: (handlers: Handlers) => Handlers;
  /** Replaces the PDF renderer (tests slow it down to kill a worker mid-render). */
  renderPdf?: RenderPdf;
}

export interface WorkerRuntime {
  db: Database;
  /** The database pool behind db. */
  pool: pg.Pool;
  queues: QueueSet;
  relay: OutboxRelay;
  workers: QueueWorkers;
  metrics: WorkerMetrics;
  /** GET /metrics and /healthz on WORKER_METRICS_PORT; null when that is 0. */
  metricsServer: MetricsServer | null;
  /** Stops the relay and the workers, waits for the jobs in hand, then closes all connections. */
  stop(): Promise<void>;
}

/** Production mode: the outbox relay plus one BullMQ worker per handled queue. */
export function startWorkerRuntime(config: Config, options: WorkerRuntimeOptions): WorkerRuntime {
  const { log } = options;
  if (!config.REDIS_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: is required by the worker (dev mode without Redis runs jobs in process)',
    );
  }
  // A restarted Postgres ends the pooled connections: the pool replaces them on the next checkout, a
  // relay round or job that was using one fails and is tried again (polling backoff, BullMQ retries).
  const pool: pg.Pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    onIdleError: (err) => log.warn({ err }, `idle database connection failed: ${errorMessage(err)}`),
    // Called on checkouts only, which start after the metrics below exist.
    onWait: (seconds) => metrics.pool.observeWait(seconds),
  });
  const db = createDatabase(pool);
  const metrics = createWorkerMetrics({ db, maxPoolConnections: config.DATABASE_POOL_MAX, log });
  metrics.pool.watch(pool);
  const redis: Redis = createProducerConnection(config.REDIS_URL, log);
  const queues = createQueues(redis, config.QUEUE_PREFIX, log);
  const mailer: Mailer = createMailer(config, createRedisSentMailLog(redis, config.QUEUE_PREFIX));
  const handlers = createHandlers({
    db,
    mailer,
    config,
    renderPdf: options.renderPdf,
    // On the producer connection: a publish fails fast while Redis is down, and the API's streams
    // then catch up by polling.
    publishDocumentChange: createDocumentChangePublisher(redis, config.REDIS_KEY_PREFIX, (err, documentId) =>
      log.warn({ err, documentId }, `document status not published: ${errorMessage(err)}`),
    ),
    onWebhookOutcome: (outcome) => metrics.webhookDeliveries.inc({ outcome }),
  });
  const workers = startQueueWorkers(
    options.wrapHandlers?.(handlers) ?? handlers,
    { ...config, REDIS_URL: config.REDIS_URL },
    log,
    metrics,
  );
  const relay = createOutboxRelay({
    db,
    queues,
    jobOptions: jobOptions(config),
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollMs: config.OUTBOX_POLL_MS,
    retryMaxMs: config.OUTBOX_RETRY_MAX_MS,
    log,
  });
  relay.start();
  // Recurring jobs (review reminders) as BullMQ job schedulers: one per id, whatever the worker count.
  const schedulers = registerJobSchedulers(queues, jobOptions(config), log);

  let stopping: Promise<void> | null = null;
  const metricsServer =
    config.WORKER_METRICS_PORT === 0
      ? null
      : startMetricsServer({
          host: config.WORKER_METRICS_HOST,
          port: config.WORKER_METRICS_PORT,
          token: config.METRICS_TOKEN,
          registry: metrics.registry,
          running: () => stopping === null,
          log,
        });
  return {
    db,
    pool,
    queues,
    relay,
    workers,
    metrics,
    metricsServer,
    stop() {
      stopping ??= (async () => {
        schedulers.stop();
        await settledHandshakes([...Object.values(queues), ...workers.workers]);
        await Promise.all([relay.stop(), workers.close()]);
        await closeQueues(queues);
        // Served until here, so /healthz says 503 (and a last scrape works) while jobs finish.
        await Promise.allSettled([redis.quit(), mailer.close(), metricsServer?.close(), pool.end()]);
      })();
      return stopping;
    },
  };
}

/** How long a stop waits for BullMQ connections still in their handshake (Redis may be down). */
const HANDSHAKE_WAIT_MS = 2_000;

/**
 * A stop right after the start would close BullMQ connections whose handshake (INFO for the Redis
 * version) is still running; BullMQ then reports the failed handshake as an 'error' no listener
 * sees, an unhandled rejection. Waiting for the handshakes, bounded for a Redis that is down, avoids it.
 */
async function settledHandshakes(parts: { waitUntilReady(): Promise<unknown> }[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, HANDSHAKE_WAIT_MS);
  });
  await Promise.race([Promise.allSettled(parts.map((p) => p.waitUntilReady())), bound]);
  clearTimeout(timer);
}
