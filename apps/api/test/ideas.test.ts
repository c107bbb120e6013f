import { auditEvents, ideas, measures } from '@werkstatt/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let otherProgram: TestProgram;
let mid: string;
let admin: TestUser;
let viewer: TestUser;
let moderator: TestUser;

const url = (path = '') => `/v1/municipalities/${mid}/ideas${path}`;

async function createIdea(body: Record<string, unknown> = {}) {
  const res = await h.request({
    method: 'POST',
    url: url(),
    token: admin.token,
    payload: {
      title: 'Smartphone-Sprechstunde in der Bücherei',
      actionFieldId: program.fields[0]!.id,
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 3);
  otherProgram = await createProgram(h, 1);
  mid = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  viewer = await h.user('municipality_viewer', mid);
  moderator = await h.user('moderator');
});
afterAll(() => h.close());

describe('ideas', () => {
  it('need the strategy first (409 strategy_required)', async () => {
    const res = await h.request({
      method: 'POST',
      url: url(),
      token: admin.token,
      payload: { title: 'Zu früh', actionFieldId: program.fields[0]!.id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('strategy_required');
    const created = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
    expect(created.statusCode).toBe(201);
  });

  it('are created with defaults, a Location, an ETag and an audit event', async () => {
    const workshopId = '0190f1c2-7a1b-7cde-8f00-123456789abc';
    const res = await createIdea({
      description: 'Jugendliche helfen Älteren mit dem Smartphone.',
      sourceWorkshopId: workshopId,
      estimatedDuration: 'up_to_3_months',
      votes: 4,
    });
    const idea = res.json();
    expect(idea).toMatchObject({
      municipalityId: mid,
      status: 'new',
      votes: 4,
      sourceWorkshopId: workshopId,
      estimatedDuration: 'up_to_3_months',
      measureId: null,
      deletedAt: null,
    });
    expect(res.headers.location).toBe(url(`/${idea.id}`));
    expect(res.headers.etag).toBeTruthy();
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, idea.id));
    expect(events).toMatchObject([{ action: 'idea.created', actorId: admin.id, municipalityId: mid }]);
  });

  it('only take action fields of the strategy’s program and bounded input', async () => {
    const foreign = await h.request({
      method: 'POST',
      url: url(),
      token: admin.token,
      payload: { title: 'Fremdes Feld', actionFieldId: otherProgram.fields[0]!.id },
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({
      code: 'unknown_action_field',
      errors: [{ path: 'body.actionFieldId' }],
    });
    for (const payload of [
      { title: 'x'.repeat(201), actionFieldId: program.fields[0]!.id },
      { title: 'Dauer', actionFieldId: program.fields[0]!.id, estimatedDuration: 'ewig' },
      { title: 'Stimmen', actionFieldId: program.fields[0]!.id, votes: -1 },
      { title: 'Werkstatt', actionFieldId: program.fields[0]!.id, sourceWorkshopId: 'kein-uuid' },
      { title: 'Extra', actionFieldId: program.fields[0]!.id, priority: 1 },
    ]) {
      const res = await h.request({ method: 'POST', url: url(), token: admin.token, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('list by field and status with cursor pagination', async () => {
    const m2 = (await h.municipality()).id;
    const a2 = await h.user('municipality_admin', m2);
    await putStrategy(h, a2.token, m2, strategyBody(program.id, []));
    const [f1, f2] = program.fields;
    const make = (title: string, actionFieldId: string, status = 'new') =>
      h.request({
        method: 'POST',
        url: `/v1/municipalities/${m2}/ideas`,
        token: a2.token,
        payload: { title, actionFieldId, status },
      });
    for (const t of ['A', 'B', 'C']) await make(t, f1!.id);
    await make('D', f2!.id);
    await make('E', f1!.id, 'parked');

    const list = (qs: string) =>
      h.request({ method: 'GET', url: `/v1/municipalities/${m2}/ideas?${qs}`, token: a2.token });
    const byField = await list(`actionFieldId=${f1!.id}&status=new`);
    expect(byField.json().data.map((i: { title: string }) => i.title)).toEqual(['A', 'B', 'C']);
    const page1 = (await list('limit=2')).json();
    expect(page1.data.map((i: { title: string }) => i.title)).toEqual(['A', 'B']);
    const page2 = (await list(`limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.data.map((i: { title: string }) => i.title)).toEqual(['C', 'D']);
    const page3 = (await list(`limit=2&cursor=${page2.nextCursor}`)).json();
    expect(page3).toMatchObject({ data: [{ title: 'E' }], nextCursor: null });
  });

  it('PATCH and DELETE require If-Match (428), stale is 412; delete leaves a tombstone for sync', async () => {
    const idea = (await createIdea({ title: 'Digitale Dorfchronik' })).json();
    const noMatch = await h.request({
      method: 'PATCH',
      url: url(`/${idea.id}`),
      token: admin.token,
      payload: { status: 'parked' },
    });
    expect(noMatch.statusCode).toBe(428);
    const get = await h.request({ method: 'GET', url: url(`/${idea.id}`), token: admin.token });
    const etag = get.headers.etag as string;
    const ok = await h.request({
      method: 'PATCH',
      url: url(`/${idea.id}`),
      token: admin.token,
      headers: { 'if-match': etag },
      payload: { status: 'parked', estimatedDuration: 'up_to_1_year' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'parked', estimatedDuration: 'up_to_1_year' });
    const stale = await h.request({
      method: 'DELETE',
      url: url(`/${idea.id}`),
      token: admin.token,
      headers: { 'if-match': etag },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toEqual(ok.json());
    const noMatchDelete = await h.request({ method: 'DELETE', url: url(`/${idea.id}`), token: admin.token });
    expect(noMatchDelete.statusCode).toBe(428);

    const since = new Date(Date.now() - 60_000).toISOString();
    const deleted = await h.request({
      method: 'DELETE',
      url: url(`/${idea.id}`),
      token: admin.token,
      headers: { 'if-match': ok.headers.etag as string },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await h.request({ method: 'GET', url: url(`/${idea.id}`), token: admin.token })).statusCode).toBe(
      404,
    );
    const list = await h.request({ method: 'GET', url: url('?limit=200'), token: admin.token });
    expect(list.json().data.map((i: { id: string }) => i.id)).not.toContain(idea.id);
    const sync = await h.request({
      method: 'GET',
      url: url(`?limit=200&updatedSince=${encodeURIComponent(since)}`),
      token: admin.token,
    });
    const tombstone = sync.json().data.find((i: { id: string }) => i.id === idea.id);
    expect(tombstone.deletedAt).not.toBeNull();
  });
});

describe('sort=-votes', () => {
  it('lists most votes first, ties newest first, across pages without gaps or repeats', async () => {
    const field = program.fields[2]!.id;
    const made: { id: string; votes: number }[] = [];
    for (const votes of [2, 7, 0, 7, 3, 2, 9]) {
      const idea = (
        await createIdea({ title: `Idee mit ${votes} Punkten`, actionFieldId: field, votes })
      ).json();
      made.push({ id: idea.id, votes });
    }
    const expected = [...made].sort((a, b) => b.votes - a.votes || b.id.localeCompare(a.id)).map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.request({
        method: 'GET',
        url: url(`?actionFieldId=${field}&sort=-votes&limit=3${cursor ? `&cursor=${cursor}` : ''}`),
        token: viewer.token,
      });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().data.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(expected);
    expect(made.find((i) => i.id === seen[0])!.votes).toBe(9);

    // The default stays creation order.
    const plain = await h.request({
      method: 'GET',
      url: url(`?actionFieldId=${field}`),
      token: viewer.token,
    });
    expect(plain.json().data.map((i: { id: string }) => i.id)).toEqual(made.map((i) => i.id));
  });

  it('refuses sort with updatedSince, an unknown sort and a cursor of another order (400)', async () => {
    for (const query of ['?sort=-votes&updatedSince=2020-01-01T00:00:00Z', '?sort=votes', '?sort=title']) {
      const res = await h.request({ method: 'GET', url: url(query), token: viewer.token });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const plain = await h.request({ method: 'GET', url: url('?limit=1'), token: viewer.token });
    const res = await h.request({
      method: 'GET',
      url: url(`?limit=1&sort=-votes&cursor=${plain.json().nextCursor}`),
      token: viewer.token,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'cursor', message: 'Invalid cursor' }]);
  });
});

describe('votes', () => {
  it('count every concurrent vote exactly once and return the new count', async () => {
    const idea = (await createIdea({ title: 'Freies WLAN am Sportplatz' })).json();
    // Three people, each with the program's three dots for the field.
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        h.request({
          method: 'POST',
          url: url(`/${idea.id}/votes`),
          token: [admin, viewer, moderator][i % 3]!.token,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(9).fill(200));
    expect(results.map((r) => r.json().votes).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 9 }, (_, i) => i + 1),
    );
    const [row] = await h.owner.select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.votes).toBe(9);
    const [{ n }] = (await h.owner
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, idea.id), eq(auditEvents.action, 'idea.voted')))) as [
      { n: number },
    ];
    expect(n).toBe(9);
  });

  it('a retried vote with the same Idempotency-Key counts once', async () => {
    // Another field than the test above, whose votes used up the admin's dots there.
    const idea = (await createIdea({ title: 'Einmal zählen', actionFieldId: program.fields[1]!.id })).json();
    const vote = () =>
      h.request({
        method: 'POST',
        url: url(`/${idea.id}/votes`),
        token: admin.token,
        headers: { 'idempotency-key': 'dot-1' },
      });
    const first = await vote();
    const retry = await vote();
    expect(first.json()).toMatchObject({ ideaId: idea.id, votes: 1, myVotes: 1 });
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const [row] = await h.owner.select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.votes).toBe(1);
  });

  it('are cast by people, not API keys; not on ideas of another municipality', async () => {
    const idea = (await createIdea({ title: 'Bürger-App' })).json();
    const key = await h.apiKey(['municipality:write'], mid);
    const byKey = await h.request({ method: 'POST', url: url(`/${idea.id}/votes`), token: key.key });
    expect(byKey.statusCode).toBe(403);
    const other = await h.municipality();
    const outsider = await h.user('municipality_admin', other.id);
    const foreign = await h.request({ method: 'POST', url: url(`/${idea.id}/votes`), token: outsider.token });
    expect(foreign.statusCode).toBe(404);
    // The outsider's own municipality path with our idea id: not found either.
    const sideways = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${other.id}/ideas/${idea.id}/votes`,
      token: outsider.token,
    });
    expect(sideways.statusCode).toBe(404);
    const [row] = await h.owner.select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.votes).toBe(0);
  });
});

describe('promote', () => {
  it('creates a linked measure and marks the idea planned; a second promote is 409', async () => {
    const idea = (
      await createIdea({
        title: 'Digital-Botschafter',
        description: 'Ehrenamtliche helfen.',
        actionFieldId: program.fields[1]!.id,
      })
    ).json();
    const res = await h.request({ method: 'POST', url: url(`/${idea.id}/promote`), token: admin.token });
    expect(res.statusCode).toBe(201);
    const measure = res.json();
    expect(measure).toMatchObject({
      originIdeaId: idea.id,
      actionFieldId: program.fields[1]!.id,
      title: 'Digital-Botschafter',
      description: 'Ehrenamtliche helfen.',
      status: 'planned',
      rank: 1,
    });
    expect(res.headers.location).toBe(`/v1/municipalities/${mid}/measures/${measure.id}`);
    const after = await h.request({ method: 'GET', url: url(`/${idea.id}`), token: admin.token });
    expect(after.json()).toMatchObject({ status: 'planned', measureId: measure.id });
    const again = await h.request({ method: 'POST', url: url(`/${idea.id}/promote`), token: admin.token });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'idea_already_promoted', measureId: measure.id });
    const actions = (
      await h.owner
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.requestId, res.headers['x-request-id'] as string))
    )
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual(['idea.promoted', 'measure.created']);
  });

  it('two concurrent promotes: one measure, one 201 and one 409', async () => {
    const idea = (await createIdea({ title: 'Online-Marktplatz' })).json();
    const results = await Promise.all([
      h.request({ method: 'POST', url: url(`/${idea.id}/promote`), token: admin.token }),
      h.request({ method: 'POST', url: url(`/${idea.id}/promote`), token: admin.token }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const rows = await h.owner.select().from(measures).where(eq(measures.originIdeaId, idea.id));
    expect(rows).toHaveLength(1);
  });

  it('is atomic: when creating the measure fails, the idea stays as it was', async () => {
    const idea = (await createIdea({ title: 'Scheitert absichtlich' })).json();
    // A trigger (installed as the owner) makes the measure insert fail after the idea was updated.
    await h.owner.execute(sql`
      create function fail_measure_insert() returns trigger language plpgsql as $$
      begin
        if new.title = 'Scheitert absichtlich' then raise exception 'simulated failure'; end if;
        return new;
      end $$`);
    await h.owner.execute(
      sql`create trigger fail_measure_insert before insert on measures for each row execute function fail_measure_insert()`,
    );
    try {
      const res = await h.request({ method: 'POST', url: url(`/${idea.id}/promote`), token: admin.token });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal_error');
    } finally {
      await h.owner.execute(sql`drop trigger fail_measure_insert on measures`);
      await h.owner.execute(sql`drop function fail_measure_insert()`);
    }
    const [row] = await h.owner.select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.status).toBe('new');
    expect(await h.owner.select().from(measures).where(eq(measures.originIdeaId, idea.id))).toEqual([]);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, idea.id));
    expect(events.map((e) => e.action)).toEqual(['idea.created']);
  });

  it('a deleted idea cannot be promoted (404)', async () => {
    const created = await createIdea({ title: 'Verworfen' });
    await h.request({
      method: 'DELETE',
      url: url(`/${created.json().id}`),
      token: admin.token,
      headers: { 'if-match': created.headers.etag as string },
    });
    const res = await h.request({
      method: 'POST',
      url: url(`/${created.json().id}/promote`),
      token: admin.token,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('strategy program change', () => {
  it('is blocked (409) while ideas use fields of the current program', async () => {
    const get = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${mid}/strategy`,
      token: admin.token,
    });
    const res = await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody(otherProgram.id, []),
      get.headers.etag as string,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('program_change_blocked');
  });
});
