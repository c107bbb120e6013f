import { inject } from 'vitest';
import {
  actionFields,
  createDatabase,
  createPool,
  type Database,
  municipalities,
  programs,
  users,
} from '../../src/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';

export interface OwnerDatabase {
  testDb: TestDatabase;
  pool: ReturnType<typeof createPool>;
  /** The owner connection, which RLS does not bind: for fixtures and for checking what was written. */
  db: Database;
  close(): Promise<void>;
}

/** A database of this test file's own, cloned from the migrated template; close() drops it. */
export async function openTestDatabase(): Promise<OwnerDatabase> {
  const testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  const pool = createPool({ connectionString: testDb.url, max: 2 });
  return {
    testDb,
    pool,
    db: createDatabase(pool),
    close: async () => {
      await pool.end();
      await testDb.drop();
    },
  };
}

/** Verbandsgemeinden named by letter ('a' → "Verbandsgemeinde A", slug vg-a); their ids in order. */
export async function insertMunicipalities<L extends string[]>(
  db: Database,
  ...letters: L
): Promise<{ [K in keyof L]: string }> {
  const rows = await db
    .insert(municipalities)
    .values(
      letters.map((x) => ({
        name: `Verbandsgemeinde ${x.toUpperCase()}`,
        slug: `vg-${x}`,
        kind: 'verbandsgemeinde' as const,
        stateCode: 'RP',
      })),
    )
    .returning();
  return rows.map((r) => r.id) as { [K in keyof L]: string };
}

/** The program "Digital-Werkstatt" with one action field. */
export async function insertProgram(db: Database): Promise<{ programId: string; fieldId: string }> {
  const [program] = await db
    .insert(programs)
    .values({
      name: 'Digital-Werkstatt',
      slug: 'dw',
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde'],
    })
    .returning();
  const [field] = await db
    .insert(actionFields)
    .values({ programId: program!.id, key: 'infrastruktur', title: 'Digitale Infrastruktur' })
    .returning();
  return { programId: program!.id, fieldId: field!.id };
}

/** A municipality_admin per municipality ('a' → a@a.example, named "A"); their ids in order. */
export async function insertMunicipalityAdmins<L extends [string, string][]>(
  db: Database,
  ...admins: L
): Promise<{ [K in keyof L]: string }> {
  const rows = await db
    .insert(users)
    .values(
      admins.map(([letter, municipalityId]) => ({
        email: `${letter}@${letter}.example`,
        name: letter.toUpperCase(),
        passwordHash: 'x',
        role: 'municipality_admin' as const,
        municipalityId,
      })),
    )
    .returning();
  return rows.map((r) => r.id) as { [K in keyof L]: string };
}
