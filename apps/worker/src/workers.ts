import { fromQueueData, InvalidJobError, type QueueName } from '@werkstatt/jobs';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
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
  'QUEUE_PREFIX' | 'WORKER_CONCURRENCY' | 'WEBHOOK_CONCURRENCY' | 'JOB_LOCK_MS' | 'STALLED_CHECK_MS'
> & { REDIS_URL: string };

type JobMetrics = Pick<
  WorkerMetrics,
  'jobDuration' | 'jobsCompleted' | 'jobsFailed' | 'jobsRetried' | 'jobsStalled'
>;

/** Times and counts each run by queue and job name; a name no handler knows is one label, not many. */
function measured(
  handlers: Handlers,
  queue: QueueName,
  metrics: JobMetrics | undefined,
  run: (job: Job) => Promise<void>,
): (job: Job) => Promise<void> {
  if (!metrics) return run;
  return async (job) => {
    const known = (handlers[queue] as Record<string, unknown> | undefined)?.[job.name] !== undefined;
    const labels = { queue, job: known ? job.name : 'unknown' };
    if (job.attemptsStarted > 1) metrics.jobsRetried.inc(labels);
    const end = metrics.jobDuration.startTimer(labels);
    try {
      await run(job);
      metrics.jobsCompleted.inc(labels);
    } catch (err) {
      metrics.jobsFailed.inc(labels);
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
      measured(handlers, queue, metrics, async (job) => {
        // attemptsStarted counts this run, failed runs and runs lost with a crashed worker.
        const { payload, origin } = fromQueueData(job.data);
        const ctx = { jobId: job.id!, attempt: job.attemptsStarted, log, origin };
        try {
          await runJob(handlers, queue, job.name, payload, ctx);
        } catch (err) {
          // A payload that does not fit its job will not fit on the next attempt either.
          if (err instanceof InvalidJobError) throw new UnrecoverableError(err.message);
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
