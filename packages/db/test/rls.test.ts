import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ROLE,
  apiKeys,
  auditEvents,
  type Database,
  municipalities,
  refreshTokens,
  scopedDatabase,
  users,
} from '../src/index.js';
import {
  insertMunicipalities,
  insertMunicipalityAdmins,
  type OwnerDatabase,
  openTestDatabase,
} from './support/fixtures.js';

let owner: OwnerDatabase;
let db: Database;
const ids = { a: '', b: '', userA: '', userB: '', sessionA: randomUUID(), sessionB: randomUUID() };

/** A sign-in (one refresh-token family) of a user; the family id is the session id. */
const openSession = (userId: string, municipalityId: string, familyId: string) =>
  db.insert(refreshTokens).values({
    userId,
    municipalityId,
    familyId,
    tokenHash: randomUUID(),
    expiresAt: new Date(Date.now() + 86_400_000),
  });

beforeAll(async () => {
  owner = await openTestDatabase();
  db = owner.db;
  // Fixtures as the owner, which RLS does not restrict.
  [ids.a, ids.b] = await insertMunicipalities(db, 'a', 'b');
  [ids.userA, ids.userB] = await insertMunicipalityAdmins(db, ['a', ids.a], ['b', ids.b]);
  await openSession(ids.userA, ids.a, ids.sessionA);
  await openSession(ids.userB, ids.b, ids.sessionB);
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
  const userA = (
    role = 'municipality_admin',
    municipalityId: string | null = ids.a,
    sessionId = ids.sessionA,
  ) => ({
    kind: 'user' as const,
    id: ids.userA,
    role,
    municipalityId,
    sessionId,
  });
  const rejects = (principal: Parameters<typeof scopedDatabase>[2], municipalityId = ids.a) =>
    expect(
      scopedDatabase(db, { kind: 'tenant', municipalityId }, principal).transaction((tx) =>
        tx.select().from(users),
      ),
    ).rejects.toMatchObject({ cause: { code: '28000' } });
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

  it("raises 28000 for an unknown session, another user's session, or a session without a token", async () => {
    await rejects(userA('municipality_admin', ids.a, randomUUID()));
    await rejects(userA('municipality_admin', ids.a, ids.sessionB));
  });

  it('raises 28000 once any token of the session was revoked, whatever tokens came after it', async () => {
    const session = randomUUID();
    await openSession(ids.userA, ids.a, session);
    await scopedDatabase(
      db,
      { kind: 'tenant', municipalityId: ids.a },
      userA(undefined, undefined, session),
    ).transaction((tx) => tx.select().from(users));
    await db.update(refreshTokens).set({ revokedAt: new Date() }).where(eq(refreshTokens.familyId, session));
    // A refresh that raced the revocation left a token the revoking statement did not see.
    await openSession(ids.userA, ids.a, session);
    await rejects(userA(undefined, undefined, session));
    // Other sessions of the same user are untouched.
    await scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a }, userA()).transaction((tx) =>
      tx.select().from(users),
    );
  });

  it('raises 28000 for the users and keys of a deleted municipality', async () => {
    const [c] = await insertMunicipalities(db, 'c');
    const [userC] = await insertMunicipalityAdmins(db, ['c', c!]);
    const sessionC = randomUUID();
    await openSession(userC!, c!, sessionC);
    const [key] = await db
      .insert(apiKeys)
      .values({
        name: 'c',
        prefix: 'wst_c',
        keyHash: randomUUID(),
        scopes: ['municipality:read'],
        municipalityId: c!,
      })
      .returning();
    const user = {
      kind: 'user' as const,
      id: userC!,
      role: 'municipality_admin',
      municipalityId: c!,
      sessionId: sessionC,
    };
    const apiKey = { kind: 'api_key' as const, id: key!.id, municipalityId: c! };
    for (const principal of [user, apiKey]) {
      await scopedDatabase(db, { kind: 'tenant', municipalityId: c! }, principal).transaction((tx) =>
        tx.select().from(users),
      );
    }
    await db.update(municipalities).set({ deletedAt: new Date() }).where(eq(municipalities.id, c!));
    await rejects(user, c!);
    await rejects(apiKey, c!);
  });

  it('cannot be called by anyone but the application role', async () => {
    const { rows } = await db.execute<{ granted: boolean; old: boolean }>(
      sql`select has_function_privilege('public', 'app_check_principal(text, uuid, text, uuid, uuid)', 'execute') as granted,
        to_regprocedure('app_check_principal(text, uuid, text, uuid)') is not null as old`,
    );
    expect(rows[0]).toEqual({ granted: false, old: false });
  });
});
