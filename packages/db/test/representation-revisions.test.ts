import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionFields,
  apiKeys,
  createDatabase,
  createPool,
  type Database,
  measureSteps,
  measures,
  municipalities,
  representationRevisions,
  scopedDatabase,
  strategies,
  strategyFields,
} from '../src/index.js';
import {
  insertMunicipalities,
  insertProgram,
  type OwnerDatabase,
  openTestDatabase,
} from './support/fixtures.js';

let owner: OwnerDatabase;
let db: Database;
const ids = { a: '', b: '', program: '', field: '', strategyA: '', measureA: '', keyA: '' };
const CATALOG = '00000000-0000-0000-0000-000000000000';

const revisions = async (): Promise<Record<string, number>> =>
  Object.fromEntries(
    (await db.select().from(representationRevisions)).map((r) => [r.municipalityId, r.revision]),
  );

/** How each scope's revision moved while fn ran (only the ones that moved). */
async function bumpsOf(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await revisions();
  await fn();
  const after = await revisions();
  return Object.fromEntries(
    Object.entries(after)
      .map(([scope, revision]) => [scope, revision - (before[scope] ?? 0)] as const)
      .filter(([, moved]) => moved !== 0),
  );
}

const tenantA = () =>
  scopedDatabase(
    db,
    { kind: 'tenant', municipalityId: ids.a },
    { kind: 'api_key', id: ids.keyA, municipalityId: ids.a },
  );

beforeAll(async () => {
  owner = await openTestDatabase();
  db = owner.db;
  [ids.a, ids.b] = await insertMunicipalities(db, 'a', 'b');
  ({ programId: ids.program, fieldId: ids.field } = await insertProgram(db));
  const [strategy] = await db
    .insert(strategies)
    .values({ municipalityId: ids.a, programId: ids.program, title: 'Strategie A' })
    .returning();
  ids.strategyA = strategy!.id;
  const [measure] = await db
    .insert(measures)
    .values({ municipalityId: ids.a, actionFieldId: ids.field, rank: 1, title: 'Maßnahme' })
    .returning();
  ids.measureA = measure!.id;
  const [key] = await db
    .insert(apiKeys)
    .values({
      name: 'Portal',
      prefix: 'wst_abcdefgh',
      keyHash: 'x',
      scopes: ['municipality:read'],
      municipalityId: ids.a,
    })
    .returning();
  ids.keyA = key!.id;
});

afterAll(() => owner.close());

