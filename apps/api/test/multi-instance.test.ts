import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiKeys, documentContents, outbox } from '@werkstatt/db';
import { renderStrategyPdf } from '@werkstatt/strategy-pdf';
import {
  createLogger,
  type Handlers,
  type JobContext,
  startWorkerRuntime,
  type WorkerRuntime,
} from '@werkstatt/worker';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sse } from './support/event-stream.js';
import { createHarness, FIXTURE_PASSWORD, type Harness, type Instance } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';
import { until } from './support/until.js';
import { removeQueues, testWorkerConfig } from './support/worker.js';

// Two API instances (A: the harness, B: a second one with its own pool, Redis client, representation
// cache and event hub) and two worker runtimes on one queue prefix, all on one database and one Redis,
// as behind a load balancer. Polling of event streams is made so slow that only a Redis message can
// deliver a document's change in time.
const PUBSUB_ONLY = { DOCUMENT_EVENTS_POLL_MS: '60000', DOCUMENT_EVENTS_RECHECK_MS: '600000' };

let h: Harness;
let a: Instance;
let b: Instance;
let bUrl: string;
let program: TestProgram;
let mailDir: string;
const workers: { name: WorkerName; runtime: WorkerRuntime }[] = [];

type WorkerName = 'worker-1' | 'worker-2';
/** One handler call: which runtime took which job, as the wrapper around the production handlers saw it. */
interface JobRun {
  worker: WorkerName;
  queue: string;
  name: string;
  jobId: string;
  attempt: number;
}
const runs: JobRun[] = [];
/** Set by a test for the time it runs: holds a job before its handler starts, or a PDF before drawing. */
let beforeJob: (run: JobRun) => Promise<void> = async () => {};
let beforeRender: () => Promise<void> = async () => {};

/** The production handlers, each call recorded and passed through the test's hook first. */
const recorded =
  (worker: WorkerName) =>
  (handlers: Handlers): Handlers =>
    Object.fromEntries(
      Object.entries(handlers).map(([queue, byName]) => [
        queue,
        Object.fromEntries(
          Object.entries(byName as Record<string, (payload: unknown, ctx: JobContext) => Promise<void>>).map(
            ([name, handler]) => [
              name,
              async (payload: unknown, ctx: JobContext) => {
                const run = { worker, queue, name, jobId: ctx.jobId, attempt: ctx.attempt };
                runs.push(run);
                await beforeJob(run);
                return handler(payload, ctx);
              },
            ],
          ),
        ),
      ]),
    ) as Handlers;

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  h = await createHarness(PUBSUB_ONLY);
  a = h;
  b = await h.instance();
  bUrl = await listen(b.app);
  program = await createProgram(h, 2);

  mailDir = await mkdtemp(path.join(tmpdir(), 'werkstatt-multi-mail-'));
  // One configuration for both, as two replicas of one deployment get (LINK_SECRET included).
  // One job at a time per queue and runtime: a held job keeps its runtime from taking another.
  const workerConfig = testWorkerConfig(h, mailDir, { WORKER_CONCURRENCY: '1' });
  const renderPdf = async (doc: Parameters<typeof renderStrategyPdf>[0]) => {
    await beforeRender();
    return renderStrategyPdf(doc);
  };
  for (const name of ['worker-1', 'worker-2'] as const) {
    workers.push({
      name,
      runtime: startWorkerRuntime(workerConfig, {
        log: createLogger({ LOG_LEVEL: 'silent' }),
        wrapHandlers: recorded(name),
        renderPdf,
      }),
    });
  }
});

afterAll(async () => {
  beforeJob = async () => {};
  beforeRender = async () => {};
  await Promise.all(workers.map((w) => w.runtime.stop()));
  await h?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
  if (h) await removeQueues(h);
});

/** A municipality with an administrator and a strategy, made through instance A. */
async function tenant() {
  const m = await h.municipality();
  const admin = await h.user('municipality_admin', m.id);
  const viewer = await h.user('municipality_viewer', m.id);
  const fieldIds = [program.fields[0]!.id];
  const put = await putStrategy(h, admin.token, m.id, strategyBody(program.id, fieldIds));
  expect(put.statusCode, put.body).toBe(201);
  return { id: m.id, admin, viewer, fieldIds };
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status, code, requestId: res.headers['x-request-id'] });
}

