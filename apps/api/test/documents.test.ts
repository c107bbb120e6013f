import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { auditEvents, documentContents, documents, outbox } from '@werkstatt/db';
import { createLogger, renderDocument } from '@werkstatt/worker';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asciiFilename,
  contentDisposition,
  documentFilename,
} from '../src/modules/documents/documents-fns.js';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 3);
});
afterAll(() => h.close());

interface Tenant {
  id: string;
  admin: TestUser;
  versionId: string;
}

/** A municipality with a strategy, two measures and a version, all made through the API. */
async function tenant(name = 'Verbandsgemeinde Südliche Weinstraße'): Promise<Tenant> {
  const m = await h.municipality({ name });
  const admin = await h.user('municipality_admin', m.id);
  const [f1, f2] = program.fields;
  const put = await putStrategy(h, admin.token, m.id, strategyBody(program.id, [f1!.id, f2!.id]));
  expect(put.statusCode, put.body).toBe(201);
  for (const [title, field] of [
    ['Freies WLAN im Bürgerhaus', f1!],
    ['Tablets für die Grundschule', f2!],
  ] as const) {
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${m.id}/measures`,
      token: admin.token,
      payload: { title, actionFieldId: field.id, lead: 'Bauamt', budgetCents: 1_250_000 },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const version = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${m.id}/strategy/versions`,
    token: admin.token,
    payload: { label: 'Ergebnis der Werkstatt' },
  });
  expect(version.statusCode, version.body).toBe(201);
  return { id: m.id, admin, versionId: version.json().id };
}

const requestDocument = (t: Tenant, token = t.admin.token) =>
  h.request({
    method: 'POST',
    url: `/v1/municipalities/${t.id}/strategy/versions/${t.versionId}/documents`,
    token,
  });

const renderJobs = (documentId: string) =>
  h.owner
    .select()
    .from(outbox)
    .where(and(eq(outbox.queue, 'documents'), eq(outbox.jobName, 'document.render')))
    .then((rows) => rows.filter((r) => (r.payload as { documentId: string }).documentId === documentId));

/** Runs the worker's production handler for a document's job, as the worker would. */
async function runRenderJob(documentId: string) {
  const [job] = await renderJobs(documentId);
  await renderDocument({ db: h.deps.db, config: { JOB_ATTEMPTS: 3 } }, job!.payload as never, {
    jobId: job!.id,
    attempt: 1,
    log: createLogger({ LOG_LEVEL: 'silent' }),
  });
}

const pdfText = (pdf: Buffer) =>
  new Promise<string>((resolve, reject) => {
    const child = execFile('pdftotext', ['-enc', 'UTF-8', '-', '-'], { maxBuffer: 1 << 26 }, (err, out) =>
      err ? reject(err) : resolve(out.replace(/\s+/g, ' ')),
    );
    child.stdin!.end(pdf);
  });

