import { auditEvents, strategies, strategyFields } from '@werkstatt/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let otherProgram: TestProgram;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 4);
  otherProgram = await createProgram(h, 2);
});
afterAll(() => h.close());

async function newMunicipalityAdmin(): Promise<{ mid: string; admin: TestUser }> {
  const m = await h.municipality();
  return { mid: m.id, admin: await h.user('municipality_admin', m.id) };
}

const getStrategy = (token: string, mid: string) =>
  h.request({ method: 'GET', url: `/v1/municipalities/${mid}/strategy`, token });

describe('strategy: create and read', () => {
  it('is 404 before it exists; PUT creates it (201, Location, ETag, audit) without If-Match', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const missing = await getStrategy(admin.token, mid);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');

    const [f1, f2, f3] = program.fields;
    const res = await putStrategy(h, admin.token, mid, strategyBody(program.id, [f3!.id, f1!.id, f2!.id]));
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/v1/municipalities/${mid}/strategy`);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    const created = res.json();
    expect(created).toMatchObject({
      municipalityId: mid,
      programId: program.id,
      status: 'draft',
      visibility: 'private',
      adoptedOn: null,
    });
    // The order of the body is the priority.
    expect(
      created.fields.map((f: { actionFieldId: string; priority: number }) => [f.actionFieldId, f.priority]),
    ).toEqual([
      [f3!.id, 1],
      [f1!.id, 2],
      [f2!.id, 3],
    ]);
    expect(created.fields[0]).toMatchObject({
      actionFieldTitle: f3!.title,
      maturityNow: 1,
      maturityTarget: 3,
    });

    const read = await getStrategy(admin.token, mid);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);
    expect(read.headers.etag).toBe(res.headers.etag);
    const notModified = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${mid}/strategy`,
      token: admin.token,
      headers: { 'if-none-match': read.headers.etag as string },
    });
    expect(notModified.statusCode).toBe(304);

    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(events).toMatchObject([
      { action: 'strategy.created', actorId: admin.id, municipalityId: mid, before: null },
    ]);
    expect((events[0]!.after as { fields: unknown[] }).fields).toHaveLength(3);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const [f1] = program.fields;
    const bad = [
      { ...strategyBody(program.id, [f1!.id]), vision: 'x'.repeat(20_001) },
      { ...strategyBody(program.id, [f1!.id]), unknown: true },
      strategyBody(program.id, [f1!.id, f1!.id]),
      {
        ...strategyBody(program.id, []),
        fields: [{ actionFieldId: f1!.id, maturityNow: 5 }],
      },
      {
        ...strategyBody(program.id, []),
        fields: [{ actionFieldId: f1!.id, maturityNow: 3, maturityTarget: 2 }],
      },
      { ...strategyBody(program.id, []), status: 'beschlossen' },
      { ...strategyBody(program.id, []), title: '' },
    ];
    for (const body of bad) {
      const res = await putStrategy(h, admin.token, mid, body);
      expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect(await h.owner.select().from(strategies).where(eq(strategies.municipalityId, mid))).toEqual([]);
  });

  it('only accepts an existing program and action fields of that program (422)', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const foreignField = otherProgram.fields[0]!.id;
    const res = await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody(program.id, [program.fields[0]!.id, foreignField]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'unknown_action_field',
      errors: [{ path: 'body.fields.1.actionFieldId' }],
    });
    const noProgram = await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody('0190f1c2-7a1b-7cde-8f00-123456789abc', []),
    );
    expect(noProgram.statusCode).toBe(422);
    expect(noProgram.json().code).toBe('unknown_program');
    expect(await h.owner.select().from(strategies).where(eq(strategies.municipalityId, mid))).toEqual([]);
  });
});

