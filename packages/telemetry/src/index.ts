import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';

/** The variables that switch tracing on, for the API's and the worker's configuration alike. */
export function tracingConfigFields(defaultServiceName: string) {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'Tracing: base URL of an OpenTelemetry collector taking OTLP over HTTP (e.g. http://otel-collector:4318); spans go to its /v1/traces. Unset (the default): tracing is off. One trace runs from a request through the outbox into the job it caused.',
      ),
    OTEL_SERVICE_NAME: z
      .string()
      .min(1)
      .max(100)
      .default(defaultServiceName)
      .describe('service.name of the spans this process sends.'),
  };
}

export interface TracingOptions {
  /** service.name of every span (OTEL_SERVICE_NAME). */
  serviceName: string;
  /** Base URL of an OTLP/HTTP collector (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to its /v1/traces. */
  endpoint?: string | undefined;
  /** Instead of an endpoint: where spans go, one by one (tests pass an in-memory exporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Sends the spans still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

/**
 * Turns tracing on for this process: a tracer provider with the W3C trace-context propagator and an
 * AsyncLocalStorage context manager, registered globally, so the API's request spans, the trace
 * context written to the outbox and the worker's job spans become one trace. Off (no provider, every
 * span a no-op) unless an endpoint or an exporter is given. The SDK is loaded only then: a process
 * without tracing does not hold its code (about 10 MB).
 */
export async function startTracing(options: TracingOptions): Promise<Tracing | null> {
  if (!options.exporter && !options.endpoint) return null;
  const [{ BatchSpanProcessor, SimpleSpanProcessor }, { NodeTracerProvider }, resources, conventions] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  const processors: SpanProcessor[] = [];
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  if (options.endpoint) {
    const url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  const provider = new NodeTracerProvider({
    resource: resources.resourceFromAttributes({ [conventions.ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: processors,
  });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
