import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  ideas,
  measureSteps,
  measures,
  scopedDatabase,
  strategies,
  strategyFields,
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
const ids = { a: '', b: '', measureB: '', strategyB: '' };

/** One strategy with a field, an idea, a measure with a step and a version, written as the owner. */
async function seedStrategy(municipalityId: string, programId: string, fieldId: string) {
  const [strategy] = await db
    .insert(strategies)
    .values({ municipalityId, programId, title: `Strategie ${municipalityId}` })
    .returning();
  await db
    .insert(strategyFields)
    .values({ municipalityId, strategyId: strategy!.id, actionFieldId: fieldId, priority: 1 });
  const [idea] = await db
    .insert(ideas)
    .values({ municipalityId, actionFieldId: fieldId, title: 'Idee' })
    .returning();
  const [measure] = await db
    .insert(measures)
    .values({ municipalityId, actionFieldId: fieldId, originIdeaId: idea!.id, rank: 1, title: 'Maßnahme' })
    .returning();
  await db
    .insert(measureSteps)
    .values({ municipalityId, measureId: measure!.id, title: 'Schritt', position: 1 });
  await db
    .insert(strategyVersions)
    .values({ municipalityId, strategyId: strategy!.id, number: 1, label: 'Fassung', snapshot: {} });
  return { strategyId: strategy!.id, measureId: measure!.id };
}

beforeAll(async () => {
  owner = await openTestDatabase();
  db = owner.db;
  [ids.a, ids.b] = await insertMunicipalities(db, 'a', 'b');
  const { programId, fieldId } = await insertProgram(db);
  await seedStrategy(ids.a, programId, fieldId);
  const b2 = await seedStrategy(ids.b, programId, fieldId);
  ids.measureB = b2.measureId;
  ids.strategyB = b2.strategyId;
});

afterAll(() => owner.close());

describe('row-level security on the strategy tables', () => {
  it('a tenant reading without any WHERE sees only its own rows in every table', async () => {
    const seen = await scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a }).transaction(
      async (tx) => ({
        strategies: await tx.select().from(strategies),
        strategyFields: await tx.select().from(strategyFields),
        ideas: await tx.select().from(ideas),
        measures: await tx.select().from(measures),
        measureSteps: await tx.select().from(measureSteps),
        strategyVersions: await tx.select().from(strategyVersions),
      }),
    );
    for (const [table, rows] of Object.entries(seen)) {
      expect(
        rows.map((r) => r.municipalityId),
        table,
      ).toEqual([ids.a]);
    }
  });

  it('public scope sees none of them', async () => {
    const counts = await scopedDatabase(db, { kind: 'public' }).transaction(async (tx) => {
      const r = await tx.execute(sql`
        select (select count(*) from strategies)::int + (select count(*) from strategy_fields)::int
          + (select count(*) from ideas)::int + (select count(*) from measures)::int
          + (select count(*) from measure_steps)::int + (select count(*) from strategy_versions)::int as n`);
      return r.rows[0];
    });
    expect(counts).toEqual({ n: 0 });
  });

  it('a tenant cannot attach a step to another municipality’s measure, nor write rows for it', async () => {
    const tenantA = scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a });
    // Own municipality id, foreign measure: the composite foreign key refuses it.
    await expect(
      tenantA.transaction((tx) =>
        tx
          .insert(measureSteps)
          .values({ municipalityId: ids.a, measureId: ids.measureB, title: 'x', position: 2 }),
      ),
    ).rejects.toMatchObject({ cause: { code: '23503' } });
    // Foreign municipality id: row-level security refuses it.
    await expect(
      tenantA.transaction((tx) =>
        tx
          .insert(measureSteps)
          .values({ municipalityId: ids.b, measureId: ids.measureB, title: 'x', position: 2 }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    const updated = await tenantA.transaction((tx) =>
      tx.update(measures).set({ title: 'Übernommen' }).where(sql`true`).returning({ id: measures.id }),
    );
    expect(updated).toHaveLength(1);
    const [foreign] = await db.select().from(measures).where(sql`${measures.id} = ${ids.measureB}`);
    expect(foreign!.title).toBe('Maßnahme');
  });

  it('versions are append-only for the application, even for the program office', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    await expect(
      platform.transaction((tx) => tx.update(strategyVersions).set({ label: 'Geändert' })),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    await expect(platform.transaction((tx) => tx.delete(strategyVersions))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) },
    });
    const inserted = await platform.transaction((tx) =>
      tx
        .insert(strategyVersions)
        .values({ municipalityId: ids.b, strategyId: ids.strategyB, number: 2, label: 'Neu', snapshot: {} })
        .returning({ id: strategyVersions.id }),
    );
    expect(inserted).toHaveLength(1);
  });

  it('public scope sees a public strategy with its chosen fields, live measures and their steps, read-only, and nothing else', async () => {
    await db.update(strategies).set({ visibility: 'public' }).where(sql`${strategies.id} = ${ids.strategyB}`);
    const publicScope = scopedDatabase(db, { kind: 'public' });
    const read = () =>
      publicScope.transaction(async (tx) => ({
        strategies: await tx.select().from(strategies),
        measures: await tx.select().from(measures),
        fields: await tx.select().from(strategyFields),
        steps: await tx.select().from(measureSteps),
        hidden: (
          await tx.execute(sql`
          select (select count(*) from ideas)::int + (select count(*) from strategy_versions)::int
            + (select count(*) from review_reminders)::int as n`)
        ).rows[0],
      }));
    const seen = await read();
    expect(seen.strategies.map((r) => r.id)).toEqual([ids.strategyB]);
    expect(seen.measures.map((r) => r.id)).toEqual([ids.measureB]);
    // Municipality A's strategy is not public: none of its fields or steps.
    expect(seen.fields.map((r) => r.municipalityId)).toEqual([ids.b]);
    expect(seen.steps.map((r) => r.measureId)).toEqual([ids.measureB]);
    expect(seen.hidden).toEqual({ n: 0 });
    const fieldsUpdated = await publicScope.transaction((tx) =>
      tx
        .update(strategyFields)
        .set({ goal: 'Übernommen' })
        .where(sql`true`)
        .returning({ id: strategyFields.id }),
    );
    expect(fieldsUpdated).toEqual([]);
    // Nothing is writable in the public scope, not even rows it can read.
    const updated = await publicScope.transaction((tx) =>
      tx.update(measures).set({ title: 'Übernommen' }).where(sql`true`).returning({ id: measures.id }),
    );
    expect(updated).toEqual([]);
    // A deleted measure of a public strategy is gone from the public scope.
    await db.update(measures).set({ deletedAt: new Date() }).where(sql`${measures.id} = ${ids.measureB}`);
    const afterDelete = await publicScope.transaction((tx) => tx.select().from(measures));
    expect(afterDelete).toEqual([]);
    // ... and so are its steps.
    expect(await publicScope.transaction((tx) => tx.select().from(measureSteps))).toEqual([]);
    // Private again: nothing of it in the public scope any more.
    await db
      .update(strategies)
      .set({ visibility: 'private' })
      .where(sql`${strategies.id} = ${ids.strategyB}`);
    const internal = await read();
    expect([internal.strategies, internal.fields, internal.steps]).toEqual([[], [], []]);
    // Tenants keep seeing only their own rows.
    const tenantA = await scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a }).transaction((tx) =>
      tx.select().from(strategies),
    );
    expect(tenantA.map((r) => r.municipalityId)).toEqual([ids.a]);
  });
});