describe('representation revisions (migration 0017)', () => {
  it('a committed change to any table behind the cached reads bumps its municipality once', async () => {
    const changes: Array<[string, () => Promise<unknown>]> = [
      [
        'municipality',
        () => db.update(municipalities).set({ name: 'VG A' }).where(eq(municipalities.id, ids.a)),
      ],
      ['strategy', () => db.update(strategies).set({ title: 'Neu' }).where(eq(strategies.id, ids.strategyA))],
      [
        'chosen field',
        () =>
          db.insert(strategyFields).values({
            municipalityId: ids.a,
            strategyId: ids.strategyA,
            actionFieldId: ids.field,
            priority: 1,
          }),
      ],
      [
        'chosen field removed',
        () => db.delete(strategyFields).where(eq(strategyFields.strategyId, ids.strategyA)),
      ],
      ['measure', () => db.update(measures).set({ progress: 10 }).where(eq(measures.id, ids.measureA))],
      [
        'step',
        () =>
          db
            .insert(measureSteps)
            .values({ municipalityId: ids.a, measureId: ids.measureA, title: 'Schritt', position: 1 }),
      ],
      ['step removed', () => db.delete(measureSteps).where(eq(measureSteps.measureId, ids.measureA))],
    ];
    for (const [what, change] of changes) {
      expect(await bumpsOf(change), what).toEqual({ [ids.a]: 1 });
    }
  });

  it('a change to the action-field catalog bumps the catalog revision', async () => {
    expect(
      await bumpsOf(() =>
        db.update(actionFields).set({ title: 'Infrastruktur' }).where(eq(actionFields.id, ids.field)),
      ),
    ).toEqual({ [CATALOG]: 1 });
  });

  it('bumps at commit: many rows once, nothing for a rollback, visible with the change', async () => {
    const inserted = await bumpsOf(() =>
      db.insert(measures).values(
        Array.from({ length: 50 }, (_, i) => ({
          municipalityId: ids.b,
          actionFieldId: ids.field,
          rank: i + 1,
          title: `Maßnahme ${i + 1}`,
        })),
      ),
    );
    expect(inserted).toEqual({ [ids.b]: 1 });

    const rolledBack = await bumpsOf(() =>
      db
        .transaction(async (tx) => {
          await tx.update(measures).set({ progress: 50 }).where(eq(measures.municipalityId, ids.b));
          tx.rollback();
        })
        .catch(() => undefined),
    );
    expect(rolledBack).toEqual({});

    // Until COMMIT the revision is unchanged, even inside the writing transaction.
    await db.transaction(async (tx) => {
      const before = await tx
        .select()
        .from(representationRevisions)
        .where(eq(representationRevisions.municipalityId, ids.b));
      await tx.update(measures).set({ progress: 60 }).where(eq(measures.municipalityId, ids.b));
      const during = await tx
        .select()
        .from(representationRevisions)
        .where(eq(representationRevisions.municipalityId, ids.b));
      expect(during).toEqual(before);
    });
  });

  it('the functions run as werkstatt_definer, whom RLS binds to the caller’s scope', async () => {
    // The tests connect as a superuser; the functions must not run with its rights (migration 0022).
    const { rows } = await db.execute<{ owner: string }>(
      sql`select distinct pg_get_userbyid(proowner) as owner from pg_proc
          where proname in ('app_bump_representation_revision', 'app_representation_tag')`,
    );
    expect(rows).toEqual([{ owner: 'werkstatt_definer' }]);
    const moved = await bumpsOf(() =>
      tenantA().transaction((tx) =>
        tx.update(measures).set({ progress: 30 }).where(eq(measures.id, ids.measureA)),
      ),
    );
    expect(moved).toEqual({ [ids.a]: 1 });
    const before = await revisions();
    expect(await tenantA().representationTag(ids.a)).toMatch(
      new RegExp(`^${before[ids.a]! + (before[CATALOG] ?? 0)}@`),
    );
  });

  it('a write without a scope (the owner: migrations, demo data) still bumps', async () => {
    const moved = await bumpsOf(() =>
      db.update(measures).set({ progress: 35 }).where(eq(measures.id, ids.measureA)),
    );
    expect(moved).toEqual({ [ids.a]: 1 });
  });

  it('the application role writes through the triggers but cannot touch the counters itself', async () => {
    const moved = await bumpsOf(() =>
      tenantA().transaction((tx) =>
        tx.update(measures).set({ progress: 20 }).where(eq(measures.id, ids.measureA)),
      ),
    );
    expect(moved).toEqual({ [ids.a]: 1 });
    await expect(
      tenantA().transaction((tx) => tx.select().from(representationRevisions)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    await expect(
      tenantA().transaction((tx) =>
        tx
          .update(representationRevisions)
          .set({ revision: 0 })
          .where(eq(representationRevisions.municipalityId, ids.b)),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });
});

describe('the representation tag', () => {
  it('is the municipality and catalog revisions plus the date in Germany, and moves with a change', async () => {
    const tag = await tenantA().representationTag(ids.a);
    const { rows } = await db.execute<{ today: string; sum: string }>(
      sql`select ((now() at time zone 'Europe/Berlin')::date)::text as today,
        (select sum(revision) from representation_revisions where municipality_id in (${ids.a}::uuid, ${CATALOG}::uuid))::text as sum`,
    );
    expect(tag).toBe(`${rows[0]!.sum}@${rows[0]!.today}`);
    await db
      .update(actionFields)
      .set({ title: 'Digitale Infrastruktur' })
      .where(eq(actionFields.id, ids.field));
    expect(await tenantA().representationTag(ids.a)).not.toBe(tag);
  });

  it('answers no other municipality’s revision: not in the public scope, not to another tenant', async () => {
    await db
      .update(municipalities)
      .set({ name: 'Verbandsgemeinde B neu' })
      .where(eq(municipalities.id, ids.b));
    const revisionsNow = await revisions();
    expect(revisionsNow[ids.b]).toBeGreaterThan(0);
    const today = (await tenantA().representationTag(ids.a)).split('@')[1];
    const unknown = '11111111-1111-4111-8111-111111111111';

    const publicScope = scopedDatabase(db, { kind: 'public' });
    expect(await publicScope.representationTag(ids.b)).toBe(`0@${today}`);
    expect(await publicScope.representationTag(ids.b)).toBe(await publicScope.representationTag(unknown));
    // Tenant A sees the catalog's revision only, whichever municipality it asks for.
    expect(await tenantA().representationTag(ids.b)).toBe(`${revisionsNow[CATALOG] ?? 0}@${today}`);
  });

  it('re-checks the principal and leaves no setting behind on the connection', async () => {
    const single = createPool({ connectionString: owner.testDb.url, max: 1 });
    const one = createDatabase(single);
    try {
      const scoped = scopedDatabase(
        one,
        { kind: 'tenant', municipalityId: ids.a },
        { kind: 'api_key', id: ids.keyA, municipalityId: ids.a },
      );
      await scoped.representationTag(ids.a);
      // The same (only) connection is back to the owner, with no scope: the settings were the
      // statement's own.
      const { rows } = await one.execute<{ owner: boolean; scope: string | null }>(
        sql`select current_user = session_user as owner, nullif(current_setting('app.scope', true), '') as scope`,
      );
      expect(rows[0]).toEqual({ owner: true, scope: null });

      await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, ids.keyA));
      await expect(scoped.representationTag(ids.a)).rejects.toMatchObject({ cause: { code: '28000' } });
    } finally {
      await db.update(apiKeys).set({ revokedAt: null }).where(eq(apiKeys.id, ids.keyA));
      await single.end();
    }
  });

  it('a tagged transaction reads the tag before its data', async () => {
    const { tag, result } = await tenantA().taggedTransaction(ids.a, (tx) =>
      tx.select({ id: measures.id }).from(measures),
    );
    expect(tag).toBe(await tenantA().representationTag(ids.a));
    expect(result).toEqual([{ id: ids.measureA }]);
  });
});
