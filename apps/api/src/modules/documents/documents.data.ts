import { documentContents, documents, strategyVersions, type Tx } from '@werkstatt/db';
import { and, eq, sql } from 'drizzle-orm';

export type DocumentRow = typeof documents.$inferSelect;

/** The version a document is asked for, with the municipality name frozen in its snapshot. */
export async function findVersion(tx: Tx, municipalityId: string, versionId: string) {
  const [row] = await tx
    .select({
      id: strategyVersions.id,
      createdAt: strategyVersions.createdAt,
      municipalityName: sql<string>`${strategyVersions.snapshot} -> 'municipality' ->> 'name'`,
    })
    .from(strategyVersions)
    .where(and(eq(strategyVersions.id, versionId), eq(strategyVersions.municipalityId, municipalityId)))
    .limit(1);
  return row;
}

/**
 * Inserts the version's document unless it has one. Under concurrency the unique index on the
 * version makes the second insert wait for the first and then do nothing: undefined means "exists".
 */
export async function insertDocumentOnce(
  tx: Tx,
  values: { municipalityId: string; strategyVersionId: string; filename: string },
): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .insert(documents)
    .values(values)
    .onConflictDoNothing({ target: documents.strategyVersionId })
    .returning();
  return row;
}

export async function findDocumentByVersion(tx: Tx, versionId: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.select().from(documents).where(eq(documents.strategyVersionId, versionId)).limit(1);
  return row;
}

/** Puts a failed document back in the queue; undefined when it was not failed (any more). */
export async function requeueFailedDocument(tx: Tx, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .update(documents)
    .set({ status: 'queued', progress: 0, error: null })
    .where(and(eq(documents.id, id), eq(documents.status, 'failed')))
    .returning();
  return row;
}

export async function findDocument(tx: Tx, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.select().from(documents).where(eq(documents.id, id)).limit(1);
  return row;
}

export async function findContent(tx: Tx, documentId: string): Promise<Buffer | undefined> {
  const [row] = await tx
    .select({ content: documentContents.content })
    .from(documentContents)
    .where(eq(documentContents.documentId, documentId))
    .limit(1);
  return row?.content;
}
