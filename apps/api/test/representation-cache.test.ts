import { apiKeys, measures } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RepresentationCache } from '../src/lib/representation-cache.js';
import { createHarness, type Harness, type TestKey, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let admin: TestUser;
let viewer: TestUser;
let programAdmin: TestUser;
let foreignAdmin: TestUser;
let readKey: TestKey;
const measureIds: string[] = [];

const listUrl = () => `/v1/municipalities/${mid}/measures?limit=50`;
const roadmapUrl = () => `/v1/municipalities/${mid}/roadmap`;
const get = (url: string, token: string, headers: Record<string, string> = {}) =>
  h.request({ method: 'GET', url, token, headers });

/** The response and how many statements the API sent to Postgres for it. */
async function counted(request: () => Promise<LightMyRequestResponse>) {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    const res = await request();
    return { res, statements: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

const etagOf = async (id: string) =>
  (await get(`/v1/municipalities/${mid}/measures/${id}`, admin.token)).headers.etag as string;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 3);
  mid = (await h.municipality()).id;
  const foreign = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  viewer = await h.user('municipality_viewer', mid);
  programAdmin = await h.user('program_admin');
  foreignAdmin = await h.user('municipality_admin', foreign);
  readKey = await h.apiKey(['municipality:read'], mid);
  const fieldIds = program.fields.slice(0, 2).map((f) => f.id);
  expect((await putStrategy(h, admin.token, mid, strategyBody(program.id, fieldIds))).statusCode).toBe(201);
  for (const [i, title] of ['Glasfaser für alle Ortsteile', 'Digitales Rathaus', 'Dorf-App'].entries()) {
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures`,
      token: admin.token,
      payload: { title, actionFieldId: fieldIds[i % 2], startWindow: 'within_2_years' },
    });
    expect(res.statusCode, res.body).toBe(201);
    measureIds.push(res.json().id);
  }
});
afterAll(() => h.close());

describe('stored representations of the measures list and the roadmap', () => {
  it('serve a repeated read after one statement, with the same bytes and ETag, and 304 on a match', async () => {
    for (const url of [listUrl(), roadmapUrl()]) {
      const first = await get(url, admin.token);
      expect(first.statusCode).toBe(200);
      const again = await counted(() => get(url, admin.token));
      expect(again.res.statusCode).toBe(200);
      expect(again.res.body).toBe(first.body);
      expect(again.res.headers.etag).toBe(first.headers.etag);
      expect(again.res.headers['content-type']).toBe('application/json; charset=utf-8');
      // Scope, credential check and tag in one statement; no transaction, no data read.
      expect(again.statements).toBe(1);
      const notModified = await get(url, admin.token, { 'if-none-match': first.headers.etag as string });
      expect(notModified.statusCode).toBe(304);
      expect(notModified.body).toBe('');
    }
  });

  it('show every kind of change at the next read, made through the API or past it', async () => {
    const [glasfaser, rathaus] = measureIds;
    const titles = async () => {
      const list = (await get(listUrl(), viewer.token)).json().data as { id: string; title: string }[];
      const road = (await get(roadmapUrl(), viewer.token)).json();
      return {
        list: Object.fromEntries(list.map((m) => [m.id, m.title])),
        road: road.fields.flatMap((f: { measures: { id: string; title: string }[] }) => f.measures),
        fields: road.fields.map((f: { title: string; goal: string | null }) => `${f.title}: ${f.goal}`),
        overdue: road.fields.flatMap((f: { measures: { overdue: boolean }[] }) =>
          f.measures.map((m) => m.overdue),
        ),
      };
    };
    await titles(); // stored

    // A measure edited through the API.
    const patched = await h.request({
      method: 'PATCH',
      url: `/v1/municipalities/${mid}/measures/${glasfaser}`,
      token: admin.token,
      headers: { 'if-match': await etagOf(glasfaser!) },
      payload: { title: 'Glasfaser bis 2028' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    let seen = await titles();
    expect(seen.list[glasfaser!]).toBe('Glasfaser bis 2028');
    expect(seen.road).toContainEqual(expect.objectContaining({ id: glasfaser, title: 'Glasfaser bis 2028' }));

    // A step past due makes its measure overdue.
    expect(seen.overdue.some(Boolean)).toBe(false);
    const step = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures/${rathaus}/steps`,
      token: admin.token,
      payload: { title: 'Ausschreibung', dueOn: '2020-01-31' },
    });
    expect(step.statusCode, step.body).toBe(201);
    seen = await titles();
    expect(seen.road).toContainEqual(expect.objectContaining({ id: rathaus, overdue: true }));

    // The strategy's goals, and the program office renaming an action field in the catalog.
    const strategy = await get(`/v1/municipalities/${mid}/strategy`, admin.token);
    const body = strategyBody(program.id, [program.fields[0]!.id, program.fields[1]!.id]);
    body.fields[0]!.goal = 'Gigabit für jeden Haushalt';
    expect((await putStrategy(h, admin.token, mid, body, strategy.headers.etag as string)).statusCode).toBe(
      200,
    );
    const field = await h.request({
      method: 'GET',
      url: `/v1/programs/${program.id}/action-fields/${program.fields[0]!.id}`,
      token: programAdmin.token,
    });
    const renamed = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${program.id}/action-fields/${program.fields[0]!.id}`,
      token: programAdmin.token,
      headers: { 'if-match': field.headers.etag as string },
      payload: { title: 'Gigabit-Infrastruktur' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    seen = await titles();
    expect(seen.fields[0]).toBe('Gigabit-Infrastruktur: Gigabit für jeden Haushalt');

    // Bulk status change, and a write straight into the database (another instance, the worker).
    const bulk = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures/bulk-update`,
      token: admin.token,
      payload: { items: measureIds.map((id) => ({ id, status: 'in_progress' })) },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect((await get(roadmapUrl(), viewer.token)).json().counts).toMatchObject({ in_progress: 3 });
    await h.owner.update(measures).set({ title: 'Dorf-App 2.0' }).where(eq(measures.id, measureIds[2]!));
    seen = await titles();
    expect(seen.list[measureIds[2]!]).toBe('Dorf-App 2.0');

    // A deleted measure is gone from both.
    const deleted = await h.request({
      method: 'DELETE',
      url: `/v1/municipalities/${mid}/measures/${rathaus}`,
      token: admin.token,
      headers: { 'if-match': await etagOf(rathaus!) },
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    seen = await titles();
    expect(Object.keys(seen.list)).not.toContain(rathaus);
    expect(seen.road.map((m: { id: string }) => m.id)).not.toContain(rathaus);
  });

  it('never keep a response older than the last committed change while reads and writes race', async () => {
    const id = measureIds[0]!;
    const titleNow = async () =>
      ((await get(listUrl(), viewer.token)).json().data as { id: string; title: string }[]).find(
        (m) => m.id === id,
      )?.title;
    let etag = await etagOf(id);
    const writer = (async () => {
      for (let i = 1; i <= 15; i++) {
        const res = await h.request({
          method: 'PATCH',
          url: `/v1/municipalities/${mid}/measures/${id}`,
          token: admin.token,
          headers: { 'if-match': etag },
          payload: { title: `Stand ${i}` },
        });
        expect(res.statusCode, res.body).toBe(200);
        etag = res.headers.etag as string;
        // Read-your-write: the next read after a commit shows it, whatever the readers stored.
        expect(await titleNow()).toBe(`Stand ${i}`);
      }
    })();
    const readers = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 25; i++) await titleNow();
    });
    await Promise.all([writer, ...readers]);
    expect(await titleNow()).toBe('Stand 15');
  });

  it('let the readers of a page share one full read after an edit', async () => {
    const id = measureIds[2]!;
    await get(listUrl(), viewer.token); // stored
    const patched = await h.request({
      method: 'PATCH',
      url: `/v1/municipalities/${mid}/measures/${id}`,
      token: admin.token,
      headers: { 'if-match': await etagOf(id) },
      payload: { lead: 'Hauptamt, neu' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const readers = 8;
    const { res, statements } = await counted(async () => {
      const all = await Promise.all(Array.from({ length: readers }, () => get(listUrl(), viewer.token)));
      expect(new Set(all.map((r) => r.body)).size).toBe(1);
      return all[0]!;
    });
    expect(res.json().data.find((m: { id: string }) => m.id === id).lead).toBe('Hauptamt, neu');
    // One statement each (credentials and tag) and one full read of three (BEGIN with the scope and
    // tag in one message, page, COMMIT) — not eight full reads.
    expect(statements).toBe(readers + 3);
  });

  it('check access before the store and credentials on every hit', async () => {
    const stored = await get(listUrl(), readKey.key);
    expect(stored.statusCode).toBe(200);
    // Same rows for another caller of the municipality, nothing for an outsider.
    expect((await get(listUrl(), viewer.token)).body).toBe(stored.body);
    expect((await get(listUrl(), foreignAdmin.token)).statusCode).toBe(404);
    expect((await get(roadmapUrl(), foreignAdmin.token)).statusCode).toBe(404);
    // A key revoked elsewhere (another instance, straight in the database) fails on its next hit.
    await h.owner.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, readKey.id));
    const revoked = await get(listUrl(), readKey.key);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.body).not.toContain('Glasfaser');
  });

  it('key an entry by the validated query, so spellings of one page are one entry and unknown parameters none', async () => {
    const base = `/v1/municipalities/${mid}/measures`;
    expect((await get(`${base}?status=planned`, admin.token)).statusCode).toBe(200);
    const before = h.deps.representations.size.entries;
    for (const query of [
      '?limit=50&status=planned',
      '?status=planned&limit=50',
      '?status=planned&limit=050',
    ]) {
      const { res, statements } = await counted(() => get(`${base}${query}`, admin.token));
      expect(res.statusCode, query).toBe(200);
      expect(statements, query).toBe(1);
    }
    for (const bust of ['?bust=1', '?status=planned&bust=2', '?limit=50&bust=3']) {
      expect((await get(`${base}${bust}`, admin.token)).statusCode, bust).toBe(400);
      expect((await get(`${roadmapUrl()}${bust}`, admin.token)).statusCode, bust).toBe(400);
    }
    expect(h.deps.representations.size.entries).toBe(before);
  });

  it('with REPRESENTATION_CACHE_MB=0, store nothing and read in full every time', async () => {
    const off = await createHarness({ REPRESENTATION_CACHE_MB: '0' });
    try {
      const m = (await off.municipality()).id;
      const user = await off.user('municipality_admin', m);
      const url = `/v1/municipalities/${m}/measures`;
      expect((await off.request({ method: 'GET', url, token: user.token })).statusCode).toBe(200);
      const spy = vi.spyOn(pg.Client.prototype, 'query');
      try {
        expect((await off.request({ method: 'GET', url, token: user.token })).statusCode).toBe(200);
        // BEGIN with the scope and the municipality's check (one message), the page, COMMIT: one
        // write, one round trip.
        expect(spy.mock.calls.length).toBe(3);
      } finally {
        spy.mockRestore();
      }
      expect(off.deps.representations.size).toEqual({ entries: 0, bytes: 0 });
    } finally {
      await off.close();
    }
  });
});

