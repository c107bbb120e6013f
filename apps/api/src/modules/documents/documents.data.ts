import { documentContents, documents, municipalities, strategyVersions, type Tx } from '@werkstatt/db';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

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

/**
 * Puts a document back in the queue when it failed, or when it has been queued or rendering without
 * any change for `staleMs` (its job was lost, e.g. given up by BullMQ after its worker died twice).
 * Undefined when it is neither; the condition is checked in the UPDATE, so two requests requeue once.
 */
export async function requeueDocument(tx: Tx, id: string, staleMs: number): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .update(documents)
    .set({ status: 'queued', progress: 0, error: null })
    .where(
      and(
        eq(documents.id, id),
        or(
          eq(documents.status, 'failed'),
          and(
            inArray(documents.status, ['queued', 'rendering']),
            lt(documents.updatedAt, sql`now() - ${staleMs}::float8 * interval '1 millisecond'`),
          ),
        ),
      ),
    )
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

export async function municipalityExists(tx: Tx, municipalityId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.id, municipalityId), isNull(municipalities.deletedAt)))
    .limit(1);
  return rows.length > 0;
}

export type MunicipalityDocumentRow = DocumentRow & {
  version: { id: string; number: number; label: string };
};

/**
 * A municipality's documents, newest first (ids are UUIDv7, so by id descending), with the number and
 * label of their version. Filtered by municipality here as well as by RLS; the index
 * documents_municipality_idx (municipality_id, id) serves the order and the cursor.
 */
export async function listMunicipalityDocuments(
  tx: Tx,
  municipalityId: string,
  q: PageQuery,
): Promise<MunicipalityDocumentRow[]> {
  const page = keyset({ id: documents.id }, q, { descending: true });
  const rows = await tx
    .select({
      document: documents,
      version: { id: strategyVersions.id, number: strategyVersions.number, label: strategyVersions.label },
    })
    .from(documents)
    .innerJoin(
      strategyVersions,
      and(
        eq(strategyVersions.id, documents.strategyVersionId),
        eq(strategyVersions.municipalityId, documents.municipalityId),
      ),
    )
    .where(and(eq(documents.municipalityId, municipalityId), page.where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return rows.map((r) => ({ ...r.document, version: r.version }));
}
