import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outbox } from '@werkstatt/db';
import { startTracing, type Tracing } from '@werkstatt/telemetry';
import { InMemorySpanExporter, type ReadableSpan } from '@werkstatt/telemetry/testing';
import { type Logger, startWorkerRuntime, type WorkerRuntime } from '@werkstatt/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody } from './support/strategy-fixtures.js';
import { until } from './support/until.js';
import { removeQueues, testWorkerConfig } from './support/worker.js';

// One trace from a request through the outbox and BullMQ into the job it caused, and the request id
// in the job's log lines: with the built API and a real worker runtime on Postgres and Redis.
let h: Harness;
let admin: TestUser;
let mid: string;
let worker: WorkerRuntime;
let mailDir: string;
let tracing: Tracing | null;
const exporter = new InMemorySpanExporter();
const logLines: Record<string, unknown>[] = [];
/** The worker's log, kept as the objects a JSON log line would hold. */
const at =
  (level: string) =>
  (first: unknown, msg?: string): void => {
    if (typeof first === 'string') logLines.push({ level, msg: first });
    else logLines.push({ level, ...(first as object), msg });
  };
const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as Logger;
const seenJobs = new Set<string>();

beforeAll(async () => {
  h = await createHarness();
  mid = (await h.municipality()).id;
  admin = await h.user('program_admin');
  mailDir = await mkdtemp(path.join(tmpdir(), 'werkstatt-tracing-mail-'));
  worker = startWorkerRuntime(testWorkerConfig(h, mailDir), { log });
});

afterAll(async () => {
  await worker?.stop();
  await h?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
  if (h) await removeQueues(h);
});

/** Creates a user through the API, which enqueues the invitation mail; returns the response and its job. */
async function createUser(n: number, headers: Record<string, string> = {}) {
  const res = await h.request({
    method: 'POST',
    url: '/v1/users',
    token: admin.token,
    headers,
    payload: {
      email: `anna.schaefer-${n}@example.org`,
      name: 'Anna Schäfer',
      role: 'municipality_editor',
      municipalityId: mid,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  // Tests run one after another: the one invitation job not seen before is this user's.
  const jobs = await h.owner.select().from(outbox).where(eq(outbox.jobName, 'user.invitation'));
  const fresh = jobs.filter((j) => !seenJobs.has(j.id));
  expect(fresh).toHaveLength(1);
  seenJobs.add(fresh[0]!.id);
  return { res, job: fresh[0]! };
}

/** The worker's log lines about the invitation mail of this job, once it was sent. */
const mailLogOf = (jobId: string) =>
  until(
    () => logLines.find((l) => l.msg === 'account link mail' && l.jobId === jobId),
    `the mail of ${jobId}`,
  );

/** A finished span, once it has ended (a request's span ends after its response was sent). */
const spanNamed = (name: string): Promise<ReadableSpan> =>
  until(() => exporter.getFinishedSpans().find((s) => s.name === name), `the span ${name}`);

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('without tracing (the default)', () => {
  it('the job carries the request id into its log lines, and no trace context', async () => {
    const requestId = 'req-ohne-tracing-1';
    const { res, job } = await createUser(1, { 'x-request-id': requestId });
    expect(res.headers['x-request-id']).toBe(requestId);
    expect(job.origin).toEqual({ requestId });

    const line = await mailLogOf(job.id);
    expect(line).toMatchObject({ requestId, jobId: job.id, delivery: expect.anything() });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('so does the webhook fan-out a change records, in the same transaction', async () => {
    const program = await createProgram(h, 1);
    const editor = await h.user('municipality_admin', mid);
    const put = await putStrategy(h, editor.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
    expect(put.statusCode, put.body).toBe(201);
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures`,
      token: editor.token,
      headers: { 'x-request-id': 'req-massnahme-1' },
      payload: {
        title: 'Glasfaser für alle Ortsteile',
        actionFieldId: program.fields[0]!.id,
        startWindow: 'within_2_years',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const fanouts = await h.owner.select().from(outbox).where(eq(outbox.jobName, 'webhook.fanout'));
    expect(fanouts.map((j) => j.origin)).toContainEqual({ requestId: 'req-massnahme-1' });
  });
});

describe('with tracing on', () => {
  // Once per process, as the API and the worker start it: the API's tracer is taken at load time.
  beforeAll(async () => {
    tracing = await startTracing({ serviceName: 'werkstatt-test', exporter });
  });
  beforeEach(() => exporter.reset());
  afterAll(() => tracing?.shutdown());

  it('one trace: the request span, continued by the job span through the outbox and the queue', async () => {
    const { res, job } = await createUser(2);
    const requestId = res.headers['x-request-id'] as string;

    const server = await spanNamed('createUser');
    expect(server.kind).toBe(1); // SpanKind.SERVER
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/users',
      'http.response.status_code': 201,
      'werkstatt.request_id': requestId,
    });
    const { traceId, spanId } = server.spanContext();

    // The outbox row holds the request's id and the server span as the parent to continue.
    expect(job.origin?.requestId).toBe(requestId);
    expect(job.origin?.traceparent).toBe(`00-${traceId}-${spanId}-01`);

    const line = await mailLogOf(job.id);
    expect(line.requestId).toBe(requestId);
    const consumer = await spanNamed('mail user.invitation');
    expect(consumer.kind).toBe(4); // SpanKind.CONSUMER
    expect(consumer.spanContext().traceId).toBe(traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(spanId);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': 'mail',
      'messaging.operation.name': 'user.invitation',
      'messaging.message.id': job.id,
      'werkstatt.request_id': requestId,
    });
  });

  it("continues a caller's traceparent, so the API's spans join the portal's or proxy's trace", async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const { job } = await createUser(3, { traceparent: `00-${callerTrace}-${callerSpan}-01` });
    const server = await spanNamed('createUser');
    expect(server.spanContext().traceId).toBe(callerTrace);
    expect(server.parentSpanContext?.spanId).toBe(callerSpan);
    expect(job.origin?.traceparent).toMatch(TRACEPARENT);
    expect(job.origin?.traceparent?.slice(3, 35)).toBe(callerTrace);

    await mailLogOf(job.id);
    const consumer = await spanNamed('mail user.invitation');
    expect(consumer.spanContext().traceId).toBe(callerTrace);
  });

  it('a 404 gets its span too, named by no raw URL', async () => {
    const res = await h.request({ method: 'GET', url: '/v1/keine-route/12345', token: admin.token });
    expect(res.statusCode).toBe(404);
    await spanNamed('unmatched');
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['unmatched']);
  });
});
