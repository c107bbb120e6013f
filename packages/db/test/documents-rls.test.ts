import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createDatabase,
  createPool,
  type Database,
  documentContents,
  documents,
  municipalities,
  programs,
  scopedDatabase,
  strategies,
  strategyVersions,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

let testDb: TestDatabase;
let pool: ReturnType<typeof createPool>;
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
  testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  pool = createPool({ connectionString: testDb.url, max: 2 });
  db = createDatabase(pool);
  const [a, b] = await db
    .insert(municipalities)
    .values([
      { name: 'Verbandsgemeinde A', slug: 'vg-a', kind: 'verbandsgemeinde', stateCode: 'RP' },
      { name: 'Verbandsgemeinde B', slug: 'vg-b', kind: 'verbandsgemeinde', stateCode: 'RP' },
    ])
    .returning();
  const [program] = await db
    .insert(programs)
    .values({ name: 'P', slug: 'p', startsOn: '2026-01-01', eligibleKinds: ['verbandsgemeinde'] })
    .returning();
  ids.a = a!.id;
  ids.b = b!.id;
  const docA = await seedDocument(a!.id, program!.id);
  const docB = await seedDocument(b!.id, program!.id);
  ids.documentA = docA.documentId;
  ids.documentB = docB.documentId;
  ids.versionB = docB.versionId;
});

afterAll(async () => {
  await pool.end();
  await testDb.drop();
});

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
