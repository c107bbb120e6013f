// For tests: spans kept in memory (startTracing({ exporter })). A subpath of its own, so that the
// processes, which import the package's root, do not load the SDK while tracing is off.
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