describe('strategy: adopting', () => {
  it('needs at least one chosen field and adoptedOn (422 strategy_not_adoptable)', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const noFields = await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody(program.id, [], { status: 'adopted', adoptedOn: '2027-02-14' }),
    );
    expect(noFields.statusCode).toBe(422);
    expect(noFields.json()).toMatchObject({
      code: 'strategy_not_adoptable',
      errors: [{ path: 'body.fields' }],
    });
    const noDate = await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody(program.id, [program.fields[0]!.id], { status: 'adopted' }),
    );
    expect(noDate.statusCode).toBe(422);
    expect(noDate.json()).toMatchObject({
      code: 'strategy_not_adoptable',
      errors: [{ path: 'body.adoptedOn' }],
    });
    expect(await h.owner.select().from(strategies).where(eq(strategies.municipalityId, mid))).toEqual([]);

    const draft = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
    expect(draft.statusCode).toBe(201);
    const adopted = await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody(program.id, [program.fields[0]!.id], {
        status: 'adopted',
        adoptedOn: '2027-02-14',
        councilResolution: 'Ratsbeschluss 2027/045',
        nextReviewOn: '2029-02-14',
      }),
      draft.headers.etag as string,
    );
    expect(adopted.statusCode).toBe(200);
    expect(adopted.json()).toMatchObject({
      status: 'adopted',
      adoptedOn: '2027-02-14',
      councilResolution: 'Ratsbeschluss 2027/045',
      nextReviewOn: '2029-02-14',
    });
  });
});

describe('strategy: lost updates', () => {
  it('PUT on an existing strategy without If-Match is 428 and changes nothing', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const created = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
    const res = await putStrategy(h, admin.token, mid, {
      ...strategyBody(program.id, []),
      title: 'Überschrieben',
    });
    expect(res.statusCode).toBe(428);
    expect(res.json()).toMatchObject({ code: 'precondition_required', status: 428 });
    const [row] = await h.owner.select().from(strategies).where(eq(strategies.municipalityId, mid));
    expect(row!.title).toBe(created.json().title);
    expect(
      await h.owner.select().from(strategyFields).where(eq(strategyFields.municipalityId, mid)),
    ).toHaveLength(1);
  });

  it('a stale If-Match is 412 with the current representation; the current one applies', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const created = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
    const etag = created.headers.etag as string;
    const first = await putStrategy(
      h,
      admin.token,
      mid,
      { ...strategyBody(program.id, [program.fields[1]!.id]), title: 'Erste Fassung' },
      etag,
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).not.toBe(etag);
    const stale = await putStrategy(
      h,
      admin.token,
      mid,
      { ...strategyBody(program.id, []), title: 'Verlorene Änderung' },
      etag,
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({
      code: 'precondition_failed',
      current: first.json(),
      currentEtag: first.headers.etag,
    });
    const read = await getStrategy(admin.token, mid);
    expect(read.json()).toEqual(first.json());
  });

  it('two concurrent PUTs with the same ETag: one 200, one 412', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const editor = await h.user('municipality_editor', mid);
    const created = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
    const etag = created.headers.etag as string;
    const results = await Promise.all([
      putStrategy(h, admin.token, mid, { ...strategyBody(program.id, []), title: 'Fassung Anna' }, etag),
      putStrategy(h, editor.token, mid, { ...strategyBody(program.id, []), title: 'Fassung Jürgen' }, etag),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const [row] = await h.owner.select().from(strategies).where(eq(strategies.municipalityId, mid));
    expect(row!.title).toBe(winner.title);
    const updates = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, row!.id), eq(auditEvents.action, 'strategy.updated')));
    expect(updates).toHaveLength(1);
  });

  it('two concurrent creating PUTs: one 201, the other 428 (it exists now)', async () => {
    const { mid, admin } = await newMunicipalityAdmin();
    const results = await Promise.all([
      putStrategy(h, admin.token, mid, { ...strategyBody(program.id, []), title: 'A' }),
      putStrategy(h, admin.token, mid, { ...strategyBody(program.id, []), title: 'B' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 428]);
    expect(await h.owner.select().from(strategies).where(eq(strategies.municipalityId, mid))).toHaveLength(1);
  });
});
