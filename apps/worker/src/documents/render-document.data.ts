import { documentContents, documents, strategyVersions, type Tx, webhookEvents } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { and, eq, ne, sql } from 'drizzle-orm';

type DocumentChange = Partial<typeof documents.$inferInsert>;

/**
 * Marks the municipality's document as rendering and returns its strategy version; null when there is
 * no such document or it is ready.
 */
export async function startRender(tx: Tx, documentId: string, municipalityId: string) {
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
}

/** Changes a document that is not ready yet; a ready one keeps its result. */
export async function updateUnfinishedDocument(tx: Tx, documentId: string, values: DocumentChange) {
  await tx
    .update(documents)
    .set(values)
    .where(and(eq(documents.id, documentId), ne(documents.status, 'ready')));
}

/**
 * Stores the one content row of a document (replacing an earlier attempt's) and marks it ready, with
 * the `document.ready` webhook event and its fan-out job: subscribers hear of it exactly when it is.
 */
export async function storeRenderedDocument(
  tx: Tx,
  documentId: string,
  municipalityId: string,
  content: Buffer,
  ready: Pick<typeof documents.$inferInsert, 'pageCount' | 'sizeBytes' | 'sha256'>,
) {
  await tx
    .insert(documentContents)
    .values({ documentId, municipalityId, content })
    .onConflictDoUpdate({
      target: documentContents.documentId,
      set: { content: sql`excluded.content`, createdAt: sql`now()` },
    });
  const [doc] = await tx
    .update(documents)
    .set({ status: 'ready', progress: 100, ...ready, error: null })
    .where(eq(documents.id, documentId))
    .returning({
      id: documents.id,
      municipalityId: documents.municipalityId,
      strategyVersionId: documents.strategyVersionId,
      pageCount: documents.pageCount,
      sizeBytes: documents.sizeBytes,
      filename: documents.filename,
      readyAt: documents.updatedAt,
    });
  if (doc) await recordDocumentReady(tx, doc);
}

/** The webhook event of a ready document, in the API's shape: `{ type, timestamp, data }`. */
async function recordDocumentReady(
  tx: Tx,
  doc: {
    id: string;
    municipalityId: string;
    strategyVersionId: string;
    pageCount: number | null;
    sizeBytes: number | null;
    filename: string;
    readyAt: Date;
  },
) {
  const [event] = await tx
    .insert(webhookEvents)
    .values({
      type: 'document.ready',
      municipalityIds: [doc.municipalityId],
      payload: {
        type: 'document.ready',
        timestamp: doc.readyAt.toISOString(),
        data: { ...doc, readyAt: doc.readyAt.toISOString() },
      },
      occurredAt: doc.readyAt,
    })
    .returning({ id: webhookEvents.id });
  await enqueue(tx, {
    queue: 'webhooks',
    name: 'webhook.fanout',
    payload: { eventId: event!.id, municipalityId: doc.municipalityId },
  });
}
