import { type QueueName, queueNames } from '@werkstatt/jobs';
import { type JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { errorMessage, type Logger } from './logger.js';

export type QueueSet = Record<QueueName, Queue>;

const WEEK_SECONDS = 7 * 24 * 3600;

/**
 * Options of every job the relay adds. Completed jobs are kept a week: while a job id exists,
 * BullMQ ignores a second add of it, which covers a relay that crashed between add and commit.
 */
export function jobOptions(
  config: Pick<Config, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS' | 'FAILED_JOBS_KEEP'>,
): JobsOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: { age: WEEK_SECONDS },
    removeOnFail: { count: config.FAILED_JOBS_KEEP },
  };
}

/**
 * A connection for producers (relay, CLI): commands fail fast while Redis is unreachable instead of
 * queueing in memory, so the relay can keep the outbox rows and try again later.
 */
export function createProducerConnection(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 5000,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  let reported = false;
  redis.on('error', (err) => {
    if (reported) return;
    reported = true;
    log.warn({ err }, `Redis unreachable: ${errorMessage(err)}`);
  });
  redis.on('ready', () => {
    if (reported) log.info('Redis reachable again');
    reported = false;
  });
  return redis;
}

export function createQueues(connection: Redis, prefix: string, log: Logger): QueueSet {
  const entries = queueNames.map((name) => {
    const queue = new Queue(name, { connection, prefix });
    // Connection errors are reported once by the connection; without a listener they would throw.
    queue.on('error', (err) => log.debug({ err, queue: name }, 'queue error'));
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as QueueSet;
}

export async function closeQueues(queues: QueueSet): Promise<void> {
  await Promise.allSettled(Object.values(queues).map((q) => q.close()));
}

export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  payload: unknown;
  attemptsMade: number;
  failedReason: string;
  failedAt: Date | null;
}

/** Failed jobs (kept up to FAILED_JOBS_KEEP per queue), newest first. */
export async function listFailedJobs(
  queues: QueueSet,
  { queue, limit = 50 }: { queue?: QueueName; limit?: number } = {},
): Promise<FailedJob[]> {
  const names = queue ? [queue] : queueNames;
  const lists = await Promise.all(
    names.map(async (name) => {
      const jobs = await queues[name].getFailed(0, limit - 1);
      return jobs.map(
        (job): FailedJob => ({
          queue: name,
          id: job.id ?? '',
          name: job.name,
          payload: job.data,
          attemptsMade: job.attemptsMade,
          failedReason: job.failedReason,
          failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
        }),
      );
    }),
  );
  return lists
    .flat()
    .sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0))
    .slice(0, limit);
}

/** Puts a failed job back into its queue with a fresh set of attempts; false if there is none. */
export async function retryFailedJob(queues: QueueSet, queue: QueueName, id: string): Promise<boolean> {
  const job = await queues[queue].getJob(id);
  if (!job || !(await job.isFailed())) return false;
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return true;
}