describe('two API instances and two workers on one database and one Redis', () => {
  it('an edit through A is in the next read through B, although B stored the list before', async () => {
    const t = await tenant();
    const created = await a.request({
      method: 'POST',
      url: `/v1/municipalities/${t.id}/measures`,
      token: t.admin.token,
      payload: {
        title: 'Glasfaser für alle Ortsteile',
        actionFieldId: t.fieldIds[0],
        startWindow: 'within_2_years',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const measureId: string = created.json().id;
    const listUrl = `/v1/municipalities/${t.id}/measures?limit=50`;
    const roadmapUrl = `/v1/municipalities/${t.id}/roadmap`;
    const titlesIn = (res: LightMyRequestResponse) =>
      (res.json().data as { id: string; title: string }[]).map((m) => m.title);
    const roadmapTitles = (res: LightMyRequestResponse) =>
      (res.json().fields as { measures: { title: string }[] }[]).flatMap((f) =>
        f.measures.map((m) => m.title),
      );

    // B reads the list and the roadmap and keeps them; A has stored nothing of this municipality.
    const before = await b.request({ method: 'GET', url: listUrl, token: t.viewer.token });
    expect(before.statusCode).toBe(200);
    expect(titlesIn(before)).toEqual(['Glasfaser für alle Ortsteile']);
    expect(roadmapTitles(await b.request({ method: 'GET', url: roadmapUrl, token: t.viewer.token }))).toEqual(
      ['Glasfaser für alle Ortsteile'],
    );
    expect(b.deps.representations.size.entries).toBe(2);
    expect(a.deps.representations.size.entries).toBe(0);
    const cached = await b.request({
      method: 'GET',
      url: listUrl,
      token: t.viewer.token,
      headers: { 'if-none-match': before.headers.etag as string },
    });
    expect(cached.statusCode).toBe(304);

    // The edit goes through A, with the measure's ETag; B's stored answers are not touched by it.
    const measure = await a.request({
      method: 'GET',
      url: `/v1/municipalities/${t.id}/measures/${measureId}`,
      token: t.admin.token,
    });
    const patched = await a.request({
      method: 'PATCH',
      url: `/v1/municipalities/${t.id}/measures/${measureId}`,
      token: t.admin.token,
      headers: { 'if-match': measure.headers.etag as string },
      payload: { title: 'Glasfaser bis 2028' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.headers.etag).not.toBe(measure.headers.etag);

    // B's next read has the new body and a new ETag; the old ETag no longer matches (200, not 304).
    const after = await b.request({
      method: 'GET',
      url: listUrl,
      token: t.viewer.token,
      headers: { 'if-none-match': before.headers.etag as string },
    });
    expect(after.statusCode).toBe(200);
    expect(titlesIn(after)).toEqual(['Glasfaser bis 2028']);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(roadmapTitles(await b.request({ method: 'GET', url: roadmapUrl, token: t.viewer.token }))).toEqual(
      ['Glasfaser bis 2028'],
    );
    // Byte for byte what A reads in full, with the same ETag.
    const fromA = await a.request({ method: 'GET', url: listUrl, token: t.viewer.token });
    expect(after.body).toBe(fromA.body);
    expect(after.headers.etag).toBe(fromA.headers.etag);
    // And a write through B with the ETag from before A's edit is refused with the current state.
    const stale = await b.request({
      method: 'PATCH',
      url: `/v1/municipalities/${t.id}/measures/${measureId}`,
      token: t.admin.token,
      headers: { 'if-match': measure.headers.etag as string },
      payload: { title: 'Überschrieben' },
    });
    expectProblem(stale, 412, 'precondition_failed');
  });

  it('an event stream on B gets the status changes of a render queued through A and run by a worker', async () => {
    const t = await tenant();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    beforeJob = async (run) => {
      if (run.queue === 'documents') await held;
    };
    try {
      const version = await a.request({
        method: 'POST',
        url: `/v1/municipalities/${t.id}/strategy/versions`,
        token: t.admin.token,
        payload: { label: 'Ratsbeschluss' },
      });
      expect(version.statusCode, version.body).toBe(201);
      const requested = await a.request({
        method: 'POST',
        url: `/v1/municipalities/${t.id}/strategy/versions/${version.json().id}/documents`,
        token: t.admin.token,
      });
      expect(requested.statusCode, requested.body).toBe(202);
      const documentId: string = requested.json().id;
      // A worker has taken the job and waits at the hook, before any change.
      const [job] = await h.owner
        .select()
        .from(outbox)
        .where(and(eq(outbox.queue, 'documents'), eq(outbox.municipalityId, t.id)));
      await until(() => runs.some((r) => r.jobId === job!.id), 'a worker to take the render');

      const res = await fetch(`${bUrl}/v1/documents/${documentId}/events`, {
        headers: { authorization: `Bearer ${t.viewer.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const events = sse(res);
      const first = await events.next();
      expect(first).toMatchObject({ event: 'status' });
      expect(JSON.parse(first!.data!)).toMatchObject({ id: documentId, status: 'queued', progress: 0 });
      await until(() => b.deps.documentEvents.isLive(documentId), 'B to subscribe to the document');
      expect(a.deps.documentEvents.subscriptionCount).toBe(0);

      // biome-ignore lint/suspicious/noExplicitAny: parsed event data, checked below
      const seen: any[] = [];
      const read = async () => {
        const e = await events.next();
        if (e) seen.push(JSON.parse(e.data!));
        return e;
      };
      // The PDF is drawn only after B has shown `rendering`, so that change is not merged with later ones.
      beforeRender = () =>
        until(() => seen.some((d) => d.status === 'rendering'), 'B to show rendering').then(() => undefined);
      release();
      while (await read());

      expect(seen[0]).toMatchObject({ status: 'rendering' });
      expect(seen.at(-1)).toMatchObject({ status: 'ready', progress: 100, error: null });
      expect(seen.map((d) => d.progress)).toEqual([...seen.map((d) => d.progress)].sort((x, y) => x - y));
      // What B streamed last is what A answers now, and the PDF is there (the stream ended after ready).
      const current = await a.request({
        method: 'GET',
        url: `/v1/documents/${documentId}`,
        token: t.viewer.token,
      });
      expect(seen.at(-1)).toEqual(current.json());
      const content = await a.request({
        method: 'GET',
        url: `/v1/documents/${documentId}/content`,
        token: t.viewer.token,
      });
      expect(content.statusCode).toBe(200);
      expect(content.headers['content-type']).toBe('application/pdf');
      expect(content.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(
        await h.owner.select().from(documentContents).where(eq(documentContents.documentId, documentId)),
      ).toHaveLength(1);
      await until(() => b.deps.documentEvents.subscriptionCount === 0, 'B to release the subscription');
    } finally {
      beforeJob = async () => {};
      beforeRender = async () => {};
      release();
    }
  });

  it('runs each job once across both workers, and both workers take part', async () => {
    const N = 8;
    const m = await h.municipality();
    const admin = await h.user('program_admin');
    // Each runtime takes one job at a time; the first job of each waits until the other runtime has
    // one too, so neither can run them all (bounded, so a missing runtime fails the assertions below).
    const started = new Set<WorkerName>();
    let bothStarted!: () => void;
    const both = new Promise<void>((r) => {
      bothStarted = r;
    });
    beforeJob = async (run) => {
      if (run.queue !== 'mail') return;
      started.add(run.worker);
      if (started.size === 2) bothStarted();
      await Promise.race([both, new Promise((r) => setTimeout(r, 10_000))]);
    };
    try {
      const created: { id: string; email: string }[] = [];
      for (let i = 0; i < N; i++) {
        const res = await (i % 2 === 0 ? a : b).request({
          method: 'POST',
          url: '/v1/users',
          token: admin.token,
          payload: {
            email: `mitarbeiterin-${i}-${Date.now().toString(36)}@test.example`,
            name: 'Anna Schäfer',
            role: 'municipality_editor',
            municipalityId: m.id,
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        created.push({ id: res.json().id, email: res.json().email });
      }
      const jobs = await h.owner
        .select()
        .from(outbox)
        .where(and(eq(outbox.queue, 'mail'), eq(outbox.municipalityId, m.id)));
      expect(jobs).toHaveLength(N);
      expect(new Set(jobs.map((j) => j.jobName))).toEqual(new Set(['user.invitation']));
      const jobIds = jobs.map((j) => j.id).sort();

      const mails = async () =>
        (await readdir(mailDir)).filter((f) => f.endsWith('.eml') && jobIds.includes(f.slice(0, -4)));
      await until(async () => (await mails()).length === N, `${N} mails`);
      const queue = workers[0]!.runtime.queues.mail;
      await until(async () => {
        const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
        return states.every((s) => s === 'completed');
      }, 'every job to complete');

      // One mail per job, named by it, to the user it was for.
      expect((await mails()).sort()).toEqual(jobIds.map((id) => `${id}.eml`));
      const recipients: string[] = [];
      for (const id of jobIds) {
        const headers = mailHeaders(await readFile(path.join(mailDir, `${id}.eml`), 'utf8'));
        expect(headers['message-id']).toBe(`<${id}@werkstatt.example>`);
        expect(headers.subject).toBe('Ihr Zugang zur Digital-Werkstatt: bitte Passwort festlegen');
        recipients.push(/<([^>]+)>$/.exec(headers.to ?? '')?.[1] ?? '');
      }
      expect(recipients.sort()).toEqual(created.map((u) => u.email).sort());
      // Each outbox row was handed to the queues once (the two relays skip each other's locked rows),
      // each job was started once in BullMQ and its handler ran once, on one of the two runtimes.
      const rows = await h.owner.select().from(outbox).where(inArray(outbox.id, jobIds));
      for (const row of rows)
        expect(row).toMatchObject({ attempts: 0, lastError: null, dispatchedAt: expect.any(Date) });
      for (const id of jobIds) {
        const job = await queue.getJob(id);
        expect(job?.attemptsStarted, id).toBe(1);
        expect(job?.failedReason ?? null, id).toBeNull();
      }
      const mailRuns = runs.filter((r) => jobIds.includes(r.jobId));
      expect(mailRuns.map((r) => r.jobId).sort()).toEqual(jobIds);
      expect(mailRuns.every((r) => r.attempt === 1 && r.name === 'user.invitation')).toBe(true);
      expect(new Set(mailRuns.map((r) => r.worker))).toEqual(new Set(['worker-1', 'worker-2']));
    } finally {
      beforeJob = async () => {};
      bothStarted();
    }
  });

  it('rate limits count requests through A and B against one limit', async () => {
    const m = await h.municipality();
    const key = await h.apiKey(['municipality:read'], m.id);
    await h.owner.update(apiKeys).set({ rateLimitPerMinute: 3 }).where(eq(apiKeys.id, key.id));
    const programs = (on: Instance) => on.request({ method: 'GET', url: '/v1/programs', token: key.key });

    for (const [i, on] of [a, b, a].entries()) {
      const ok = await programs(on);
      expect(ok.statusCode).toBe(200);
      const reset = Number(ok.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
      expect(ok.headers['x-ratelimit-limit']).toBe('3');
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
      expect(ok.headers['ratelimit-policy']).toBe('"key";q=3;w=60');
      expect(ok.headers.ratelimit).toBe(`"key";r=${2 - i};t=${reset}`);
    }
    for (const on of [b, a]) {
      const refused = await programs(on);
      expectProblem(refused, 429, 'too_many_requests');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect(refused.headers.ratelimit).toBe(`"key";r=0;t=${retryAfter}`);
    }
  });

  it('failed sign-ins through A and B lock the account out together, on both', async () => {
    const user = await h.user('moderator');
    const login = (on: Instance, password: string, remoteAddress = '127.0.0.1') =>
      on.request({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: user.email, password },
        remoteAddress,
      });

    const allowed = h.config.LOGIN_MAX_FAILURES_PER_ACCOUNT;
    expect(allowed).toBe(5);
    for (let i = 0; i < allowed; i++) {
      expectProblem(await login(i % 2 === 0 ? a : b, `falsch-${i}`), 401, 'invalid_credentials');
    }
    // The next attempt is refused on either instance, the right password included.
    for (const on of [b, a]) {
      const locked = await login(on, FIXTURE_PASSWORD);
      expectProblem(locked, 429, 'too_many_requests');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(h.config.LOGIN_THROTTLE_WINDOW_SECONDS);
    }
    // The owner, from an address that has not failed, signs in through either.
    const owner = await login(b, FIXTURE_PASSWORD, '198.51.100.77');
    expect(owner.statusCode, owner.body).toBe(200);
    expect(owner.json().accessToken).toEqual(expect.any(String));
  });
});

/** The header fields of a stored message, unfolded, by lowercased name. */
function mailHeaders(eml: string): Record<string, string> {
  const head = eml.slice(0, eml.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return Object.fromEntries(
    head.split('\r\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
}
