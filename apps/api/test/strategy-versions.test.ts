import { scopedDatabase, strategyVersions } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let municipalityName: string;
let admin: TestUser;

const url = (path: string) => `/v1/municipalities/${mid}${path}`;
const etagOf = (res: LightMyRequestResponse) => res.headers.etag as string;

async function call(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  payload?: unknown,
  etag?: string,
) {
  return h.request({
    method,
    url: url(path),
    token: admin.token,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });
}

const ids: Record<string, string> = {};
let v1: LightMyRequestResponse;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 4);
  const m = await h.municipality({ name: 'Verbandsgemeinde Wonnegau' });
  mid = m.id;
  municipalityName = m.name;
  admin = await h.user('municipality_admin', mid);
  const [f1, f2, f3] = program.fields;
  await putStrategy(h, admin.token, mid, strategyBody(program.id, [f1!.id, f2!.id, f3!.id]));
  const keep = await call('POST', '/measures', {
    title: 'Freies WLAN',
    actionFieldId: f1!.id,
    lead: 'Bauamt',
    indicators: [{ name: 'Zugangspunkte', target: 4 }],
  });
  ids.keep = keep.json().id;
  ids.step = (await call('POST', `/measures/${ids.keep}/steps`, { title: 'Angebote einholen' })).json().id;
  ids.drop = (await call('POST', '/measures', { title: 'Wird gestrichen', actionFieldId: f2!.id })).json().id;
  ids.idea = (await call('POST', '/ideas', { title: 'Dorf-App', actionFieldId: f2!.id, votes: 3 })).json().id;
  v1 = await call('POST', '/strategy/versions', { label: 'Ergebnis der Werkstatt' });
});
afterAll(() => h.close());

