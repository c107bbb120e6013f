import type { Database } from '@werkstatt/db';
import { type PoolMetrics, registerOutboxGauges, registerPoolMetrics } from '@werkstatt/jobs';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/** What the job runner and the webhook deliveries count; read by the metrics server. */
export interface WorkerMetrics {
  /** A registry of the runtime's own, not prom-client's global one: tests run several runtimes. */
  registry: Registry;
  /** The database pool's gauges and checkout waits. */
  pool: PoolMetrics;
  jobDuration: Histogram<'queue' | 'job'>;
  jobsCompleted: Counter<'queue' | 'job'>;
  jobsFailed: Counter<'queue' | 'job'>;
  jobsRetried: Counter<'queue' | 'job'>;
  jobsPostponed: Counter<'queue' | 'job'>;
  jobsStalled: Counter<'queue'>;
  /** Labelled with a WebhookOutcome (webhooks/deliver.ts). */
  webhookDeliveries: Counter<'outcome'>;
}

export interface WorkerMetricsSources {
  db: Database;
  /** DATABASE_POOL_MAX. */
  maxPoolConnections: number;
  log: Logger;
}

export function createWorkerMetrics({ db, maxPoolConnections, log }: WorkerMetricsSources): WorkerMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'werkstatt_' });
  const job = { labelNames: ['queue', 'job'] as const, registers };

  registerOutboxGauges(registry, db, (err) => log.warn({ err }, 'outbox backlog not read for metrics'));
  return {
    registry,
    pool: registerPoolMetrics(registry, maxPoolConnections),
    jobDuration: new Histogram({
      name: 'werkstatt_job_duration_seconds',
      help: 'Time one run of a job took, whatever its end, by queue and job name.',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      ...job,
    }),
    jobsCompleted: new Counter({
      name: 'werkstatt_jobs_completed_total',
      help: 'Job runs that completed.',
      ...job,
    }),
    jobsFailed: new Counter({
      name: 'werkstatt_jobs_failed_total',
      help: 'Job runs that failed (BullMQ retries them until JOB_ATTEMPTS).',
      ...job,
    }),
    jobsRetried: new Counter({
      name: 'werkstatt_jobs_retried_total',
      help: 'Job runs that were not the first (a retry, a run after a worker died, or after the database was unreachable).',
      ...job,
    }),
    jobsPostponed: new Counter({
      name: 'werkstatt_jobs_postponed_total',
      help: 'Job runs put back without using an attempt because the database could not be reached.',
      ...job,
    }),
    jobsStalled: new Counter({
      name: 'werkstatt_jobs_stalled_total',
      help: "Jobs found stalled by this worker's check (their worker stopped renewing the lock), by queue.",
      labelNames: ['queue'],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'werkstatt_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded, retry (failed, next attempt scheduled), failed (last attempt), disabled (failed and the subscription disabled), skipped (nothing sent: already done, not due or subscription gone).',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
