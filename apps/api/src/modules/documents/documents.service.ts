import { type Database, scopedDatabase } from '@werkstatt/db';
import { enqueue, type PublishDocumentChange } from '@werkstatt/jobs';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { conflict, notFound } from '../../lib/errors.js';
import { requireMunicipalityRead, requireMunicipalityWrite } from '../../lib/municipality-access.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import * as data from './documents.data.js';
import type { DocumentDto, MunicipalityDocumentDto } from './documents.schemas.js';
import { documentFilename } from './documents-fns.js';

const toDto = (r: data.DocumentRow): DocumentDto => ({
  id: r.id,
  municipalityId: r.municipalityId,
  strategyVersionId: r.strategyVersionId,
  status: r.status,
  progress: r.progress,
  pageCount: r.pageCount,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  error: r.error,
  filename: r.filename,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A document queued or rendering this long without any change has lost its job: a new request requeues it. */
export const STALE_DOCUMENT_MS = 15 * 60 * 1000;

export interface RequestedDocument {
  document: DocumentDto;
  /** True when this request queued a render (a new document, or a failed one tried again). */
  queued: boolean;
}

/**
 * Asks for the PDF of a strategy version. The document row and its render job (outbox) are written in
 * one transaction; a version has one document, so asking again returns it. Only a failed document, or
 * one whose job was lost (no change for STALE_DOCUMENT_MS), is queued again; that change is published
 * to the document's event streams once it committed.
 */
export async function requestDocument(
  ctx: RequestContext,
  municipalityId: string,
  versionId: string,
  publishChange: PublishDocumentChange,
): Promise<RequestedDocument> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  const result = await ctx.db.transaction(async (tx) => {
    const version = await data.findVersion(tx, municipalityId, versionId);
    if (!version) throw notFound('Strategy version');
    const created = await data.insertDocumentOnce(tx, {
      municipalityId,
      strategyVersionId: version.id,
      filename: documentFilename(version.municipalityName, version.createdAt),
    });
    const existing = created ? undefined : await data.findDocumentByVersion(tx, version.id);
    const requeued =
      existing && existing.status !== 'ready'
        ? await data.requeueDocument(tx, existing.id, STALE_DOCUMENT_MS)
        : undefined;
    const queued = created ?? requeued;
    if (!queued) return { document: toDto(existing!), queued: false };

    await enqueue(tx, {
      queue: 'documents',
      name: 'document.render',
      payload: { documentId: queued.id, municipalityId },
    });
    await recordAudit(tx, ctx, {
      action: created ? 'document.requested' : 'document.requeued',
      entityType: 'document',
      entityId: queued.id,
      municipalityId,
      ...(requeued ? { before: { status: existing!.status, error: existing!.error } } : {}),
      after: { strategyVersionId: queued.strategyVersionId, status: queued.status },
    });
    return { document: toDto(queued), queued: true };
  });
  // A new document has no stream yet; a requeued one may have (e.g. one stuck in rendering).
  if (result.queued) await publishChange(result.document.id);
  return result;
}

/** Loads a document the actor may read; another tenant's document does not exist for them. */
async function readableDocument(ctx: RequestContext, id: string) {
  const row = await ctx.db.transaction((tx) => data.findDocument(tx, id));
  if (!row) throw notFound('Document');
  requireMunicipalityRead(ctx.actor, row.municipalityId);
  return row;
}

export async function getDocument(ctx: RequestContext, id: string): Promise<DocumentDto> {
  return toDto(await readableDocument(ctx, id));
}

/**
 * The read an event stream's message triggers, done once for all streams of the document on this
 * instance (document-stream.ts): in the document's municipality's own scope, so RLS limits it to that
 * municipality's documents, without any caller's credentials. Each stream passes the result through
 * visibleDocument with its caller before sending it; the caller's credentials themselves are checked
 * again by the stream's own reads (getDocument), at least every DOCUMENT_EVENTS_RECHECK_MS.
 */
export function createDocumentStreamReader(deps: { db: Database }) {
  return async (municipalityId: string, id: string): Promise<DocumentDto> => {
    const tenant = scopedDatabase(deps.db, { kind: 'tenant', municipalityId });
    const row = await tenant.transaction((tx) => data.findDocument(tx, id));
    if (!row) throw notFound('Document');
    return toDto(row);
  };
}
export type DocumentStreamReader = ReturnType<typeof createDocumentStreamReader>;

/** A document read for all streams, as the actor may see it (as getDocument decides). */
export function visibleDocument(ctx: RequestContext, document: DocumentDto): DocumentDto {
  requireMunicipalityRead(ctx.actor, document.municipalityId);
  return document;
}

export type DocumentContent =
  | { notModified: true; sha256: string; filename: string }
  | { notModified: false; sha256: string; filename: string; pdf: Buffer };

/**
 * The PDF of a ready document. When the client's copy is current (`isCurrent(sha256)`), the bytes are
 * not read at all.
 */
export async function getDocumentContent(
  ctx: RequestContext,
  id: string,
  isCurrent: (sha256: string) => boolean,
): Promise<DocumentContent> {
  const row = await readableDocument(ctx, id);
  if (row.status !== 'ready' || !row.sha256) {
    throw conflict('document_not_ready', 'The document is not ready yet. Check its status and try again.', {
      documentStatus: row.status,
      progress: row.progress,
    });
  }
  const head = { sha256: row.sha256, filename: row.filename };
  if (isCurrent(row.sha256)) return { notModified: true, ...head };
  const pdf = await ctx.db.transaction((tx) => data.findContent(tx, id));
  if (!pdf) throw notFound('Document content');
  return { notModified: false, ...head, pdf };
}

/**
 * The municipality's documents, newest first, for anyone who may read the municipality. Another
 * tenant's municipality, or one that does not exist, is a 404.
 */
export async function listMunicipalityDocuments(
  ctx: RequestContext,
  municipalityId: string,
  q: PageQuery,
): Promise<Page<MunicipalityDocumentDto>> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const rows = await ctx.db.transaction(async (tx) => {
    if (!(await data.municipalityExists(tx, municipalityId))) throw notFound('Municipality');
    return data.listMunicipalityDocuments(tx, municipalityId, q);
  });
  return toPage(rows, q, (r) => ({ ...toDto(r), version: r.version }));
}
