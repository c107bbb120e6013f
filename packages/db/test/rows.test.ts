import { PGlite } from '@electric-sql/pglite';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  compiledRead,
  createDatabase,
  createPool,
  type Database,
  programs,
  shapedRead,
  type Tx,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

// Every kind of field a list selects: timestamps, a date string, jsonb, nulls, a typed SQL
// expression with its own decoder, and an aliased expression.
const fields = {
  ...getTableColumns(programs),
  runtimeDays: sql<number>`(${programs.endsOn} - ${programs.startsOn})`.mapWith(Number),
  open: sql<boolean>`${programs.endsOn} is null`.as('open'),
};
// The list read in two shapes: all programs, or those starting after a date.
const readProgramList = shapedRead(fields);
const readPrograms = (tx: Tx, startingAfter?: string) => {
  const values: Record<string, unknown> = {};
  if (startingAfter) values.after = startingAfter;
  const build = () =>
    tx
      .select(fields)
      .from(programs)
      .where(startingAfter ? sql`${programs.startsOn} > ${sql.placeholder('after')}::date` : undefined)
      .orderBy(programs.slug);
  return readProgramList(tx, startingAfter ? 'after' : 'all', build, values);
};
const readProgramBySlug = compiledRead(fields, (qb) =>
  qb
    .select(fields)
    .from(programs)
    .where(eq(programs.slug, sql.placeholder('slug'))),
);

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

// The same rows read by drizzle itself and through a shaped read, in one transaction.
async function bothWays(tx: Tx) {
  return {
    drizzle: await tx.select(fields).from(programs).orderBy(programs.slug),
    reader: await readPrograms(tx),
  };
}

describe('compiled reads', () => {
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

    it('a compiled read fills its placeholders per call and maps like drizzle', async () => {
      await db.transaction(async (tx) => {
        for (const slug of ['ohne-ende', 'digitale-doerfer']) {
          const expected = await tx.select(fields).from(programs).where(eq(programs.slug, slug));
          expect(await readProgramBySlug(tx, { slug })).toEqual(expected);
        }
        expect(await readProgramBySlug(tx, { slug: 'gibt-es-nicht' })).toEqual([]);
      });
    });

    it('a shaped read builds each shape once and refuses values that do not fit the shape', async () => {
      await db.transaction(async (tx) => {
        expect((await readPrograms(tx, '2026-06-01')).map((r) => r.slug)).toEqual(['ohne-ende']);
        expect((await readPrograms(tx, '2025-01-01')).map((r) => r.slug)).toEqual([
          'digitale-doerfer',
          'ohne-ende',
        ]);
        expect(await readPrograms(tx)).toHaveLength(2);
        const wrong = () => tx.select(fields).from(programs);
        await expect(readProgramList(tx, 'after', wrong, {})).rejects.toThrow(/takes after/);
        const inline = () => tx.select(fields).from(programs).where(eq(programs.slug, 'ohne-ende'));
        await expect(readProgramList(tx, 'inline', inline, {})).rejects.toThrow(/not a placeholder/);
      });
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
          dot_votes_per_field integer not null default 3, contact_name text, contact_email text,
          contact_phone text, contact_organisation text,
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
