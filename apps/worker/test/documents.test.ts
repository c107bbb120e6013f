import { createHash } from 'node:crypto';
import { createDatabase, createPool } from '@werkstatt/db';
import { renderStrategyPdf } from '@werkstatt/strategy-pdf';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../src/documents/render-document.js';
import { createInProcessRunner } from '../src/in-process.js';
import { silentLogger } from '../src/logger.js';
import { startWorkerRuntime, type WorkerRuntime } from '../src/runtime.js';
import { seedDocument, seedStrategyVersion } from '../src/testing/index.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';
import { contentRows, documentRow, pdfText } from './support/pdf.js';

let t: WorkerTestContext;
let runtime: WorkerRuntime | undefined;

beforeAll(async () => {
  t = await createWorkerTestContext({ JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '100', OUTBOX_POLL_MS: '50' });
});

afterAll(async () => {
  await runtime?.stop();
  await t.close();
});

async function queuedDocument(municipalityName?: string) {
  const version = await seedStrategyVersion(t.owner, { municipalityName });
  const documentId = await seedDocument(t.owner, version);
  const jobId = await t.enqueue({
    queue: 'documents',
    name: 'document.render',
    payload: { documentId, municipalityId: version.municipalityId },
  });
  return { version, documentId, jobId };
}

const ctx = (attempt = 1) => ({ jobId: 'test-job', attempt, log: silentLogger });

describe('document.render on BullMQ (real Redis)', () => {
  it('renders the version and stores one PDF with its checksum, pages and size', async () => {
    runtime = startWorkerRuntime(t.config, { log: silentLogger });
    const { documentId, jobId } = await queuedDocument('Verbandsgemeinde Bad Bergzabern');

    const ready = await waitFor(
      async () => {
        const row = await documentRow(t, documentId);
        return row?.status === 'ready' ? row : null;
      },
      30_000,
      'document ready',
    );
    const contents = await contentRows(t, documentId);
    expect(contents).toHaveLength(1);
    const pdf = contents[0]!.content;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(ready).toMatchObject({
      progress: 100,
      error: null,
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(ready.pageCount).toBeGreaterThanOrEqual(9);
    const text = await pdfText(pdf);
    expect(text).toContain('Verbandsgemeinde Bad Bergzabern');
    expect(text).toContain('Maßnahmen');
    expect(text).toContain('Freies WLAN im Bürgerhaus');
    expect(text).toContain(`Seite ${ready.pageCount} von ${ready.pageCount}`);
    await waitFor(async () => (await t.outboxRow(jobId))?.dispatchedAt, 5000, 'outbox row dispatched');
  });

  it('does nothing for a document that is ready', async () => {
    const { documentId } = await queuedDocument();
    await waitFor(async () => (await documentRow(t, documentId))?.status === 'ready', 30_000, 'ready');
    const before = await documentRow(t, documentId);
    const [content] = await contentRows(t, documentId);

    let renders = 0;
    await renderDocument(
      {
        db: t.owner,
        config: t.config,
        renderPdf: (doc) => {
          renders++;
          return renderStrategyPdf(doc);
        },
      },
      { documentId, municipalityId: before!.municipalityId },
      ctx(),
    );

    expect(renders).toBe(0);
    expect(await documentRow(t, documentId)).toEqual(before);
    expect(await contentRows(t, documentId)).toEqual([content]);
  });
});

describe('document.render, called directly', () => {
  it('after a crash mid-render renders again and still stores exactly one result', async () => {
    const version = await seedStrategyVersion(t.owner);
    const documentId = await seedDocument(t.owner, version);
    const payload = { documentId, municipalityId: version.municipalityId };
    // A first run that dies after rendering (e.g. the process is killed before it could store).
    await expect(
      renderDocument(
        {
          db: t.owner,
          config: t.config,
          renderPdf: async () => {
            throw new Error('killed');
          },
        },
        payload,
        ctx(1),
      ),
    ).rejects.toThrow('killed');
    expect(await documentRow(t, documentId)).toMatchObject({
      status: 'queued',
      progress: 0,
      error: 'killed',
    });

    await renderDocument({ db: t.owner, config: t.config }, payload, ctx(2));
    await renderDocument({ db: t.owner, config: t.config }, payload, ctx(3));

    expect(await documentRow(t, documentId)).toMatchObject({ status: 'ready', progress: 100, error: null });
    expect(await contentRows(t, documentId)).toHaveLength(1);
  });

  it('marks the document failed with the error after the last attempt', async () => {
    const version = await seedStrategyVersion(t.owner);
    const documentId = await seedDocument(t.owner, version);
    const failing = {
      db: t.owner,
      config: t.config,
      renderPdf: async () => {
        throw new Error('Schrift nicht gefunden');
      },
    };
    const payload = { documentId, municipalityId: version.municipalityId };
    await expect(renderDocument(failing, payload, ctx(1))).rejects.toThrow();
    expect(await documentRow(t, documentId)).toMatchObject({ status: 'queued' });
    await expect(renderDocument(failing, payload, ctx(t.config.JOB_ATTEMPTS))).rejects.toThrow();
    expect(await documentRow(t, documentId)).toMatchObject({
      status: 'failed',
      progress: 0,
      error: 'Schrift nicht gefunden',
    });
    expect(await contentRows(t, documentId)).toEqual([]);
  });

  it('reports progress while it works', async () => {
    const version = await seedStrategyVersion(t.owner);
    const documentId = await seedDocument(t.owner, version);
    const seen: unknown[] = [];
    await renderDocument(
      {
        db: t.owner,
        config: t.config,
        renderPdf: async (doc) => {
          const row = await documentRow(t, documentId);
          seen.push([row?.status, row?.progress]);
          return renderStrategyPdf(doc);
        },
      },
      { documentId, municipalityId: version.municipalityId },
      ctx(),
    );
    expect(seen).toEqual([['rendering', 10]]);
    expect(await documentRow(t, documentId)).toMatchObject({ status: 'ready', progress: 100 });
  });

  it('renders nothing for a job whose municipality is not the document’s', async () => {
    const version = await seedStrategyVersion(t.owner);
    const other = await t.municipality('Ortsgemeinde Anderswo');
    const documentId = await seedDocument(t.owner, version);
    await renderDocument({ db: t.owner, config: t.config }, { documentId, municipalityId: other.id }, ctx());
    expect(await documentRow(t, documentId)).toMatchObject({ status: 'queued', progress: 0 });
  });
});

describe('document.render in dev mode (in-process runner, no Redis)', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createPool({ connectionString: t.config.DATABASE_URL, max: 1 });
  });
  afterAll(() => pool.end());

  it('renders the document straight from the outbox on a pool of one connection', async () => {
    // The BullMQ runtime of the tests above must not take this job.
    await runtime?.stop();
    runtime = undefined;
    const runner = createInProcessRunner({ db: createDatabase(pool), config: t.config });
    // The document.ready webhook events of the renders above wait in the outbox: run them first.
    while ((await runner.runOnce()) > 0) {}
    const { documentId, jobId } = await queuedDocument('Ortsgemeinde Kröv');
    expect(await runner.runOnce()).toBe(1);
    expect(await documentRow(t, documentId)).toMatchObject({ status: 'ready', progress: 100 });
    expect(await pdfText((await contentRows(t, documentId))[0]!.content)).toContain('Ortsgemeinde Kröv');
    expect(await t.outboxRow(jobId)).toMatchObject({ attempts: 1, lastError: null });
  });
});
