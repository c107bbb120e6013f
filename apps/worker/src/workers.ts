import { databaseAnswers, isDatabaseUnavailable } from '@werkstatt/db';
import { fromQueueData, InvalidJobError, type QueueName } from '@werkstatt/jobs';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Config } from './config.js';
import { type Handlers, handledQueues, runJob } from './handlers.js';
import { errorMessage, type Logger } from './logger.js';
import type { WorkerMetrics } from './metrics/metrics.js';

export interface QueueWorkers {
  workers: Worker[];
  /**
   * Stops taking jobs and waits for the jobs in hand. With force, returns at once: the jobs in hand
   * keep their lock until it expires, then BullMQ's stalled-job check gives them to another worker.
   */
  close(force?: boolean): Promise<void>;
}

type WorkerConfig = Pick<
  Config,
  | 'QUEUE_PREFIX'
  | 'WORKER_CONCURRENCY'
  | 'WEBHOOK_CONCURRENCY'
  | 'JOB_LOCK_MS'
  | 'STALLED_CHECK_MS'
  | 'JOB_BACKOFF_MS'
  | 'JOB_POSTPONEMENTS'
  | 'OUTBOX_RETRY_MAX_MS'
  | 'DATABASE_URL'
> & { REDIS_URL: string };

type JobMetrics = Pick<
  WorkerMetrics,
  'jobDuration' | 'jobsCompleted' | 'jobsFailed' | 'jobsRetried' | 'jobsPostponed' | 'jobsStalled'
>;

/**
 * The attempt a run is, as BullMQ counts them against JOB_ATTEMPTS: one more than the runs that
 * failed. Runs lost with a crashed worker (BullMQ's stalled jobs, limited on their own) and runs
 * postponed for an unreachable Postgres are not attempts.
 */
const attemptOf = (job: Job): number => job.attemptsMade + 1;

/** Earlier runs that neither failed nor stalled: postponed (an operator's retry resets the first two). */
const postponementsOf = (job: Job): number =>
  Math.max(0, job.attemptsStarted - job.attemptsMade - job.stalledCounter - 1);

/**
 * A run that failed because Postgres could not be reached (restarting, failing over) goes back to
 * the delayed set without using one of the job's attempts, up to JOB_POSTPONEMENTS times (a
 * count, not an age: scheduled jobs are queued a day ahead, and an operator's retry starts the
 * count again). The error alone does not decide: a timed-out SMTP server carries the same socket
 * codes, so Postgres is asked on a connection of its own, and only if it does not answer is the run
 * postponed. It waits JOB_BACKOFF_MS, doubling with each postponement, at most OUTBOX_RETRY_MAX_MS
 * (the relay's bound for the same outage). False when the run is to fail as any other.
 */
async function postponed(
  job: Job,
  token: string | undefined,
  config: WorkerConfig,
  log: Logger,
): Promise<boolean> {
  const earlier = postponementsOf(job);
  if (earlier >= config.JOB_POSTPONEMENTS) return false;
  if (await databaseAnswers(config.DATABASE_URL)) return false;
  const wait = Math.min(config.OUTBOX_RETRY_MAX_MS, config.JOB_BACKOFF_MS * 2 ** earlier);
  try {
    await job.moveToDelayed(Date.now() + wait, token);
    return true;
  } catch (err) {
    // The lock was lost (the job is another worker's now): this run fails as any other.
    log.warn({ err, jobId: job.id }, `job not postponed: ${errorMessage(err)}`);
    return false;
  }
}

/** Times and counts each run by queue and job name; a name no handler knows is one label, not many. */
function measured(
  handlers: Handlers,
  queue: QueueName,
  metrics: JobMetrics | undefined,
  run: (job: Job, token?: string) => Promise<void>,
): (job: Job, token?: string) => Promise<void> {
  if (!metrics) return run;
  return async (job, token) => {
    const known = (handlers[queue] as Record<string, unknown> | undefined)?.[job.name] !== undefined;
    const labels = { queue, job: known ? job.name : 'unknown' };
    if (job.attemptsStarted > 1) metrics.jobsRetried.inc(labels);
    const end = metrics.jobDuration.startTimer(labels);
    try {
      await run(job, token);
      metrics.jobsCompleted.inc(labels);
    } catch (err) {
      (err instanceof DelayedError ? metrics.jobsPostponed : metrics.jobsFailed).inc(labels);
      throw err;
    } finally {
      end();
    }
  };
}

/** One BullMQ worker per handled queue. */
export function startQueueWorkers(
  handlers: Handlers,
  config: WorkerConfig,
  log: Logger,
  metrics?: JobMetrics,
): QueueWorkers {
  const workers = handledQueues(handlers).map((queue: QueueName) => {
    const worker = new Worker(
      queue,
      measured(handlers, queue, metrics, async (job, token) => {
        const { payload, origin } = fromQueueData(job.data);
        const ctx = { jobId: job.id!, attempt: attemptOf(job), log, origin };
        try {
          await runJob(handlers, queue, job.name, payload, ctx);
        } catch (err) {
          // A payload that does not fit its job will not fit on the next attempt either.
          if (err instanceof InvalidJobError) throw new UnrecoverableError(err.message);
          if (isDatabaseUnavailable(err) && (await postponed(job, token, config, log))) {
            log.warn(
              { queue, job: job.name, jobId: job.id, attempt: ctx.attempt },
              `job postponed, the database is unreachable: ${errorMessage(err)}`,
            );
            // Tells BullMQ the job was moved, not failed.
            throw new DelayedError();
          }
          throw err;
        }
      }),
      {
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
        // Webhook deliveries mostly wait on other servers, so more of them run at once.
        concurrency: queue === 'webhooks' ? config.WEBHOOK_CONCURRENCY : config.WORKER_CONCURRENCY,
        lockDuration: config.JOB_LOCK_MS,
        stalledInterval: config.STALLED_CHECK_MS,
        // A job whose worker died twice while running it is failed rather than retried forever.
        maxStalledCount: 2,
      },
    );
    worker.on('completed', (job) => log.info({ queue, job: job.name, jobId: job.id }, 'job completed'));
    worker.on('failed', (job, err) =>
      log.warn(
        { queue, job: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade },
        `job failed: ${errorMessage(err)}`,
      ),
    );
    worker.on('error', (err) => log.error({ err, queue }, `worker error: ${errorMessage(err)}`));
    worker.on('stalled', () => metrics?.jobsStalled.inc({ queue }));
    return worker;
  });
  return {
    workers,
    close: async (force = false) => {
      await Promise.all(workers.map((w) => w.close(force)));
    },
  };
}
