import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createPool, type Database, scopedDatabase, users } from '../src/index.js';
import {
  insertMunicipalities,
  insertMunicipalityAdmins,
  type OwnerDatabase,
  openTestDatabase,
} from './support/fixtures.js';

let owner: OwnerDatabase;
let pool: ReturnType<typeof createPool>;
let db: Database;
const ids = { a: '', b: '' };

beforeAll(async () => {
  owner = await openTestDatabase();
  [ids.a, ids.b] = await insertMunicipalities(owner.db, 'a', 'b');
  await insertMunicipalityAdmins(owner.db, ['a', ids.a], ['b', ids.b]);
  // One connection, so every transaction below reuses the same prepared statements.
  pool = createPool({ connectionString: owner.testDb.url, max: 1, preparedStatements: true });
  db = createDatabase(pool);
});

afterAll(async () => {
  await pool.end();
  await owner.close();
});

describe('prepared statements', () => {
  it('a plan reused across tenants still applies each transaction’s tenant (RLS at execution)', async () => {
    // More than five executions, so Postgres may switch to a generic plan.
    for (let i = 0; i < 12; i++) {
      const tenant = i % 2 === 0 ? ids.a : ids.b;
      const seen = await scopedDatabase(db, { kind: 'tenant', municipalityId: tenant }).transaction((tx) =>
        tx
          .select({ municipalityId: users.municipalityId })
          .from(users)
          .where(sql`${users.email} like ${'%'}`),
      );
      expect(seen).toEqual([{ municipalityId: tenant }]);
    }
    const prepared = await scopedDatabase(db, { kind: 'platform' }).transaction(
      async (tx) => (await tx.execute(sql`select count(*)::int as n from pg_prepared_statements`)).rows[0],
    );
    expect((prepared as { n: number }).n).toBeGreaterThan(0);
  });
});
