import { type JobName, type JobPayload, parseJob, type QueueName } from '@werkstatt/jobs';
import type { Logger } from './logger.js';

export interface JobContext {
  /** The outbox row id, also the BullMQ job id: the same on every attempt, so handlers can be idempotent. */
  jobId: string;
  /** 1 on the first run, counting retries and runs after a crash. */
  attempt: number;
  log: Logger;
}

export type Handler<Q extends QueueName, N extends JobName<Q>> = (
  payload: JobPayload<Q, N>,
  ctx: JobContext,
) => Promise<void>;

export type QueueHandlers<Q extends QueueName> = { [N in JobName<Q>]: Handler<Q, N> };

/**
 * Handlers per queue. A queue is handled completely or not at all: the worker only consumes queues
 * that have handlers, and jobs of other queues wait until a worker for them runs.
 */
export type Handlers = { [Q in QueueName]?: QueueHandlers<Q> };

export function handledQueues(handlers: Handlers): QueueName[] {
  return (Object.keys(handlers) as QueueName[]).filter((q) => handlers[q] !== undefined);
}

/** Validates the payload (it may come from an older release) and runs its handler. */
export async function runJob(
  handlers: Handlers,
  queue: string,
  name: string,
  payload: unknown,
  ctx: JobContext,
): Promise<void> {
  const job = parseJob(queue, name, payload);
  const queueHandlers = handlers[job.queue] as Record<string, Handler<QueueName, never>> | undefined;
  const handler = queueHandlers?.[job.name];
  if (!handler) throw new Error(`No handler for ${job.queue}/${job.name}`);
  await handler(job.payload as never, ctx);
}
