import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * Where a job comes from: the request id of the request (or the job) that enqueued it and, with
 * tracing on, its W3C trace context. Written with the job to the outbox, carried through the queue
 * into the job, so the job's logs name the request and its span joins the request's trace.
 */
export interface JobOrigin {
  requestId?: string;
  traceparent?: string;
  tracestate?: string;
}

const requestIds = new AsyncLocalStorage<string>();

/** Runs fn with `requestId` as the origin of every job it enqueues, across awaits. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestIds.run(requestId, fn);
}

/**
 * The origin of a job enqueued now: the current request id, and the active span's trace context
 * when tracing is on (without a registered tracer the propagation writes nothing). Null when there
 * is neither, e.g. in a scheduled scan.
 */
export function currentJobOrigin(): JobOrigin | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const requestId = requestIds.getStore();
  const origin: JobOrigin = {
    ...(requestId ? { requestId } : {}),
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
  return Object.keys(origin).length > 0 ? origin : null;
}

/** The trace context an origin carries, for the job's span to continue (the root without one). */
export function originContext(origin: JobOrigin | null | undefined): Context {
  return origin?.traceparent ? propagation.extract(ROOT_CONTEXT, origin) : ROOT_CONTEXT;
}

// The origin rides in the BullMQ job's data under this key, next to the payload's own members (none
// of which starts with an underscore); a job written before origins existed has none.
const ORIGIN_KEY = '_origin';

/** A job's BullMQ data: its payload, and its origin when it has one. */
export function toQueueData(payload: unknown, origin: JobOrigin | null | undefined): unknown {
  return origin ? { ...(payload as object), [ORIGIN_KEY]: origin } : payload;
}

/** The payload and the origin of a job's BullMQ data (toQueueData undone). */
export function fromQueueData(data: unknown): { payload: unknown; origin: JobOrigin | null } {
  if (!data || typeof data !== 'object' || !(ORIGIN_KEY in data)) return { payload: data, origin: null };
  const { [ORIGIN_KEY]: origin, ...payload } = data as Record<string, unknown>;
  return { payload, origin: origin as JobOrigin };
}
