import { loginRoleProblemAt } from '@werkstatt/db';
import { startTracing } from '@werkstatt/telemetry';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startWorkerRuntime, type WorkerRuntimeOptions } from './runtime.js';

/**
 * Runs the worker until SIGTERM/SIGINT: then it stops taking jobs, finishes the jobs in hand and exits
 * 0. If jobs still run after SHUTDOWN_GRACE_MS the process exits 1 without them: their locks expire
 * and BullMQ's stalled-job check hands them to another worker, as after a crash.
 *
 * In production it refuses to start (ConfigError) when its database login could bypass row-level
 * security.
 */
export async function runWorkerProcess(
  env: Record<string, string | undefined> = process.env,
  options: Partial<WorkerRuntimeOptions> = {},
) {
  const config = loadConfig(env);
  if (config.NODE_ENV === 'production') {
    const problem = await loginRoleProblemAt(config.DATABASE_URL);
    if (problem) throw new ConfigError(problem);
  }
  const log = options.log ?? createLogger(config);
  const tracing = await startTracing({
    serviceName: config.OTEL_SERVICE_NAME,
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const runtime = startWorkerRuntime(config, { ...options, log });
  log.info({ queuePrefix: config.QUEUE_PREFIX, concurrency: config.WORKER_CONCURRENCY }, 'worker started');

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down: finishing jobs in hand');
    const grace = setTimeout(() => {
      log.warn('shutdown grace period over: leaving the jobs in hand to other workers');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    grace.unref();
    runtime
      .stop()
      .then(() => tracing?.shutdown())
      .then(
        () => {
          log.info('worker stopped');
          process.exit(0);
        },
        (err) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return runtime;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runWorkerProcess().catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
