import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, auditEvents, type Database, municipalities, scopedDatabase, users } from '../src/index.js';
import {
  insertMunicipalities,
  insertMunicipalityAdmins,
  type OwnerDatabase,
  openTestDatabase,
} from './support/fixtures.js';

let owner: OwnerDatabase;
let db: Database;
const ids = { a: '', b: '', userA: '', userB: '' };

beforeAll(async () => {
  owner = await openTestDatabase();
  db = owner.db;
  // Fixtures as the owner, which RLS does not restrict.
  [ids.a, ids.b] = await insertMunicipalities(db, 'a', 'b');
  [ids.userA, ids.userB] = await insertMunicipalityAdmins(db, ['a', ids.a], ['b', ids.b]);
  await db.insert(auditEvents).values([
    { actorType: 'system', municipalityId: ids.a, action: 'x', entityType: 'user', entityId: ids.userA },
    { actorType: 'system', municipalityId: ids.b, action: 'x', entityType: 'user', entityId: ids.userB },
  ]);
});

afterAll(() => owner.close());

describe('the application role', () => {
  it('is not superuser, not owner of any table and cannot bypass RLS', async () => {
    const row = await scopedDatabase(db, { kind: 'platform' }).transaction(async (tx) => {
      const result = await tx.execute(sql`
        select current_user as "user", r.rolsuper as "super", r.rolbypassrls as "bypass",
          (select count(*)::int from pg_class c where c.relowner = r.oid) as "owned"
        from pg_roles r where r.rolname = current_user`);
      return result.rows[0];
    });
    expect(row).toEqual({ user: APP_ROLE, super: false, bypass: false, owned: 0 });
  });
});

describe('row-level security', () => {
  it('a query with no WHERE under tenant A returns no row of B', async () => {
    const tenantA = scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a });
    const seen = await tenantA.transaction(async (tx) => ({
      users: await tx.select().from(users),
      municipalities: await tx.select().from(municipalities),
      audit: await tx.select().from(auditEvents),
    }));
    expect(seen.users.map((u) => u.id)).toEqual([ids.userA]);
    expect(seen.municipalities.map((m) => m.id)).toEqual([ids.a]);
    expect(seen.audit.map((e) => e.municipalityId)).toEqual([ids.a]);
  });

  it('a transaction with no tenant set sees no rows instead of failing', async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`);
      return tx.select().from(users);
    });
    expect(rows).toEqual([]);
  });

  it('a tenant cannot write rows of another municipality', async () => {
    const tenantA = scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a });
    await expect(
      tenantA.transaction((tx) =>
        tx.insert(users).values({
          email: 'intruder@b.example',
          name: 'X',
          passwordHash: 'x',
          role: 'municipality_viewer',
          municipalityId: ids.b,
        }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    const updated = await tenantA.transaction((tx) =>
      tx.update(users).set({ name: 'Changed' }).where(sql`true`).returning({ id: users.id }),
    );
    expect(updated.map((u) => u.id)).toEqual([ids.userA]);
  });

  it('public scope sees the municipality directory but no users', async () => {
    const seen = await scopedDatabase(db, { kind: 'public' }).transaction(async (tx) => ({
      users: await tx.select().from(users),
      municipalities: await tx.select().from(municipalities),
    }));
    expect(seen.users).toEqual([]);
    expect(seen.municipalities).toHaveLength(2);
  });

  it('the audit trail is append-only for the application', async () => {
    await expect(
      scopedDatabase(db, { kind: 'platform' }).transaction((tx) => tx.delete(auditEvents)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });
});

describe('the principal check (app_check_principal)', () => {
  const userA = (role = 'municipality_admin', municipalityId: string | null = ids.a) => ({
    kind: 'user' as const,
    id: ids.userA,
    role,
    municipalityId,
  });
  const settings = (tx: Parameters<Parameters<Database['transaction']>[0]>[0]) =>
    tx.execute<{ scope: string; municipality: string; role: string }>(
      sql`select current_setting('app.scope') as scope, current_setting('app.municipality_id') as municipality, current_user as role`,
    );

  it('lets a transaction of a valid principal run in its own scope, as the application role', async () => {
    const { rows } = await scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a }, userA()).transaction(
      settings,
    );
    expect(rows[0]).toEqual({ scope: 'tenant', municipality: ids.a, role: APP_ROLE });
    const seen = await scopedDatabase(db, { kind: 'public' }, userA()).transaction((tx) =>
      tx.select().from(users),
    );
    expect(seen).toEqual([]);
  });

  it('raises 28000 when the role or municipality changed, or the user is unknown', async () => {
    for (const principal of [
      userA('municipality_editor'),
      userA('municipality_admin', ids.b),
      userA('municipality_admin', null),
      { ...userA(), id: '00000000-0000-4000-8000-000000000000' },
      { kind: 'api_key' as const, id: ids.userA, municipalityId: ids.a },
    ]) {
      await expect(
        scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a }, principal).transaction((tx) =>
          tx.select().from(users),
        ),
      ).rejects.toMatchObject({ cause: { code: '28000' } });
    }
  });

  it('cannot be called by anyone but the application role', async () => {
    const { rows } = await db.execute<{ granted: boolean }>(
      sql`select has_function_privilege('public', 'app_check_principal(text, uuid, text, uuid)', 'execute') as granted`,
    );
    expect(rows[0]!.granted).toBe(false);
  });
});
