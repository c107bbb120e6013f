import { createHash } from 'node:crypto';
import { type Database, documentContents, documents, scopedDatabase, strategyVersions } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import { type RenderedPdf, renderStrategyPdf, type StrategyDocument } from '@werkstatt/strategy-pdf';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { errorMessage } from '../logger.js';
import { toStrategyDocument, UnrenderableVersionError } from './strategy-document.js';

export type RenderPdf = (doc: StrategyDocument) => Promise<RenderedPdf>;

export interface RenderDocumentDeps {
  db: Database;
  config: Pick<Config, 'JOB_ATTEMPTS'>;
  /** The PDF renderer; tests pass a slow one to stop a worker mid-render. */
  renderPdf?: RenderPdf;
}

const MAX_ERROR_CHARS = 2000;

/**
 * Renders the PDF of a document's strategy version and stores it with its checksum, page count and size.
 *
 * Idempotent: a document that is ready is left alone; a re-run after a crash renders again and
 * replaces the one content row (keyed by the document) in the same transaction that marks the
 * document ready, so there is always exactly one stored result. A failed attempt puts the document
 * back in the queue with the error; after the last attempt it is `failed` with that error. A version
 * that cannot become a document fails at once, since retrying cannot change it.
 */
export async function renderDocument(
  deps: RenderDocumentDeps,
  payload: JobPayload<'documents', 'document.render'>,
  ctx: JobContext,
): Promise<void> {
  const platform = scopedDatabase(deps.db, { kind: 'platform' });
  const { documentId, municipalityId } = payload;
  const log = ctx.log;
  const at = { jobId: ctx.jobId, documentId };
  const setStatus = (values: Partial<typeof documents.$inferInsert>) =>
    platform.transaction((tx) =>
      tx
        .update(documents)
        .set(values)
        .where(and(eq(documents.id, documentId), ne(documents.status, 'ready'))),
    );

  const version = await platform.transaction(async (tx) => {
    const [row] = await tx
      .select({
        status: documents.status,
        label: strategyVersions.label,
        createdAt: strategyVersions.createdAt,
        snapshot: strategyVersions.snapshot,
      })
      .from(documents)
      .innerJoin(strategyVersions, eq(strategyVersions.id, documents.strategyVersionId))
      // The payload's municipality must be the document's: a mismatched job renders nothing.
      .where(and(eq(documents.id, documentId), eq(documents.municipalityId, municipalityId)));
    if (!row || row.status === 'ready') return null;
    await tx.update(documents).set({ status: 'rendering', progress: 10 }).where(eq(documents.id, documentId));
    return row;
  });
  if (!version) {
    log.info(at, 'document render skipped: no such document, or it is ready');
    return;
  }

  try {
    const model = toStrategyDocument(version);
    const started = performance.now();
    const pdf = await (deps.renderPdf ?? renderStrategyPdf)(model);
    const renderMs = Math.round(performance.now() - started);
    await setStatus({ progress: 90 });
    const sha256 = createHash('sha256').update(pdf.buffer).digest('hex');
    await platform.transaction(async (tx) => {
      await tx
        .insert(documentContents)
        .values({ documentId, municipalityId, content: pdf.buffer })
        .onConflictDoUpdate({
          target: documentContents.documentId,
          set: { content: sql`excluded.content`, createdAt: sql`now()` },
        });
      await tx
        .update(documents)
        .set({
          status: 'ready',
          progress: 100,
          pageCount: pdf.pageCount,
          sizeBytes: pdf.buffer.length,
          sha256,
          error: null,
        })
        .where(eq(documents.id, documentId));
    });
    log.info({ ...at, pages: pdf.pageCount, bytes: pdf.buffer.length, renderMs }, 'document rendered');
  } catch (err) {
    const message = errorMessage(err).slice(0, MAX_ERROR_CHARS);
    if (err instanceof UnrenderableVersionError) {
      await setStatus({ status: 'failed', progress: 0, error: message });
      log.warn(at, `document cannot be rendered: ${message}`);
      return;
    }
    const last = ctx.attempt >= deps.config.JOB_ATTEMPTS;
    await setStatus({ status: last ? 'failed' : 'queued', progress: 0, error: message });
    throw err;
  }
}
