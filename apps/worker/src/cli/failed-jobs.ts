import { parseArgs } from 'node:util';
import { isQueueName, type QueueName } from '@werkstatt/jobs';
import { ConfigError, loadConfig } from '../config.js';
import { silentLogger } from '../logger.js';
import {
  closeQueues,
  createProducerConnection,
  createQueues,
  listFailedJobs,
  retryFailedJob,
} from '../queues.js';

const usage = `Usage: failed-jobs [--queue documents|mail|webhooks] [--limit N] [--retry <job id> --queue <queue>]
Lists failed jobs (newest first), or puts one failed job back into its queue.`;

async function main() {
  const { values } = parseArgs({
    options: {
      queue: { type: 'string' },
      limit: { type: 'string', default: '50' },
      retry: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const queue = values.queue;
  if (queue !== undefined && !isQueueName(queue)) throw new ConfigError(`Unknown queue "${queue}"\n${usage}`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new ConfigError(`--limit must be 1-1000\n${usage}`);

  const config = loadConfig();
  if (!config.REDIS_URL) throw new ConfigError('Invalid configuration:\n  REDIS_URL: is required');
  const redis = createProducerConnection(config.REDIS_URL, silentLogger);
  const queues = createQueues(redis, config.QUEUE_PREFIX, silentLogger);
  try {
    if (values.retry) {
      if (!queue) throw new ConfigError(`--retry needs --queue\n${usage}`);
      const retried = await retryFailedJob(queues, queue as QueueName, values.retry);
      console.log(
        retried ? `Job ${values.retry} is queued again.` : `No failed job ${values.retry} in ${queue}.`,
      );
      if (!retried) process.exitCode = 1;
      return;
    }
    const jobs = await listFailedJobs(queues, { queue: queue as QueueName | undefined, limit });
    if (jobs.length === 0) console.log('No failed jobs.');
    for (const job of jobs) {
      console.log(
        [
          `${job.failedAt?.toISOString() ?? '-'}  ${job.queue}/${job.name}  ${job.id}`,
          `  attempts: ${job.attemptsMade}  reason: ${job.failedReason}`,
          `  payload: ${JSON.stringify(job.payload)}`,
        ].join('\n'),
      );
    }
  } finally {
    await closeQueues(queues);
    await redis.quit();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
