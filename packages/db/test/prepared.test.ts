import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createDatabase,
  createPool,
  type Database,
  municipalities,
  scopedDatabase,
  users,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

let testDb: TestDatabase;
let pool: ReturnType<typeof createPool>;
let owner: ReturnType<typeof createPool>;
let db: Database;
const ids = { a: '', b: '' };

beforeAll(async () => {
  testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  owner = createPool({ connectionString: testDb.url, max: 1 });
  const [a, b] = await createDatabase(owner)
    .insert(municipalities)
    .values([
      { name: 'VG A', slug: 'vg-a', kind: 'verbandsgemeinde', stateCode: 'RP' },
      { name: 'VG B', slug: 'vg-b', kind: 'verbandsgemeinde', stateCode: 'RP' },
    ])
    .returning();
  ids.a = a!.id;
  ids.b = b!.id;
  await createDatabase(owner)
    .insert(users)
    .values([
      {
        email: 'a@a.example',
        name: 'A',
        passwordHash: 'x',
        role: 'municipality_admin',
        municipalityId: ids.a,
      },
      {
        email: 'b@b.example',
        name: 'B',
        passwordHash: 'x',
        role: 'municipality_admin',
        municipalityId: ids.b,
      },
    ]);
  // One connection, so every transaction below reuses the same prepared statements.
  pool = createPool({ connectionString: testDb.url, max: 1, preparedStatements: true });
  db = createDatabase(pool);
});

afterAll(async () => {
  await pool.end();
  await owner.end();
  await testDb.drop();
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
