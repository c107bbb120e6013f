import { ideas, idempotencyKeys, measures, strategies } from '@werkstatt/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestKey, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

// A deleted municipality is out of use: every route of its data answers 404, reads and writes, for
// everyone; the program office still sees the tombstone, and sync delivers it.
let h: Harness;
let program: TestProgram;
let mid: string;
let liveId: string;
let admin: TestUser;
let programAdmin: TestUser;
let moderator: TestUser;
let unboundWriteKey: TestKey;
let liveAdmin: TestUser;
const created = { idea: '', measure: '' };

const rowsOf = async (table: typeof ideas | typeof measures | typeof strategies, municipalityId: string) =>
  (await h.owner.select({ n: count() }).from(table).where(eq(table.municipalityId, municipalityId)))[0]!.n;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h);
  mid = (await h.municipality()).id;
  liveId = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  liveAdmin = await h.user('municipality_admin', liveId);
  programAdmin = await h.user('program_admin');
  moderator = await h.user('moderator');
  unboundWriteKey = await h.apiKey(['municipality:write'], null);
  const fieldIds = program.fields.map((f) => f.id);
  for (const [token, id] of [
    [admin.token, mid],
    [liveAdmin.token, liveId],
  ] as const) {
    expect((await putStrategy(h, token, id, strategyBody(program.id, fieldIds))).statusCode).toBeLessThan(
      300,
    );
  }
  const idea = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${mid}/ideas`,
    token: admin.token,
    payload: { title: 'Smartphone-Sprechstunde', actionFieldId: fieldIds[0] },
  });
  expect(idea.statusCode, idea.body).toBe(201);
  created.idea = idea.json().id;
  const measure = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${mid}/measures`,
    token: admin.token,
    payload: { title: 'Freies WLAN im Bürgerhaus', actionFieldId: fieldIds[0] },
  });
  expect(measure.statusCode, measure.body).toBe(201);
  created.measure = measure.json().id;

  const del = await h.request({
    method: 'DELETE',
    url: `/v1/municipalities/${mid}`,
    token: programAdmin.token,
  });
  expect(del.statusCode).toBe(204);
});
afterAll(() => h.close());

describe('a deleted municipality', () => {
  const requests = () => {
    const field = program.fields[1]!.id;
    const base = `/v1/municipalities/${mid}`;
    return [
      { method: 'GET', url: `${base}/strategy` },
      { method: 'PUT', url: `${base}/strategy`, payload: strategyBody(program.id, [field]) },
      { method: 'GET', url: `${base}/roadmap` },
      { method: 'GET', url: `${base}/ideas` },
      { method: 'GET', url: `${base}/ideas/${created.idea}` },
      { method: 'POST', url: `${base}/ideas`, payload: { title: 'Nach dem Löschen', actionFieldId: field } },
      { method: 'PATCH', url: `${base}/ideas/${created.idea}`, payload: { title: 'Geändert' } },
      { method: 'DELETE', url: `${base}/ideas/${created.idea}` },
      { method: 'GET', url: `${base}/measures` },
      { method: 'GET', url: `${base}/measures/${created.measure}` },
      {
        method: 'POST',
        url: `${base}/measures`,
        payload: { title: 'Nach dem Löschen', actionFieldId: field },
      },
      { method: 'PATCH', url: `${base}/measures/${created.measure}`, payload: { title: 'Geändert' } },
      { method: 'GET', url: `${base}/strategy/versions` },
      { method: 'POST', url: `${base}/strategy/versions`, payload: { label: 'Fassung' } },
    ] as const;
  };

  it('answers 404 on every route of its data, reads and writes, for the program office and unbound keys', async () => {
    const before = {
      ideas: await rowsOf(ideas, mid),
      measures: await rowsOf(measures, mid),
      strategies: await rowsOf(strategies, mid),
    };
    // The moderator reads only: its writes stay 403, as for a live municipality.
    for (const [token, methods] of [
      [programAdmin.token, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']],
      [unboundWriteKey.key, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']],
      [moderator.token, ['GET']],
    ] as const) {
      for (const req of requests().filter((r) => (methods as readonly string[]).includes(r.method))) {
        const res = await h.request({ ...req, token });
        expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
        expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
      }
    }
    expect({
      ideas: await rowsOf(ideas, mid),
      measures: await rowsOf(measures, mid),
      strategies: await rowsOf(strategies, mid),
    }).toEqual(before);
  });

  it('its own admin creates no more ideas (refused, nothing written) and a retry key stores nothing', async () => {
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/ideas`,
      token: admin.token,
      headers: { 'idempotency-key': 'nach-dem-loeschen' },
      payload: { title: 'Nach dem Löschen', actionFieldId: program.fields[0]!.id },
    });
    // 404 here; the credential check may refuse the deleted municipality's users even earlier (401).
    expect([401, 404]).toContain(res.statusCode);
    expect(await rowsOf(ideas, mid)).toBe(1);
    expect(
      await h.owner.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'nach-dem-loeschen')),
    ).toEqual([]);
  });

  it('the program office still sees the tombstone; others get 404; sync delivers it as deleted', async () => {
    for (const token of [programAdmin.token, moderator.token]) {
      const res = await h.request({ method: 'GET', url: `/v1/municipalities/${mid}`, token });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: mid, deletedAt: expect.any(String) });
    }
    const byKey = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${mid}`,
      token: unboundWriteKey.key,
    });
    expect(byKey.statusCode).toBe(404);
    // Still not changeable: the tombstone is read-only.
    const patch = await h.request({
      method: 'PATCH',
      url: `/v1/municipalities/${mid}`,
      token: programAdmin.token,
      payload: { population: 1 },
    });
    expect(patch.statusCode).toBe(404);

    const sync = await h.request({
      method: 'GET',
      url: '/v1/municipalities?updatedSince=2000-01-01T00:00:00Z&limit=200',
      token: programAdmin.token,
    });
    expect(sync.statusCode).toBe(200);
    expect(sync.json().data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: mid, deletedAt: expect.any(String) })]),
    );
    const plain = await h.request({
      method: 'GET',
      url: '/v1/municipalities?limit=200',
      token: programAdmin.token,
    });
    expect(plain.json().data.map((m: { id: string }) => m.id)).not.toContain(mid);
  });

  it('leaves other municipalities in use', async () => {
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${liveId}/ideas`,
      token: liveAdmin.token,
      payload: { title: 'Weiter geht es', actionFieldId: program.fields[0]!.id },
    });
    expect(res.statusCode).toBe(201);
    const read = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${liveId}/strategy`,
      token: programAdmin.token,
    });
    expect(read.statusCode).toBe(200);
  });
});
