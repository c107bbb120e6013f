import { documentContents, documents, strategyVersions, type Tx } from '@werkstatt/db';
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

/** Stores the one content row of a document (replacing an earlier attempt's) and marks it ready. */
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
  await tx
    .update(documents)
    .set({ status: 'ready', progress: 100, ...ready, error: null })
    .where(eq(documents.id, documentId));
}
