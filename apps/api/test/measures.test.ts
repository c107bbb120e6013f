import { auditEvents, measureSteps, measures } from '@werkstatt/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let admin: TestUser;

const url = (path = '') => `/v1/municipalities/${mid}/measures${path}`;

async function createMeasure(body: Record<string, unknown> = {}, municipality = mid, token = admin.token) {
  const res = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${municipality}/measures`,
    token,
    payload: { title: 'Freies WLAN im Bürgerhaus', actionFieldId: program.fields[0]!.id, ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

const get = (path: string, token = admin.token) => h.request({ method: 'GET', url: url(path), token });

async function patch(path: string, etag: string, payload: Record<string, unknown>) {
  return h.request({
    method: 'PATCH',
    url: url(path),
    token: admin.token,
    headers: { 'if-match': etag },
    payload,
  });
}

const etagOf = (res: LightMyRequestResponse) => res.headers.etag as string;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 3);
  mid = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
});
afterAll(() => h.close());

describe('measures as fact sheets', () => {
  it('are created with every fact-sheet field, ranked last in their field, and audited', async () => {
    const first = (await createMeasure({ title: 'Breitband-Bedarfsanalyse' })).json();
    const res = await createMeasure({
      description: 'Access Points im Bürgerhaus und am Dorfplatz.',
      lead: 'Bauamt',
      participants: 'Ortsgemeinden, Förderverein',
      targetGroup: 'Bürgerinnen und Bürger, Gäste',
      expectedResult: 'Freies WLAN an zwei zentralen Orten',
      resources: 'Zwei Tage Technik, Strom, Internetanschluss',
      startWindow: 'within_2_years',
      startDate: '2027-04-01',
      endDate: '2027-12-31',
      budgetCents: 1_250_000,
      fundingSource: 'Haushalt 2027',
      grantProgram: 'WiFi4EU',
      indicators: [
        {
          name: 'Zugangspunkte',
          unit: 'Anzahl',
          baseline: 0,
          target: 4,
          currentValue: 1,
          currentAsOf: '2027-06-30',
        },
        { name: 'Sitzungen pro Monat', target: 500 },
      ],
    });
    const m = res.json();
    expect(m).toMatchObject({
      rank: first.rank + 1,
      lead: 'Bauamt',
      startWindow: 'within_2_years',
      startDate: '2027-04-01',
      endDate: '2027-12-31',
      status: 'planned',
      progress: 0,
      progressSource: 'manual',
      budgetCents: 1_250_000,
      grantProgram: 'WiFi4EU',
      originIdeaId: null,
      indicators: [
        {
          name: 'Zugangspunkte',
          unit: 'Anzahl',
          baseline: 0,
          target: 4,
          currentValue: 1,
          currentAsOf: '2027-06-30',
        },
        {
          name: 'Sitzungen pro Monat',
          unit: null,
          baseline: null,
          target: 500,
          currentValue: null,
          currentAsOf: null,
        },
      ],
    });
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, m.id));
    expect(events).toMatchObject([{ action: 'measure.created', before: null }]);
    const read = await get(`/${m.id}`);
    expect(read.json()).toEqual(m);
    expect(etagOf(read)).toBe(etagOf(res));
  });

  it('reject invalid fact sheets with 400', async () => {
    const f = program.fields[0]!.id;
    for (const payload of [
      { title: 'Zeit', actionFieldId: f, startDate: '2027-05-01', endDate: '2027-04-30' },
      { title: 'Geld', actionFieldId: f, budgetCents: -1 },
      { title: 'Geld', actionFieldId: f, budgetCents: 10.5 },
      { title: 'Fortschritt', actionFieldId: f, progress: 101 },
      { title: 'Fenster', actionFieldId: f, startWindow: 'sofort' },
      { title: 'Kennzahl', actionFieldId: f, indicators: [{ name: 'x', currentValue: 3 }] },
      { title: 'Kennzahl', actionFieldId: f, indicators: [{ name: '' }] },
      { title: 'Kennzahl', actionFieldId: f, indicators: Array(21).fill({ name: 'x' }) },
      { title: 'Herkunft', actionFieldId: f, originIdeaId: '0190f1c2-7a1b-7cde-8f00-123456789abc' },
      { title: 'x'.repeat(201), actionFieldId: f },
    ]) {
      const res = await h.request({ method: 'POST', url: url(), token: admin.token, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('PATCH needs If-Match (428); a stale one is 412; end before start after merging is 400', async () => {
    const created = await createMeasure({ startDate: '2027-01-01', endDate: '2027-06-30' });
    const id = created.json().id;
    const noMatch = await h.request({
      method: 'PATCH',
      url: url(`/${id}`),
      token: admin.token,
      payload: { lead: 'IT' },
    });
    expect(noMatch.statusCode).toBe(428);
    const ok = await patch(`/${id}`, etagOf(created), { lead: 'IT', status: 'in_progress', progress: 40 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ lead: 'IT', status: 'in_progress', progress: 40 });
    const stale = await patch(`/${id}`, etagOf(created), { lead: 'Verloren' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toEqual(ok.json());
    const badDates = await patch(`/${id}`, etagOf(ok), { endDate: '2026-12-31' });
    expect(badDates.statusCode).toBe(400);
    const [row] = await h.owner.select().from(measures).where(eq(measures.id, id));
    expect(row).toMatchObject({ lead: 'IT', endDate: '2027-06-30' });
  });

  it('moving to another field appends it there unless a rank is given', async () => {
    const created = await createMeasure();
    const other = program.fields[1]!.id;
    const moved = await patch(`/${created.json().id}`, etagOf(created), { actionFieldId: other });
    expect(moved.json()).toMatchObject({ actionFieldId: other, rank: 1 });
    const foreign = await patch(`/${created.json().id}`, etagOf(moved), {
      actionFieldId: '0190f1c2-7a1b-7cde-8f00-123456789abc',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().code).toBe('unknown_action_field');
  });
});

describe('steps and derived progress', () => {
  it('progress follows done/total (rounded) once a measure has steps, and clients cannot set it then', async () => {
    const created = await createMeasure({ progress: 10 });
    const id = created.json().id;
    const stepUrl = `/${id}/steps`;
    const addStep = (title: string, extra: Record<string, unknown> = {}) =>
      h.request({ method: 'POST', url: url(stepUrl), token: admin.token, payload: { title, ...extra } });
    const s1 = await addStep('Angebote einholen', { dueOn: '2027-02-01' });
    expect(s1.statusCode).toBe(201);
    expect(s1.json()).toMatchObject({ order: 1, doneAt: null, measureId: id });
    const s2 = await addStep('Auftrag vergeben');
    const s3 = await addStep('Abnahme');
    expect(s3.json().order).toBe(3);

    let m = (await get(`/${id}`)).json();
    expect(m).toMatchObject({ progress: 0, progressSource: 'steps', stepsTotal: 3, stepsDone: 0 });

    const done1 = await h.request({
      method: 'PATCH',
      url: url(`${stepUrl}/${s1.json().id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(s1) },
      payload: { doneAt: '2027-01-20T10:00:00.000Z' },
    });
    expect(done1.statusCode).toBe(200);
    m = (await get(`/${id}`)).json();
    expect(m).toMatchObject({ progress: 33, stepsDone: 1 });

    await h.request({
      method: 'PATCH',
      url: url(`${stepUrl}/${s2.json().id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(s2) },
      payload: { doneAt: '2027-01-21T10:00:00.000Z' },
    });
    const withTwo = await get(`/${id}`);
    expect(withTwo.json()).toMatchObject({ progress: 67, stepsDone: 2 });

    const setProgress = await patch(`/${id}`, etagOf(withTwo), { progress: 90 });
    expect(setProgress.statusCode).toBe(422);
    expect(setProgress.json().code).toBe('progress_derived_from_steps');

    const noMatch = await h.request({
      method: 'DELETE',
      url: url(`${stepUrl}/${s3.json().id}`),
      token: admin.token,
    });
    expect(noMatch.statusCode).toBe(428);
    const deleted = await h.request({
      method: 'DELETE',
      url: url(`${stepUrl}/${s3.json().id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(s3) },
    });
    expect(deleted.statusCode).toBe(204);
    m = (await get(`/${id}`)).json();
    expect(m).toMatchObject({ progress: 100, stepsTotal: 2, stepsDone: 2 });

    const list = await get(stepUrl);
    expect(list.json().data.map((s: { title: string }) => s.title)).toEqual([
      'Angebote einholen',
      'Auftrag vergeben',
    ]);

    const derived = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'measure.progress_derived')))
      .orderBy(auditEvents.id);
    expect(derived.map((e) => (e.after as { progress: number }).progress)).toEqual([0, 0, 0, 33, 67, 100]);
  });

  it('a measure has at most 100 steps, so its step list is complete without paging', async () => {
    const measure = (await createMeasure()).json();
    await h.owner.insert(measureSteps).values(
      Array.from({ length: 100 }, (_, i) => ({
        municipalityId: mid,
        measureId: measure.id,
        title: `Schritt ${i + 1}`,
        position: i + 1,
      })),
    );
    const more = await h.request({
      method: 'POST',
      url: url(`/${measure.id}/steps`),
      token: admin.token,
      payload: { title: 'Schritt 101' },
    });
    expect([more.statusCode, more.json().code]).toEqual([422, 'too_many_steps']);
    const list = await get(`/${measure.id}/steps`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(100);
    expect(list.json().data.at(-1).title).toBe('Schritt 100');
  });

  it('a step of another measure is 404', async () => {
    const a = (await createMeasure()).json();
    const b = (await createMeasure()).json();
    const s = await h.request({
      method: 'POST',
      url: url(`/${a.id}/steps`),
      token: admin.token,
      payload: { title: 'A1' },
    });
    const res = await get(`/${b.id}/steps/${s.json().id}`);
    expect(res.statusCode).toBe(404);
    const patchRes = await h.request({
      method: 'PATCH',
      url: url(`/${b.id}/steps/${s.json().id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(s) },
      payload: { title: 'entführt' },
    });
    expect(patchRes.statusCode).toBe(404);
  });
});

describe('the measures list', () => {
  let m2: string;
  let a2: TestUser;
  const ids: Record<string, string> = {};
  const list = async (qs: string) => {
    const res = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${m2}/measures?${qs}`,
      token: a2.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      data: { id: string; title: string; overdue: boolean }[];
      nextCursor: string | null;
    };
  };
  const titles = (page: { data: { title: string }[] }) => page.data.map((m) => m.title);

  beforeAll(async () => {
    m2 = (await h.municipality()).id;
    a2 = await h.user('municipality_admin', m2);
    await putStrategy(h, a2.token, m2, strategyBody(program.id, []));
    const [f1, f2] = program.fields;
    const specs: [string, Record<string, unknown>][] = [
      [
        'WLAN an zentralen Plätzen',
        { actionFieldId: f1!.id, startWindow: 'immediately', endDate: '2020-12-31' },
      ],
      [
        'Lernplattform der Schulen',
        { actionFieldId: f2!.id, startWindow: 'within_2_years', status: 'in_progress' },
      ],
      ['Abgeschlossen, aber spät', { actionFieldId: f1!.id, endDate: '2020-12-31', status: 'done' }],
      ['Schritt überfällig', { actionFieldId: f2!.id, startWindow: 'within_4_years' }],
      ['Zukunft', { actionFieldId: f1!.id, endDate: '2099-12-31', status: 'in_progress' }],
    ];
    for (const [title, body] of specs) {
      ids[title] = (await createMeasure({ title, ...body }, m2, a2.token)).json().id;
    }
    await h.request({
      method: 'POST',
      url: `/v1/municipalities/${m2}/measures/${ids['Schritt überfällig']}/steps`,
      token: a2.token,
      payload: { title: 'Längst fällig', dueOn: '2021-01-01' },
    });
    await h.request({
      method: 'POST',
      url: `/v1/municipalities/${m2}/measures/${ids.Zukunft}/steps`,
      token: a2.token,
      payload: { title: 'Erledigt, obwohl alt', dueOn: '2021-01-01', doneAt: '2021-01-01T08:00:00.000Z' },
    });
  });

  it('filters by field, status and start window', async () => {
    const [f1, f2] = program.fields;
    expect(titles(await list(`actionFieldId=${f1!.id}`))).toEqual([
      'WLAN an zentralen Plätzen',
      'Abgeschlossen, aber spät',
      'Zukunft',
    ]);
    expect(titles(await list(`actionFieldId=${f2!.id}&status=in_progress`))).toEqual([
      'Lernplattform der Schulen',
    ]);
    expect(titles(await list('startWindow=within_4_years'))).toEqual(['Schritt überfällig']);
  });

  it('overdue=true: end date passed and not done, or an open step past due', async () => {
    const overdue = await list('overdue=true');
    expect(titles(overdue)).toEqual(['WLAN an zentralen Plätzen', 'Schritt überfällig']);
    expect(overdue.data.every((m) => m.overdue)).toBe(true);
    expect(titles(await list('overdue=false'))).toEqual([
      'Lernplattform der Schulen',
      'Abgeschlossen, aber spät',
      'Zukunft',
    ]);
  });

  it('q searches title and description in German (stemmed)', async () => {
    expect(titles(await list('q=Platz'))).toEqual(['WLAN an zentralen Plätzen']);
    expect(titles(await list('q=Schule'))).toEqual(['Lernplattform der Schulen']);
    expect(titles(await list(`q=${encodeURIComponent('Schule OR WLAN')}`))).toEqual([
      'WLAN an zentralen Plätzen',
      'Lernplattform der Schulen',
    ]);
  });

  it('lists each measure exactly as its fact sheet reads', async () => {
    await createMeasure(
      {
        title: 'Vollständiger Steckbrief „Ä–ß“ \\ "zitiert"',
        description: 'Zeile 1\nZeile 2\tmit Tab',
        lead: 'Bauamt',
        participants: 'Ortsgemeinden',
        targetGroup: 'Alle',
        expectedResult: 'Ergebnis',
        resources: 'Zeit',
        startWindow: 'within_2_years',
        startDate: '2027-04-01',
        endDate: '2027-12-31',
        budgetCents: 9_007_199_254_740,
        fundingSource: 'Haushalt',
        grantProgram: 'WiFi4EU',
        indicators: [
          {
            name: 'Quote',
            unit: '%',
            baseline: 12.5,
            target: 99.99,
            currentValue: 0.1,
            currentAsOf: '2027-06-30',
          },
          { name: 'Nur Ziel', target: 500 },
        ],
      },
      m2,
      a2.token,
    );
    const page = await list('limit=200');
    expect(page.data).toHaveLength(6);
    for (const item of page.data) {
      const sheet = await h.request({
        method: 'GET',
        url: `/v1/municipalities/${m2}/measures/${item.id}`,
        token: a2.token,
      });
      expect(item).toStrictEqual(sheet.json());
    }
    // Tombstones in the sync list carry their deletion time in the same format.
    const since = new Date(Date.now() - 60_000).toISOString();
    const target = page.data[0]!;
    const sheet = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${m2}/measures/${target.id}`,
      token: a2.token,
    });
    const deleted = await h.request({
      method: 'DELETE',
      url: `/v1/municipalities/${m2}/measures/${target.id}`,
      token: a2.token,
      headers: { 'if-match': sheet.headers.etag as string },
    });
    expect(deleted.statusCode).toBe(204);
    const sync = await list(`updatedSince=${encodeURIComponent(since)}&limit=200`);
    const tombstone = sync.data.find((m) => m.id === target.id) as unknown as { deletedAt: string };
    expect(tombstone.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const [row] = await h.owner.select().from(measures).where(eq(measures.id, target.id));
    expect(tombstone.deletedAt).toBe(row!.deletedAt!.toISOString());
  });

  it('is 404 for a municipality that does not exist or was deleted, an empty page for one without measures', async () => {
    const empty = await h.municipality();
    const program = await h.user('program_admin');
    const listOf = (id: string) =>
      h.request({ method: 'GET', url: `/v1/municipalities/${id}/measures`, token: program.token });
    expect((await listOf(empty.id)).json()).toEqual({ data: [], nextCursor: null });
    expect((await listOf('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const gone = await h.municipality({ deletedAt: new Date() });
    expect((await listOf(gone.id)).statusCode).toBe(404);
  });

  it('pages with a cursor and rejects a bad one', async () => {
    const p1 = await list('limit=2');
    const p2 = await list(`limit=2&cursor=${p1.nextCursor}`);
    const p3 = await list(`limit=2&cursor=${p2.nextCursor}`);
    expect([...titles(p1), ...titles(p2), ...titles(p3)]).toHaveLength(5);
    expect(new Set([...p1.data, ...p2.data, ...p3.data].map((m) => m.id)).size).toBe(5);
    expect(p3.nextCursor).toBeNull();
    const bad = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${m2}/measures?cursor=kaputt`,
      token: a2.token,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('bulk update', () => {
  it('applies all items in one go and audits each', async () => {
    const a = await createMeasure({ title: 'Bulk A' });
    const b = await createMeasure({ title: 'Bulk B' });
    const res = await h.request({
      method: 'POST',
      url: url('/bulk-update'),
      token: admin.token,
      payload: {
        items: [
          { id: a.json().id, status: 'in_progress', progress: 25, ifMatch: etagOf(a) },
          { id: b.json().id, status: 'on_hold' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject([
      { id: a.json().id, status: 'in_progress', progress: 25 },
      { id: b.json().id, status: 'on_hold', progress: 0 },
    ]);
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(
        and(
          inArray(auditEvents.entityId, [a.json().id, b.json().id]),
          eq(auditEvents.action, 'measure.updated'),
        ),
      );
    expect(events).toHaveLength(2);
  });

  it('is all or nothing: unknown id, stale ETag and derived progress fail together and nothing changes', async () => {
    const ok = await createMeasure({ title: 'Bleibt unverändert' });
    const stale = await createMeasure({ title: 'Veraltet' });
    await patch(`/${stale.json().id}`, etagOf(stale), { lead: 'Jemand anderes' });
    const stepped = await createMeasure({ title: 'Mit Schritten' });
    await h.request({
      method: 'POST',
      url: url(`/${stepped.json().id}/steps`),
      token: admin.token,
      payload: { title: 'S' },
    });
    const foreignMunicipality = (await h.municipality()).id;
    const foreignAdmin = await h.user('municipality_admin', foreignMunicipality);
    await putStrategy(h, foreignAdmin.token, foreignMunicipality, strategyBody(program.id, []));
    const foreign = await createMeasure({ title: 'Fremd' }, foreignMunicipality, foreignAdmin.token);
    const unknown = '0190f1c2-7a1b-7cde-8f00-123456789abc';
    const before = await h.owner.select().from(measures).where(eq(measures.municipalityId, mid));
    const auditBefore = await h.owner.select().from(auditEvents);

    const res = await h.request({
      method: 'POST',
      url: url('/bulk-update'),
      token: admin.token,
      payload: {
        items: [
          { id: ok.json().id, status: 'done', ifMatch: etagOf(ok) },
          { id: unknown, status: 'done' },
          { id: stale.json().id, status: 'done', ifMatch: etagOf(stale) },
          { id: stepped.json().id, progress: 50 },
          { id: foreign.json().id, status: 'dropped' },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('bulk_update_rejected');
    expect(problem.items).toMatchObject([
      { index: 1, id: unknown, code: 'not_found' },
      { index: 2, id: stale.json().id, code: 'precondition_failed' },
      { index: 3, id: stepped.json().id, code: 'progress_derived_from_steps' },
      { index: 4, id: foreign.json().id, code: 'not_found' },
    ]);
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.items.1',
      'body.items.2',
      'body.items.3',
      'body.items.4',
    ]);
    expect(res.body).not.toContain('Fremd');
    expect(await h.owner.select().from(measures).where(eq(measures.municipalityId, mid))).toEqual(before);
    expect(await h.owner.select().from(auditEvents)).toHaveLength(auditBefore.length);
    const [foreignRow] = await h.owner.select().from(measures).where(eq(measures.id, foreign.json().id));
    expect(foreignRow!.status).toBe('planned');
  });

  it('rejects invalid values and more than 200 items with 400', async () => {
    const a = await createMeasure({ title: 'Grenzen' });
    const id = a.json().id;
    for (const payload of [
      { items: [{ id, progress: 101 }] },
      { items: [{ id, status: 'fertig' }] },
      { items: [{ id }] },
      { items: [] },
      {
        items: [
          { id, status: 'done' },
          { id, status: 'planned' },
        ],
      },
      { items: Array.from({ length: 201 }, () => ({ id: crypto.randomUUID(), status: 'done' })) },
    ]) {
      const res = await h.request({ method: 'POST', url: url('/bulk-update'), token: admin.token, payload });
      expect(res.statusCode).toBe(400);
    }
    const [row] = await h.owner.select().from(measures).where(eq(measures.id, id));
    expect(row!.status).toBe('planned');
  });
});

describe('Idempotency-Key on creating POSTs', () => {
  it('a retried create returns the first result and creates one measure', async () => {
    const send = () =>
      h.request({
        method: 'POST',
        url: url(),
        token: admin.token,
        headers: { 'idempotency-key': 'measure-retry-1' },
        payload: { title: 'Nur einmal anlegen', actionFieldId: program.fields[0]!.id },
      });
    const first = await send();
    const retry = await send();
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const rows = await h.owner.select().from(measures).where(eq(measures.title, 'Nur einmal anlegen'));
    expect(rows).toHaveLength(1);
  });
});
