import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  documentContents,
  documents,
  scopedDatabase,
  strategies,
  strategyVersions,
} from '../src/index.js';
import {
  insertMunicipalities,
  insertProgram,
  type OwnerDatabase,
  openTestDatabase,
} from './support/fixtures.js';

let owner: OwnerDatabase;
let db: Database;
const ids = { a: '', b: '', documentA: '', documentB: '', versionB: '' };

/** A version with a ready document and its bytes, written as the owner. */
async function seedDocument(municipalityId: string, programId: string) {
  const [strategy] = await db
    .insert(strategies)
    .values({ municipalityId, programId, title: 'Strategie' })
    .returning();
  const [version] = await db
    .insert(strategyVersions)
    .values({ municipalityId, strategyId: strategy!.id, number: 1, label: 'Fassung', snapshot: {} })
    .returning();
  const [document] = await db
    .insert(documents)
    .values({
      municipalityId,
      strategyVersionId: version!.id,
      filename: 'Digitalstrategie.pdf',
      status: 'ready',
      progress: 100,
      pageCount: 1,
      sizeBytes: 4,
      sha256: 'ab',
    })
    .returning();
  await db
    .insert(documentContents)
    .values({ documentId: document!.id, municipalityId, content: Buffer.from('%PDF') });
  return { documentId: document!.id, versionId: version!.id };
}

beforeAll(async () => {
  owner = await openTestDatabase();
  db = owner.db;
  [ids.a, ids.b] = await insertMunicipalities(db, 'a', 'b');
  const { programId } = await insertProgram(db);
  const docA = await seedDocument(ids.a, programId);
  const docB = await seedDocument(ids.b, programId);
  ids.documentA = docA.documentId;
  ids.documentB = docB.documentId;
  ids.versionB = docB.versionId;
});

afterAll(() => owner.close());

describe('documents under RLS', () => {
  it('a tenant sees only its own documents and their bytes, even without a WHERE', async () => {
    const tenantA = scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a });
    const [docs, contents] = await tenantA.transaction(async (tx) => [
      await tx.select({ id: documents.id }).from(documents),
      await tx.select({ id: documentContents.documentId }).from(documentContents),
    ]);
    expect(docs).toEqual([{ id: ids.documentA }]);
    expect(contents).toEqual([{ id: ids.documentA }]);
  });

  it("a tenant can neither change another's document nor write one for another municipality", async () => {
    const tenantA = scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a });
    const updated = await tenantA.transaction((tx) =>
      tx.update(documents).set({ status: 'failed' }).where(eq(documents.id, ids.documentB)).returning(),
    );
    expect(updated).toEqual([]);
    await expect(
      tenantA.transaction((tx) =>
        tx
          .insert(documents)
          .values({ municipalityId: ids.b, strategyVersionId: ids.versionB, filename: 'x.pdf' }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });

  it('the public scope sees no documents', async () => {
    const rows = await scopedDatabase(db, { kind: 'public' }).transaction((tx) =>
      tx.select({ id: documents.id }).from(documents),
    );
    expect(rows).toEqual([]);
  });
});
