import { PGlite } from '@electric-sql/pglite';
import { getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, createPool, type Database, programs, rowReader, type Tx } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

// Every kind of field a list selects: timestamps, a date string, jsonb, nulls, a typed SQL
// expression with its own decoder, and an aliased expression.
const fields = {
  ...getTableColumns(programs),
  runtimeDays: sql<number>`(${programs.endsOn} - ${programs.startsOn})`.mapWith(Number),
  open: sql<boolean>`${programs.endsOn} is null`.as('open'),
};
const readPrograms = rowReader<Record<string, unknown>>(fields);

const rows = [
  {
    name: 'Digitale Dörfer',
    slug: 'digitale-doerfer',
    description: 'Für Ortsgemeinden – mit Umlauten äöü',
    startsOn: '2026-01-15',
    endsOn: '2026-12-31',
    eligibleKinds: ['ortsgemeinde' as const],
  },
  { name: 'Ohne Ende', slug: 'ohne-ende', startsOn: '2027-03-01', eligibleKinds: [] },
];

// The same rows read by drizzle itself and by rowReader, in one transaction.
async function bothWays(tx: Tx) {
  const query = () => tx.select(fields).from(programs).orderBy(programs.slug);
  return { drizzle: await query(), reader: await readPrograms(tx, query()) };
}

describe('rowReader', () => {
  describe('on Postgres', () => {
    let testDb: TestDatabase;
    let pool: ReturnType<typeof createPool>;
    let db: Database;

    beforeAll(async () => {
      testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
      pool = createPool({ connectionString: testDb.url, max: 1, preparedStatements: true });
      db = createDatabase(pool);
      await db.insert(programs).values(rows);
    });
    afterAll(async () => {
      await pool.end();
      await testDb.drop();
    });

    it('maps every field exactly as drizzle does', async () => {
      const { drizzle: expected, reader } = await db.transaction(bothWays);
      expect(expected).toHaveLength(2);
      expect(reader).toEqual(expected);
      expect(reader[0]!.createdAt).toBeInstanceOf(Date);
      expect(reader[0]).toMatchObject({ slug: 'digitale-doerfer', runtimeDays: 350, open: false });
      expect(reader[1]).toMatchObject({ endsOn: null, description: null, runtimeDays: null, open: true });
      // Same keys in the same order, so responses built from either serialize identically.
      expect(Object.keys(reader[0]!)).toEqual(Object.keys(expected[0]!));
    });
  });

  describe('on PGlite (development)', () => {
    let client: PGlite;

    beforeAll(async () => {
      client = new PGlite();
      await client.exec(`
        create table programs (
          id uuid primary key default gen_random_uuid(), name text not null, slug text not null,
          description text, starts_on date not null, ends_on date, eligible_kinds jsonb not null,
          max_municipalities_per_workshop integer not null default 3,
          max_participants integer not null default 30,
          created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
          deleted_at timestamptz)`);
    });
    afterAll(() => client.close());

    it('maps every field exactly as drizzle does', async () => {
      const db = drizzle(client, { casing: 'snake_case' });
      await db.insert(programs).values(rows);
      const { drizzle: expected, reader } = await db.transaction((tx) => bothWays(tx as unknown as Tx));
      expect(expected).toHaveLength(2);
      expect(reader).toEqual(expected);
    });
  });
});