describe('strategy versions', () => {
  it('freeze everything a council document needs', () => {
    expect(v1.statusCode, v1.body).toBe(201);
    const v = v1.json();
    expect(v1.headers.location).toBe(url(`/strategy/versions/${v.id}`));
    expect(v).toMatchObject({
      number: 1,
      label: 'Ergebnis der Werkstatt',
      createdBy: 'Test municipality_admin',
    });
    const s = v.snapshot;
    expect(s).toMatchObject({
      schemaVersion: 1,
      municipality: { id: mid, name: municipalityName },
      program: { id: program.id },
      strategy: { title: 'Digitalstrategie Musterstadt', status: 'draft' },
    });
    expect(
      s.fields.map((f: { title: string; priority: number; goal: string }) => [f.title, f.priority]),
    ).toEqual([
      [program.fields[0]!.title, 1],
      [program.fields[1]!.title, 2],
      [program.fields[2]!.title, 3],
    ]);
    expect(s.fields[0].goal).toBe('Ziel 1: schneller, einfacher, näher');
    expect(s.measures).toMatchObject([
      {
        id: ids.keep,
        title: 'Freies WLAN',
        actionFieldTitle: program.fields[0]!.title,
        lead: 'Bauamt',
        indicators: [{ name: 'Zugangspunkte', target: 4 }],
        steps: [{ id: ids.step, title: 'Angebote einholen', doneAt: null, order: 1 }],
      },
      { id: ids.drop, steps: [] },
    ]);
    expect(s.ideas).toMatchObject([
      { id: ids.idea, title: 'Dorf-App', votes: 3, status: 'new', measureId: null },
    ]);
  });

  it('stay unchanged after later edits, and the diff lists what changed', async () => {
    const [f1, f2, f3, f4] = program.fields;
    const strategy = await call('GET', '/strategy');
    const put = await call(
      'PUT',
      '/strategy',
      {
        ...strategyBody(program.id, [f2!.id, f1!.id, f4!.id]),
        title: 'Digitalstrategie 2030',
        status: 'adopted',
        adoptedOn: '2027-03-01',
      },
      etagOf(strategy),
    );
    expect(put.statusCode, put.body).toBe(200);
    const keep = await call('GET', `/measures/${ids.keep}`);
    const patched = await call(
      'PATCH',
      `/measures/${ids.keep}`,
      { lead: 'IT-Stelle', status: 'in_progress' },
      etagOf(keep),
    );
    expect(patched.statusCode).toBe(200);
    const step = await call('GET', `/measures/${ids.keep}/steps/${ids.step}`);
    await call(
      'PATCH',
      `/measures/${ids.keep}/steps/${ids.step}`,
      { doneAt: '2027-03-02T09:00:00.000Z' },
      etagOf(step),
    );
    const drop = await call('GET', `/measures/${ids.drop}`);
    expect((await call('DELETE', `/measures/${ids.drop}`, undefined, etagOf(drop))).statusCode).toBe(204);
    const added = await call('POST', '/measures', { title: 'Neu dazu', actionFieldId: f4!.id });
    await call('POST', `/ideas/${ids.idea}/votes`);

    const again = await call('GET', `/strategy/versions/${v1.json().id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(v1.json());
    expect(etagOf(again)).toBe(etagOf(v1));

    const v2 = await call('POST', '/strategy/versions', { label: 'Ratsbeschluss' });
    expect(v2.json()).toMatchObject({ number: 2, snapshot: { strategy: { status: 'adopted' } } });

    const diff = await call('GET', `/strategy/versions/${v1.json().id}/diff/${v2.json().id}`);
    expect(diff.statusCode).toBe(200);
    const d = diff.json();
    expect(d.from).toEqual({ id: v1.json().id, number: 1, label: 'Ergebnis der Werkstatt' });
    expect(d.to).toMatchObject({ number: 2, label: 'Ratsbeschluss' });
    expect(d.strategy.changes).toEqual([
      { field: 'title', before: 'Digitalstrategie Musterstadt', after: 'Digitalstrategie 2030' },
      { field: 'status', before: 'draft', after: 'adopted' },
      { field: 'adoptedOn', before: null, after: '2027-03-01' },
    ]);
    expect(d.measures.added).toEqual([{ id: added.json().id, title: 'Neu dazu', actionFieldId: f4!.id }]);
    expect(d.measures.removed).toEqual([{ id: ids.drop, title: 'Wird gestrichen', actionFieldId: f2!.id }]);
    expect(d.measures.changed).toHaveLength(1);
    const changed = d.measures.changed[0];
    expect(changed).toMatchObject({ id: ids.keep, title: 'Freies WLAN' });
    const byField = Object.fromEntries(
      changed.changes.map((c: { field: string; before: unknown; after: unknown }) => [
        c.field,
        [c.before, c.after],
      ]),
    );
    expect(Object.keys(byField).sort()).toEqual(['lead', 'progress', 'status', 'steps']);
    expect(byField.lead).toEqual(['Bauamt', 'IT-Stelle']);
    expect(byField.status).toEqual(['planned', 'in_progress']);
    expect(byField.progress).toEqual([0, 100]);
    expect(d.fields.added).toEqual([{ actionFieldId: f4!.id, title: f4!.title }]);
    expect(d.fields.removed).toEqual([{ actionFieldId: f3!.id, title: f3!.title }]);
    expect(
      d.fields.changed.map((f: { actionFieldId: string; changes: { field: string }[] }) => [
        f.actionFieldId,
        f.changes.map((c) => c.field),
      ]),
    ).toEqual([
      [f2!.id, ['priority', 'goal']],
      [f1!.id, ['priority', 'goal']],
    ]);

    const list = await call('GET', '/strategy/versions');
    expect(list.json()).toMatchObject({
      data: [
        {
          number: 1,
          label: 'Ergebnis der Werkstatt',
          strategyStatus: 'draft',
          fieldCount: 3,
          measureCount: 2,
          ideaCount: 1,
        },
        {
          number: 2,
          label: 'Ratsbeschluss',
          strategyStatus: 'adopted',
          fieldCount: 3,
          measureCount: 2,
          ideaCount: 1,
        },
      ],
      nextCursor: null,
    });
    expect(list.json().data[0]).not.toHaveProperty('snapshot');
  });

  it('cannot be changed or deleted by the application role', async () => {
    const platform = scopedDatabase(h.deps.db, { kind: 'platform' });
    await expect(
      platform.transaction((tx) =>
        tx.update(strategyVersions).set({ label: 'Gefälscht' }).where(eq(strategyVersions.id, v1.json().id)),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    await expect(
      platform.transaction((tx) => tx.delete(strategyVersions).where(eq(strategyVersions.id, v1.json().id))),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    const [row] = await h.owner.select().from(strategyVersions).where(eq(strategyVersions.id, v1.json().id));
    expect(row!.label).toBe('Ergebnis der Werkstatt');
  });

  it('unknown and foreign version ids are 404; no version without a strategy (409)', async () => {
    const unknown = '0190f1c2-7a1b-7cde-8f00-123456789abc';
    expect((await call('GET', `/strategy/versions/${unknown}`)).statusCode).toBe(404);
    expect((await call('GET', `/strategy/versions/${v1.json().id}/diff/${unknown}`)).statusCode).toBe(404);
    const other = await h.municipality();
    const otherAdmin = await h.user('municipality_admin', other.id);
    const sideways = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${other.id}/strategy/versions/${v1.json().id}`,
      token: otherAdmin.token,
    });
    expect(sideways.statusCode).toBe(404);
    expect(sideways.body).not.toContain('Ergebnis der Werkstatt');
    const none = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${other.id}/strategy/versions`,
      token: otherAdmin.token,
      payload: { label: 'Leer' },
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('strategy_required');
  });

  it('created at the same moment get distinct numbers', async () => {
    const other = await h.municipality();
    const otherAdmin = await h.user('municipality_admin', other.id);
    await putStrategy(h, otherAdmin.token, other.id, strategyBody(program.id, []));
    const results = await Promise.all(
      ['A', 'B', 'C'].map((label) =>
        h.request({
          method: 'POST',
          url: `/v1/municipalities/${other.id}/strategy/versions`,
          token: otherAdmin.token,
          payload: { label },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.json().number).sort()).toEqual([1, 2, 3]);
  });
});