describe('POST …/strategy/versions/{versionId}/documents', () => {
  it('answers 202 with the queued document and writes its render job in the same transaction', async () => {
    const t = await tenant();
    const res = await requestDocument(t);

    expect(res.statusCode, res.body).toBe(202);
    const doc = res.json();
    expect(doc).toMatchObject({
      municipalityId: t.id,
      strategyVersionId: t.versionId,
      status: 'queued',
      progress: 0,
      pageCount: null,
      sizeBytes: null,
      sha256: null,
      error: null,
    });
    expect(doc.filename).toMatch(
      /^Digitalstrategie-Verbandsgemeinde-Südliche-Weinstraße-\d{4}-\d{2}-\d{2}\.pdf$/,
    );
    expect(res.headers.location).toBe(`/v1/documents/${doc.id}`);
    const jobs = await renderJobs(doc.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      municipalityId: t.id,
      payload: { documentId: doc.id, municipalityId: t.id },
      dispatchedAt: null,
    });
    const audit = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, doc.id));
    expect(audit.map((a) => a.action)).toEqual(['document.requested']);
  });

  it('returns the same document when asked again, without a second job', async () => {
    const t = await tenant();
    const first = (await requestDocument(t)).json();
    const again = await requestDocument(t);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first);
    expect(await renderJobs(first.id)).toHaveLength(1);
  });

  it('makes one document and one job for two simultaneous requests', async () => {
    const t = await tenant();
    const editor = await h.user('municipality_editor', t.id);
    const responses = await Promise.all([requestDocument(t), requestDocument(t, editor.token)]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 202]);
    const [a, b] = responses.map((r) => r.json());
    expect(a.id).toBe(b.id);
    const rows = await h.owner.select().from(documents).where(eq(documents.strategyVersionId, t.versionId));
    expect(rows).toHaveLength(1);
    expect(await renderJobs(a.id)).toHaveLength(1);
  });

  it('queues a failed document again, once', async () => {
    const t = await tenant();
    const doc = (await requestDocument(t)).json();
    await h.owner
      .update(documents)
      .set({ status: 'failed', error: 'Redis weg' })
      .where(eq(documents.id, doc.id));

    const retried = await requestDocument(t);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ id: doc.id, status: 'queued', error: null });
    expect((await requestDocument(t)).statusCode).toBe(200);
    expect(await renderJobs(doc.id)).toHaveLength(2);
  });

  it('queues a document again whose job was lost (rendering without change for 15 minutes)', async () => {
    const t = await tenant();
    const doc = (await requestDocument(t)).json();
    const setDocument = (status: 'rendering', minutesAgo: number) =>
      h.owner.transaction(async (tx) => {
        // As the superuser owner, without the updated_at trigger, to date the row back.
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx
          .update(documents)
          .set({ status, updatedAt: new Date(Date.now() - minutesAgo * 60_000) })
          .where(eq(documents.id, doc.id));
      });

    await setDocument('rendering', 5);
    expect((await requestDocument(t)).json()).toMatchObject({ status: 'rendering' });
    await setDocument('rendering', 16);
    const retried = await requestDocument(t);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ status: 'queued', progress: 0 });
    expect(await renderJobs(doc.id)).toHaveLength(2);
  });

  it('is a 404 for a version of another municipality, nothing written', async () => {
    const t = await tenant();
    const other = await tenant('Ortsgemeinde Anderswo');
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${t.id}/strategy/versions/${other.versionId}/documents`,
      token: t.admin.token,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect(
      await h.owner.select().from(documents).where(eq(documents.strategyVersionId, other.versionId)),
    ).toEqual([]);
  });
});

describe('GET /v1/documents/{id} and its content', () => {
  let t: Tenant;
  let doc: { id: string; filename: string };

  beforeAll(async () => {
    t = await tenant();
    doc = (await requestDocument(t)).json();
  });

  const get = (path: string, headers: Record<string, string> = {}, token = t.admin.token) =>
    h.request({ method: 'GET', url: `/v1/documents/${doc.id}${path}`, token, headers });

  it('is 409 document_not_ready for the content until the worker has rendered it', async () => {
    const status = await get('');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ id: doc.id, status: 'queued', progress: 0 });

    const content = await get('/content');
    expect(content.statusCode).toBe(409);
    expect(content.headers['content-type']).toContain('application/problem+json');
    expect(content.json()).toMatchObject({
      code: 'document_not_ready',
      status: 409,
      documentStatus: 'queued',
      progress: 0,
    });
  });

  it('serves the PDF once the worker has run: bytes, ETag, filename, status', async () => {
    await runRenderJob(doc.id);

    const status = (await get('')).json();
    expect(status).toMatchObject({ status: 'ready', progress: 100, error: null });
    // Cover, contents and at least one page of chapters (short chapters share pages).
    expect(status.pageCount).toBeGreaterThanOrEqual(3);

    const res = await get('/content');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(status.sizeBytes);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(status.sha256).toBe(sha256);
    expect(res.headers.etag).toBe(`"${sha256}"`);

    const date = doc.filename.slice(-14, -4);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Digitalstrategie-Verbandsgemeinde-Suedliche-Weinstrasse-${date}.pdf"; ` +
        `filename*=UTF-8''Digitalstrategie-Verbandsgemeinde-S%C3%BCdliche-Weinstra%C3%9Fe-${date}.pdf`,
    );
    const text = await pdfText(pdf);
    expect(text).toContain('Verbandsgemeinde Südliche Weinstraße');
    expect(text).toContain('Freies WLAN im Bürgerhaus');
    expect(text).toContain('Maßnahmen');
  });

  it('answers 304 without a body when If-None-Match names the current file', async () => {
    const { etag } = (await get('/content')).headers;
    const res = await get('/content', { 'if-none-match': `W/${etag}, "other"` });
    expect(res.statusCode).toBe(304);
    expect(res.body).toBe('');
    expect(res.headers.etag).toBe(etag);
    expect((await get('/content', { 'if-none-match': '"stale"' })).statusCode).toBe(200);
  });

  it('keeps one stored PDF when the job runs again', async () => {
    await runRenderJob(doc.id);
    const rows = await h.owner.select().from(documentContents).where(eq(documentContents.documentId, doc.id));
    expect(rows).toHaveLength(1);
  });

  it('is readable by the municipality’s viewer and read key, and the program office; 404 for another tenant', async () => {
    const viewer = await h.user('municipality_viewer', t.id);
    const readKey = await h.apiKey(['municipality:read'], t.id);
    const moderator = await h.user('moderator');
    for (const token of [viewer.token, readKey.key, moderator.token]) {
      expect((await get('/content', {}, token)).statusCode).toBe(200);
    }
    const foreign = await tenant('Stadt Fremdingen');
    for (const path of ['', '/content']) {
      const res = await get(path, {}, foreign.admin.token);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });
});

describe('download names', () => {
  it('keep umlauts in filename* and spell them out in the ASCII filename', () => {
    const at = new Date('2026-11-21T23:30:00Z'); // already 22 November in Berlin
    const name = documentFilename('Stadt Bad Dürkheim / Weinstraße', at);
    expect(name).toBe('Digitalstrategie-Stadt-Bad-Dürkheim-Weinstraße-2026-11-22.pdf');
    expect(asciiFilename(name)).toBe('Digitalstrategie-Stadt-Bad-Duerkheim-Weinstrasse-2026-11-22.pdf');
    expect(contentDisposition('Café "Ölmühle".pdf')).toBe(
      `attachment; filename="Cafe-Oelmuehle-.pdf"; filename*=UTF-8''Caf%C3%A9%20%22%C3%96lm%C3%BChle%22.pdf`,
    );
  });
});
