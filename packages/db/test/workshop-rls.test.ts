import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  registrations,
  scopedDatabase,
  workshopMunicipalities,
  workshops,
} from '../src/index.js';
import {
  insertMunicipalities,
  insertProgram,
  type OwnerDatabase,
  openTestDatabase,
} from './support/fixtures.js';

let owner: OwnerDatabase;
let db: Database;
const ids = { a: '', b: '', c: '', shared: '', ofC: '' };

/** A workshop for the given municipalities (host first), each with one participant, as the owner. */
async function seedWorkshop(programId: string, municipalityIds: string[], day: string) {
  const [w] = await db
    .insert(workshops)
    .values({
      programId,
      municipalityId: municipalityIds[0]!,
      municipalityIds,
      title: `Werkstatt ${day}`,
      format: 'online',
      onlineUrl: 'https://meet.example.org/w',
      startsAt: new Date(`${day}T08:00:00Z`),
      endsAt: new Date(`${day}T16:00:00Z`),
      capacity: 30,
      status: 'published',
    })
    .returning();
  await db
    .insert(workshopMunicipalities)
    .values(municipalityIds.map((m) => ({ workshopId: w!.id, municipalityId: m })));
  await db.insert(registrations).values(
    municipalityIds.map((m) => ({
      workshopId: w!.id,
      municipalityId: m,
      firstName: 'Erika',
      lastName: 'Mustermann',
      email: `erika-${m}@example.org`,
      role: 'citizen' as const,
      status: 'confirmed' as const,
    })),
  );
  return w!.id;
}

beforeAll(async () => {
  owner = await openTestDatabase();
  db = owner.db;
  [ids.a, ids.b, ids.c] = await insertMunicipalities(db, 'a', 'b', 'c');
  const { programId } = await insertProgram(db);
  // A hosts, B takes part; C has a workshop of its own.
  ids.shared = await seedWorkshop(programId, [ids.a, ids.b], '2031-05-05');
  ids.ofC = await seedWorkshop(programId, [ids.c], '2031-05-06');
});

afterAll(() => owner.close());

describe('row-level security on the workshop tables', () => {
  it('a participating municipality sees the shared workshop it does not host, and not the others', async () => {
    const seen = await scopedDatabase(db, { kind: 'tenant', municipalityId: ids.b }).transaction(
      async (tx) => ({
        workshops: await tx.select({ id: workshops.id }).from(workshops),
        parts: await tx.select().from(workshopMunicipalities),
        registrations: await tx.select().from(registrations),
      }),
    );
    expect(seen.workshops.map((w) => w.id)).toEqual([ids.shared]);
    // Its own part of the shared workshop only: A's quota and count are not B's business.
    expect(seen.parts.map((p) => [p.workshopId, p.municipalityId])).toEqual([[ids.shared, ids.b]]);
    // A's participant in the very same workshop is invisible to B.
    expect(seen.registrations.map((r) => [r.workshopId, r.municipalityId])).toEqual([[ids.shared, ids.b]]);
  });

  it('the host sees the shared workshop but not the workshop of another municipality', async () => {
    const seen = await scopedDatabase(db, { kind: 'tenant', municipalityId: ids.a }).transaction((tx) =>
      tx.select({ id: workshops.id }).from(workshops),
    );
    expect(seen.map((w) => w.id)).toEqual([ids.shared]);
  });

  it("a municipality can neither write nor change another municipality's participants", async () => {
    const tenantB = scopedDatabase(db, { kind: 'tenant', municipalityId: ids.b });
    await expect(
      tenantB.transaction((tx) =>
        tx.insert(registrations).values({
          workshopId: ids.shared,
          municipalityId: ids.a,
          firstName: 'Fremd',
          lastName: 'Eingetragen',
          email: 'fremd@example.org',
          role: 'other',
          status: 'confirmed',
        }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    const changed = await tenantB.transaction((tx) =>
      tx
        .update(registrations)
        .set({ note: 'geändert' })
        .where(sql`true`)
        .returning({ m: registrations.municipalityId }),
    );
    expect(changed.map((r) => r.m)).toEqual([ids.b]);
    const untouched = await db
      .select()
      .from(registrations)
      .where(sql`${registrations.municipalityId} = ${ids.a}`);
    expect(untouched.map((r) => r.note)).toEqual(['']);
  });

  it('the public scope sees scheduled workshops but no part or participant; the platform sees all', async () => {
    const seen = await scopedDatabase(db, { kind: 'public' }).transaction(
      async (tx) =>
        (
          await tx.execute(sql`
            select (select count(*) from workshops)::int as workshops,
              (select count(*) from workshops where status = 'draft')::int as drafts,
              (select count(*) from workshop_municipalities)::int + (select count(*) from registrations)::int as private`)
        ).rows[0],
    );
    // Published workshops are public (the public feed, migration 0028); drafts, parts and people are not.
    const [{ n: scheduled }] = (
      await db.execute(sql`select count(*)::int as n from workshops where status <> 'draft'`)
    ).rows as [{ n: number }];
    expect(scheduled).toBeGreaterThan(0);
    expect(seen).toEqual({ workshops: scheduled, drafts: 0, private: 0 });
    const all = await scopedDatabase(db, { kind: 'platform' }).transaction((tx) =>
      tx.select({ id: registrations.id }).from(registrations),
    );
    expect(all).toHaveLength(3);
  });
});