describe('RepresentationCache', () => {
  const bytes = (n: number) => Buffer.alloc(n, 'x');

  it('drops the least recently used entries beyond its size, and never stores an outsized one', () => {
    const cache = new RepresentationCache(8_000);
    cache.set('a', '1@d', bytes(600), '"a"');
    cache.set('b', '1@d', bytes(600), '"b"');
    cache.set('c', '1@d', bytes(600), '"c"');
    expect(cache.size.entries).toBe(3);
    cache.get('a'); // now the most recently used
    for (const key of ['d', 'e', 'f', 'g', 'h', 'i', 'j']) cache.set(key, '1@d', bytes(600), '"x"');
    expect(cache.size.bytes).toBeLessThanOrEqual(8_000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.etag).toBe('"a"');
    cache.set('big', '1@d', bytes(1_200), '"big"'); // over an eighth of the cache
    expect(cache.get('big')).toBeUndefined();
  });

  it('keeps a small body in memory of its own, not a slice of the shared buffer pool', () => {
    const cache = new RepresentationCache(100_000);
    const small = Buffer.from('{"data":[],"nextCursor":null}');
    expect(small.buffer.byteLength).toBeGreaterThan(small.length); // a slice of the 8 KB pool
    cache.set('a', '1@d', small, '"a"');
    const stored = cache.get('a')!.json;
    expect(stored.equals(small)).toBe(true);
    expect(stored.buffer.byteLength).toBe(stored.length);
  });

  it('replaces an entry, counting only the new one', () => {
    const cache = new RepresentationCache(100_000);
    cache.set('a', '1@d', bytes(1_000), '"1"');
    const one = cache.size.bytes;
    cache.set('a', '2@d', bytes(3_000), '"2"');
    expect(cache.size).toEqual({ entries: 1, bytes: one + 2_000 });
    expect(cache.get('a')).toMatchObject({ tag: '2@d', etag: '"2"' });
    cache.clear();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});
