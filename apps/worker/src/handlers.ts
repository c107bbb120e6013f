import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type JobName,
  type JobOrigin,
  type JobPayload,
  originContext,
  parseJob,
  type QueueName,
  withRequestId,
} from '@werkstatt/jobs';
import { type Logger, withFields } from './logger.js';

export interface JobContext {
  /** The outbox row id, also the BullMQ job id: the same on every attempt, so handlers can be idempotent. */
  jobId: string;
  /**
   * 1 on the first run, one more after each run that failed (as BullMQ counts JOB_ATTEMPTS); a run
   * after a crashed worker's or after one postponed for an unreachable Postgres keeps the number.
   */
  attempt: number;
  log: Logger;
  /** The request (or job) that enqueued it: its request id and trace context, when it had them. */
  origin?: JobOrigin | null;
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

const tracer = trace.getTracer('@werkstatt/worker');

/**
 * Validates the payload (it may come from an older release) and runs its handler: in a span that
 * continues the trace of the request that enqueued the job (a no-op while tracing is off), with its
 * request id in every log line, and as the origin of the jobs it enqueues in turn.
 */
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
  const requestId = ctx.origin?.requestId;
  const log = requestId ? withFields(ctx.log, { requestId }) : ctx.log;
  const run = () => handler(job.payload as never, { ...ctx, log });
  const attributes = {
    'messaging.system': 'bullmq',
    'messaging.destination.name': job.queue,
    'messaging.operation.name': job.name,
    'messaging.message.id': ctx.jobId,
    'werkstatt.job.attempt': ctx.attempt,
    ...(requestId ? { 'werkstatt.request_id': requestId } : {}),
  };
  await tracer.startActiveSpan(
    `${job.queue} ${job.name}`,
    { kind: SpanKind.CONSUMER, attributes },
    originContext(ctx.origin),
    async (span) => {
      try {
        await (requestId ? withRequestId(requestId, run) : run());
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
