import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { withRequestId } from '@werkstatt/jobs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { operationOf } from '../lib/operation.js';

const tracer = trace.getTracer('@werkstatt/api');
const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Every request runs in its request id's scope (jobs it enqueues carry the id into their logs) and,
 * with tracing on (@werkstatt/telemetry), in a server span that continues an incoming traceparent;
 * a job enqueued meanwhile carries the span's context through the outbox into the worker's job span.
 * Without tracing the span is a no-op.
 */
export const tracingPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', (request, _reply, done) => {
      const parent = propagation.extract(context.active(), request.headers);
      const span = tracer.startSpan(
        operationOf(request),
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': request.method,
            'http.route': request.routeOptions.url ?? 'unmatched',
            'werkstatt.request_id': request.id,
          },
        },
        parent,
      );
      spans.set(request, span);
      context.with(trace.setSpan(parent, span), () => withRequestId(request.id, done));
    });
    app.addHook('onResponse', async (request, reply) => {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    app.addHook('onRequestAbort', async (request) => {
      const span = spans.get(request);
      if (!span) return;
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
      span.end();
    });
  },
  { name: 'tracing' },
);
