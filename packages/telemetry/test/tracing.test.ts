import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../src/index.js';

// The OTLP path as configured by OTEL_EXPORTER_OTLP_ENDPOINT, against a collector stand-in on
// 127.0.0.1: what arrives where, and that shutting down sends what is still buffered.
const received: { method: string; url: string; contentType: string; body: string }[] = [];
const collector = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      contentType: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
let endpoint: string;

beforeAll(async () => {
  collector.listen(0, '127.0.0.1');
  await once(collector, 'listening');
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/`;
});
afterAll(() => collector.close());

describe('startTracing', () => {
  it('is off without an endpoint or an exporter: no provider, spans are no-ops', async () => {
    expect(await startTracing({ serviceName: 'werkstatt-test' })).toBeNull();
    const span = trace.getTracer('test').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('with an endpoint: spans are posted to <endpoint>/v1/traces as OTLP JSON, flushed on shutdown', async () => {
    const tracing = await startTracing({ serviceName: 'werkstatt-otlp-test', endpoint });
    expect(tracing).not.toBeNull();
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('createUser', (parent) => {
      tracer.startSpan('mail user.invitation').end();
      parent.end();
    });
    // Batched: nothing is sent before the batch is due or the process shuts down.
    expect(received).toEqual([]);
    await tracing!.shutdown();

    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/traces']);
    expect(received[0]!.contentType).toContain('application/json');
    const body = JSON.parse(received[0]!.body);
    const resourceSpans = body.resourceSpans[0];
    expect(resourceSpans.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'werkstatt-otlp-test' },
    });
    const spans = resourceSpans.scopeSpans.flatMap((s: { spans: { name: string }[] }) => s.spans);
    expect(spans.map((s: { name: string }) => s.name).sort()).toEqual(['createUser', 'mail user.invitation']);
    const [child, parent] = ['mail user.invitation', 'createUser'].map((n) =>
      spans.find((s: { name: string }) => s.name === n),
    );
    expect(child.traceId).toBe(parent.traceId);
    expect(child.parentSpanId).toBe(parent.spanId);

    // Shut down, tracing is off again.
    expect(trace.getTracer('test').startSpan('after').isRecording()).toBe(false);
  });
});
