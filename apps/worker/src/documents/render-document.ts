import { createHash } from 'node:crypto';
import type { Database } from '@werkstatt/db';
import { type JobPayload, type PublishDocumentChange, publishNothing } from '@werkstatt/jobs';
import { type RenderedPdf, renderStrategyPdf, type StrategyDocument } from '@werkstatt/strategy-pdf';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { errorMessage } from '../logger.js';
import { jobScope } from '../scope.js';
import { startRender, storeRenderedDocument, updateUnfinishedDocument } from './render-document.data.js';
import { toStrategyDocument, UnrenderableVersionError } from './strategy-document.js';

export type RenderPdf = (doc: StrategyDocument) => Promise<RenderedPdf>;

export interface RenderDocumentDeps {
  db: Database;
  config: Pick<Config, 'JOB_ATTEMPTS'>;
  /** The PDF renderer; tests pass a slow one to stop a worker mid-render. */
  renderPdf?: RenderPdf;
  /** Announces each committed status change to the API's event streams (none without Redis). */
  publishDocumentChange?: PublishDocumentChange;
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
 *
 * Each status change is published after its transaction committed, so a stream that reads the
 * document on the message sees the change.
 */
export async function renderDocument(
  deps: RenderDocumentDeps,
  payload: JobPayload<'documents', 'document.render'>,
  ctx: JobContext,
): Promise<void> {
  const { documentId, municipalityId } = payload;
  const tenant = jobScope(deps.db, municipalityId);
  const log = ctx.log;
  const at = { jobId: ctx.jobId, documentId };
  const publish = deps.publishDocumentChange ?? publishNothing;
  const setStatus = async (values: Parameters<typeof updateUnfinishedDocument>[2]) => {
    await tenant.transaction((tx) => updateUnfinishedDocument(tx, documentId, values));
    await publish(documentId);
  };

  const version = await tenant.transaction((tx) => startRender(tx, documentId, municipalityId));
  if (!version) {
    log.info(at, 'document render skipped: no such document, or it is ready');
    return;
  }
  await publish(documentId);

  try {
    const model = toStrategyDocument(version);
    const started = performance.now();
    const pdf = await (deps.renderPdf ?? renderStrategyPdf)(model);
    const renderMs = Math.round(performance.now() - started);
    await setStatus({ progress: 90 });
    const sha256 = createHash('sha256').update(pdf.buffer).digest('hex');
    await tenant.transaction((tx) =>
      storeRenderedDocument(tx, documentId, municipalityId, pdf.buffer, {
        pageCount: pdf.pageCount,
        sizeBytes: pdf.buffer.length,
        sha256,
      }),
    );
    await publish(documentId);
    log.info({ ...at, pages: pdf.pageCount, bytes: pdf.buffer.length, renderMs }, 'document rendered');
  } catch (err) {
    const message = errorMessage(err).slice(0, MAX_ERROR_CHARS);
    if (err instanceof UnrenderableVersionError) {
      await setStatus({ status: 'failed', progress: 0, error: message });
      log.warn(at, `document cannot be rendered: ${message}`);
      return;
    }
    // Marked failed only if the database answers; if it does not, this throws and the worker
    // postpones the run without counting it (workers.ts).
    const last = ctx.attempt >= deps.config.JOB_ATTEMPTS;
    await setStatus({ status: last ? 'failed' : 'queued', progress: 0, error: message });
    throw err;
  }
}
