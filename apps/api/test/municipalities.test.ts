import { auditEvents, municipalities } from '@werkstatt/db';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestKey, type TestUser } from './support/harness.js';

let h: Harness;
let admin: TestUser;
let moderator: TestUser;
let adminA: TestUser;
let viewerA: TestUser;
let keyPublic: TestKey;
let keyA: TestKey;
let keyPlatform: TestKey;
let keyNoScope: TestKey;
let a: typeof municipalities.$inferSelect;
let b: typeof municipalities.$inferSelect;

let arsSeq = 100_000;
const nextArs = () => `0731${String(arsSeq++).padStart(8, '0')}`;

const body = (slug: string, extra: Record<string, unknown> = {}) => ({
  name: `Verbandsgemeinde ${slug}`,
  slug,
  kind: 'verbandsgemeinde',
  stateCode: 'RP',
  ...extra,
});

const create = (payload: object, token = admin.token, headers: Record<string, string> = {}) =>
  h.request({ method: 'POST', url: '/v1/municipalities', token, payload, headers });

async function created(slug: string, extra: Record<string, unknown> = {}) {
  const res = await create(body(slug, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slug: string; name: string };
}

const get = (url: string, token: string, headers: Record<string, string> = {}) =>
  h.request({ method: 'GET', url, token, headers });

const rowsWithSlug = (slug: string) =>
  h.owner.select().from(municipalities).where(eq(municipalities.slug, slug));

const auditCount = async () => (await h.owner.select({ n: count() }).from(auditEvents))[0]!.n;

const ids = (res: { json(): unknown }) => (res.json() as { data: { id: string }[] }).data.map((m) => m.id);

beforeAll(async () => {
  h = await createHarness();
  a = await h.municipality({
    name: 'Verbandsgemeinde Alpha-Tal',
    contactName: 'Erika Müller',
    contactEmail: 'erika@alpha.example',
    contactPhone: '+49 6131 1',
  });
  b = await h.municipality({ name: 'Verbandsgemeinde Beta-Höhe', contactName: 'Max Beta' });
  admin = await h.user('program_admin');
  moderator = await h.user('moderator');
  adminA = await h.user('municipality_admin', a.id);
  viewerA = await h.user('municipality_viewer', a.id);
  keyPublic = await h.apiKey(['public:read']);
  keyA = await h.apiKey(['municipality:read', 'municipality:write', 'personal:read'], a.id);
  keyPlatform = await h.apiKey(['municipality:read', 'personal:read']);
  keyNoScope = await h.apiKey([]);
});
afterAll(() => h.close());

describe('creating municipalities', () => {
  it('a program admin creates one: 201, Location, ETag, every field, an audit event', async () => {
    const ars = nextArs();
    const res = await create(
      body('m-create', {
        name: '  Verbandsgemeinde Müllerhöhe  ',
        ars,
        population: 12_500,
        parentId: a.id,
        contactName: 'Jürgen Weiß',
        contactEmail: 'digital@muellerhoehe.example',
        contactPhone: '+49 6131 12345-0',
      }),
    );
    expect(res.statusCode).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({
      name: 'Verbandsgemeinde Müllerhöhe',
      slug: 'm-create',
      kind: 'verbandsgemeinde',
      ars,
      stateCode: 'RP',
      population: 12_500,
      parentId: a.id,
      contactName: 'Jürgen Weiß',
      contactEmail: 'digital@muellerhoehe.example',
      contactPhone: '+49 6131 12345-0',
      deletedAt: null,
    });
    expect(res.headers.location).toBe(`/v1/municipalities/${m.id}`);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, m.id));
    expect(events).toMatchObject([
      {
        action: 'municipality.created',
        entityType: 'municipality',
        municipalityId: m.id,
        actorType: 'user',
        actorId: admin.id,
        before: null,
        after: { id: m.id, ars },
        requestId: res.headers['x-request-id'],
      },
    ]);
  });

  it('optional fields default to null', async () => {
    const m = await created('m-minimal');
    const res = await get(`/v1/municipalities/${m.id}`, admin.token);
    expect(res.json()).toMatchObject({
      ars: null,
      population: null,
      parentId: null,
      contactName: null,
      contactEmail: null,
      contactPhone: null,
    });
  });

  it('a retried POST with the same Idempotency-Key creates one municipality', async () => {
    const headers = { 'idempotency-key': 'm-idem-1' };
    const first = await create(body('m-idem'), admin.token, headers);
    const second = await create(body('m-idem'), admin.token, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(await rowsWithSlug('m-idem')).toHaveLength(1);
  });

  it.each([
    ['an ARS of 11 digits', { ars: '07310000001' }, 'body.ars'],
    ['an ARS with letters', { ars: '07310000000a' }, 'body.ars'],
    ['an unknown state', { stateCode: 'XX' }, 'body.stateCode'],
    ['an unknown kind', { kind: 'dorf' }, 'body.kind'],
    ['a negative population', { population: -1 }, 'body.population'],
    ['a fractional population', { population: 1.5 }, 'body.population'],
    ['a bad slug', { slug: 'Groß Buchstaben' }, 'body.slug'],
    ['an empty name', { name: '   ' }, 'body.name'],
    ['a name of 201 characters', { name: 'x'.repeat(201) }, 'body.name'],
    ['a bad e-mail', { contactEmail: 'not-an-email' }, 'body.contactEmail'],
    ['a bad phone number', { contactPhone: 'call me' }, 'body.contactPhone'],
    ['a parent that is not a uuid', { parentId: 'abc' }, 'body.parentId'],
    ['an unknown field', { mayor: 'Someone' }, 'body.mayor'],
  ])('%s is a 400 problem and writes nothing', async (_what, extra, path) => {
    const before = await auditCount();
    const res = await create(body('m-invalid', extra));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await rowsWithSlug('m-invalid')).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('a taken slug is 409 slug_taken, a taken ARS 409 ars_taken; nothing is written', async () => {
    const ars = nextArs();
    await created('m-dup', { ars });
    const before = await auditCount();
    const slugRes = await create(body('m-dup'));
    expect(slugRes.statusCode).toBe(409);
    expect(slugRes.json()).toMatchObject({ code: 'slug_taken', status: 409 });
    const arsRes = await create(body('m-dup-ars', { ars }));
    expect(arsRes.statusCode).toBe(409);
    expect(arsRes.json()).toMatchObject({ code: 'ars_taken', status: 409 });
    expect(await rowsWithSlug('m-dup')).toHaveLength(1);
    expect(await rowsWithSlug('m-dup-ars')).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('a parent that does not exist or was deleted is 422 invalid_parent', async () => {
    const gone = await created('m-gone-parent');
    expect(
      (await h.request({ method: 'DELETE', url: `/v1/municipalities/${gone.id}`, token: admin.token }))
        .statusCode,
    ).toBe(204);
    for (const parentId of ['0190f1c2-7a1b-7cde-8f00-123456789abc', gone.id]) {
      const res = await create(body('m-orphan', { parentId }));
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_parent' });
    }
    expect(await rowsWithSlug('m-orphan')).toEqual([]);
  });

  it('only program admins create municipalities', async () => {
    const before = await auditCount();
    for (const token of [
      moderator.token,
      adminA.token,
      viewerA.token,
      keyA.key,
      keyPlatform.key,
      keyPublic.key,
    ]) {
      const res = await create(body('m-deny'), token);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect(await rowsWithSlug('m-deny')).toEqual([]);
    expect(await auditCount()).toBe(before);
  });
});

describe('reading municipalities', () => {
  it('the program office and a platform key read every municipality, with contact details', async () => {
    for (const token of [admin.token, moderator.token, keyPlatform.key]) {
      const res = await get(`/v1/municipalities?q=${encodeURIComponent('Beta-Höhe')}`, token);
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toMatchObject([{ id: b.id, contactName: 'Max Beta' }]);
      expect((await get(`/v1/municipalities/${a.id}`, token)).json()).toMatchObject({
        contactEmail: 'erika@alpha.example',
      });
    }
  });

  it('a key without personal:read sees every municipality it reaches without the contact person', async () => {
    for (const key of [await h.apiKey(['municipality:read']), await h.apiKey(['municipality:write'], a.id)]) {
      const res = await get('/v1/municipalities?q=Alpha-Tal', key.key);
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toMatchObject([
        { id: a.id, contactName: null, contactEmail: null, contactPhone: null },
      ]);
      expect((await get(`/v1/municipalities/${a.id}`, key.key)).json()).toMatchObject({ contactEmail: null });
    }
  });

  it('a public key sees the directory without the contact person', async () => {
    const list = await get('/v1/municipalities?q=Alpha-Tal', keyPublic.key);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toMatchObject([
      { id: a.id, name: a.name, contactName: null, contactEmail: null, contactPhone: null },
    ]);
    const one = await get(`/v1/municipalities/${b.id}`, keyPublic.key);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: b.id, contactName: null });
  });

  it('municipality users and municipality-bound keys see only their own municipality', async () => {
    for (const token of [adminA.token, viewerA.token, keyA.key]) {
      const list = await get('/v1/municipalities', token);
      expect(list.statusCode).toBe(200);
      expect(ids(list)).toEqual([a.id]);
      expect(list.json().data[0]).toMatchObject({ contactName: 'Erika Müller' });
      expect(ids(await get(`/v1/municipalities?q=Beta`, token))).toEqual([]);
      const sync = await get('/v1/municipalities?updatedSince=2000-01-01T00:00:00Z', token);
      expect(ids(sync)).toEqual([a.id]);
      expect((await get(`/v1/municipalities/${a.id}`, token)).statusCode).toBe(200);
      const foreign = await get(`/v1/municipalities/${b.id}`, token);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('not_found');
      expect(foreign.body).not.toContain(b.name);
    }
  });

  it('a key without scopes reads nothing', async () => {
    expect((await get('/v1/municipalities', keyNoScope.key)).statusCode).toBe(403);
    expect((await get(`/v1/municipalities/${a.id}`, keyNoScope.key)).statusCode).toBe(403);
  });

  it('an unknown id is 404, a malformed one 400', async () => {
    expect(
      (await get('/v1/municipalities/0190f1c2-7a1b-7cde-8f00-123456789abc', admin.token)).statusCode,
    ).toBe(404);
    expect((await get('/v1/municipalities/not-a-uuid', admin.token)).statusCode).toBe(400);
  });

  it('filters by kind, state, ARS and name (case-insensitive, wildcards literal)', async () => {
    const ars = nextArs();
    const x = await created('f-stadt', { name: 'Stadt Österberg', kind: 'stadt', stateCode: 'BW', ars });
    const y = await created('f-vg', { name: 'Verbandsgemeinde Österberg-Land', stateCode: 'BW' });
    const z = await created('f-percent', {
      name: 'Gemeinde 100% Digital',
      kind: 'ortsgemeinde',
      stateCode: 'SN',
    });
    const list = async (query: string) => ids(await get(`/v1/municipalities?${query}`, admin.token));
    expect(await list('stateCode=BW')).toEqual([x.id, y.id]);
    expect(await list('stateCode=BW&kind=stadt')).toEqual([x.id]);
    expect(await list(`ars=${ars}`)).toEqual([x.id]);
    expect(await list(`q=${encodeURIComponent('ÖSTERBERG')}`)).toEqual([x.id, y.id]);
    expect(await list(`q=${encodeURIComponent('österberg-l')}`)).toEqual([y.id]);
    expect(await list(`q=${encodeURIComponent('100%')}`)).toEqual([z.id]);
    expect(await list(`q=${encodeURIComponent('%')}`)).toEqual([z.id]);
    expect(await list(`q=${encodeURIComponent('_')}`)).toEqual([]);
  });

  it.each([
    ['q longer than 100 characters', `q=${'x'.repeat(101)}`],
    ['an ARS filter that is not 12 digits', 'ars=123'],
    ['an unknown state filter', 'stateCode=XX'],
    ['an unknown parameter', 'mayor=x'],
    ['a limit above 200', 'limit=201'],
    ['a forged cursor', 'cursor=bm90LWEtY3Vyc29y'],
  ])('%s is a 400 problem', async (_what, query) => {
    const res = await get(`/v1/municipalities?${query}`, admin.token);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('pages through a list with cursors, each row once', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await created(`page-${i}`, { name: `Seitenweise ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/municipalities?q=Seitenweise&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get(url, admin.token);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((m) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made);
  });

  it('answers 304 to a matching If-None-Match, for one municipality and for a list', async () => {
    for (const url of [`/v1/municipalities/${a.id}`, '/v1/municipalities?q=Alpha-Tal']) {
      const first = await get(url, admin.token);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(url, admin.token, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
  });
});

describe('changing municipalities', () => {
  it('PATCH applies with the current ETag, is 412 with a stale one, and audits before/after', async () => {
    const m = await created('c-patch', { population: 1000 });
    const etag = (await get(`/v1/municipalities/${m.id}`, admin.token)).headers.etag as string;
    const patch = (payload: object, ifMatch: string) =>
      h.request({
        method: 'PATCH',
        url: `/v1/municipalities/${m.id}`,
        token: admin.token,
        headers: { 'if-match': ifMatch },
        payload,
      });
    const first = await patch({ population: 2000, contactName: 'Anna Schäfer' }, etag);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ population: 2000, contactName: 'Anna Schäfer' });
    expect(first.headers.etag).not.toBe(etag);
    const stale = await patch({ population: 3000 }, etag);
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed', current: { population: 2000 } });
    const [row] = await rowsWithSlug('c-patch');
    expect(row!.population).toBe(2000);
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, m.id), eq(auditEvents.action, 'municipality.updated')));
    expect(events).toMatchObject([
      { municipalityId: m.id, before: { population: 1000, contactName: null }, after: { population: 2000 } },
    ]);
  });

  it('PATCH rejects a taken slug or ARS, an empty body, and unknown fields', async () => {
    const ars = nextArs();
    await created('c-other', { ars });
    const m = await created('c-mine');
    const patch = (payload: object) =>
      h.request({ method: 'PATCH', url: `/v1/municipalities/${m.id}`, token: admin.token, payload });
    expect((await patch({ slug: 'c-other' })).json()).toMatchObject({ status: 409, code: 'slug_taken' });
    expect((await patch({ ars })).json()).toMatchObject({ status: 409, code: 'ars_taken' });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ id: m.id })).statusCode).toBe(400);
    expect((await patch({ ars: '1234' })).statusCode).toBe(400);
    const [row] = await rowsWithSlug('c-mine');
    expect(row!.ars).toBeNull();
  });

  it('a municipality cannot be its own parent or the parent of its ancestor', async () => {
    const top = await created('c-top');
    const mid = await created('c-mid', { parentId: top.id });
    const leaf = await created('c-leaf', { parentId: mid.id });
    const setParent = (id: string, parentId: string | null) =>
      h.request({
        method: 'PATCH',
        url: `/v1/municipalities/${id}`,
        token: admin.token,
        payload: { parentId },
      });
    for (const [id, parentId] of [
      [top.id, top.id],
      [top.id, leaf.id],
      [mid.id, leaf.id],
    ] as const) {
      const res = await setParent(id, parentId);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_parent' });
    }
    const [row] = await rowsWithSlug('c-top');
    expect(row!.parentId).toBeNull();
    expect((await setParent(leaf.id, top.id)).json()).toMatchObject({ parentId: top.id });
    expect((await setParent(leaf.id, null)).json()).toMatchObject({ parentId: null });
  });

  it('only program admins change or delete municipalities', async () => {
    const before = await auditCount();
    for (const token of [moderator.token, adminA.token, keyA.key, keyPlatform.key]) {
      const patch = await h.request({
        method: 'PATCH',
        url: `/v1/municipalities/${a.id}`,
        token,
        payload: { name: 'Übernommen' },
      });
      expect(patch.statusCode).toBe(403);
      const del = await h.request({ method: 'DELETE', url: `/v1/municipalities/${a.id}`, token });
      expect(del.statusCode).toBe(403);
    }
    const [row] = await h.owner.select().from(municipalities).where(eq(municipalities.id, a.id));
    expect(row).toMatchObject({ name: a.name, deletedAt: null });
    expect(await auditCount()).toBe(before);
  });

  it('DELETE is a soft delete: 204, gone from reads, a tombstone row, an audit event; stale If-Match 412', async () => {
    const ars = nextArs();
    const m = await created('c-delete', { ars });
    const etag = (await get(`/v1/municipalities/${m.id}`, admin.token)).headers.etag as string;
    await h.request({
      method: 'PATCH',
      url: `/v1/municipalities/${m.id}`,
      token: admin.token,
      payload: { population: 5 },
    });
    const stale = await h.request({
      method: 'DELETE',
      url: `/v1/municipalities/${m.id}`,
      token: admin.token,
      headers: { 'if-match': etag },
    });
    expect(stale.statusCode).toBe(412);
    expect((await rowsWithSlug('c-delete'))[0]!.deletedAt).toBeNull();

    const del = await h.request({ method: 'DELETE', url: `/v1/municipalities/${m.id}`, token: admin.token });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    const [row] = await h.owner.select().from(municipalities).where(eq(municipalities.id, m.id));
    expect(row!.deletedAt).toBeInstanceOf(Date);
    // The program office still reads the tombstone; the plain list hides it.
    expect((await get(`/v1/municipalities/${m.id}`, admin.token)).json()).toMatchObject({
      id: m.id,
      deletedAt: row!.deletedAt!.toISOString(),
    });
    expect(ids(await get('/v1/municipalities?q=c-delete', admin.token))).toEqual([]);
    expect(
      (await h.request({ method: 'DELETE', url: `/v1/municipalities/${m.id}`, token: admin.token }))
        .statusCode,
    ).toBe(404);
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, m.id), eq(auditEvents.action, 'municipality.deleted')));
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ deletedAt: row!.deletedAt!.toISOString() });

    // The slug is free again; the official key stays reserved.
    expect((await create(body('c-delete'))).statusCode).toBe(201);
    expect((await create(body('c-delete-2', { ars }))).json()).toMatchObject({ code: 'ars_taken' });
  });
});

describe('syncing with updatedSince', () => {
  it('lists changes in change order with tombstones, across pages, each row once', async () => {
    const since = new Date().toISOString();
    const first = await created('s-first', { name: 'Spiegel Eins' });
    const second = await created('s-second', { name: 'Spiegel Zwei' });
    const third = await created('s-third', { name: 'Spiegel Drei' });
    await h.request({ method: 'DELETE', url: `/v1/municipalities/${first.id}`, token: admin.token });
    await h.request({
      method: 'PATCH',
      url: `/v1/municipalities/${second.id}`,
      token: admin.token,
      payload: { population: 42 },
    });

    const seen: { id: string; deletedAt: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/municipalities?q=Spiegel&limit=1&updatedSince=${since}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get(url, keyPublic.key);
      expect(res.statusCode).toBe(200);
      const page = res.json() as {
        data: { id: string; deletedAt: string | null }[];
        nextCursor: string | null;
      };
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((m) => m.id)).toEqual([third.id, first.id, second.id]);
    expect(seen[1]!.deletedAt).not.toBeNull();

    // The plain list hides the deleted row.
    expect(ids(await get('/v1/municipalities?q=Spiegel', admin.token))).toEqual([second.id, third.id]);
    // A later updatedSince returns only what changed after it.
    const [secondRow] = await h.owner
      .select()
      .from(municipalities)
      .where(eq(municipalities.slug, 's-second'));
    const after = new Date(secondRow!.updatedAt.getTime() + 1).toISOString();
    expect(ids(await get(`/v1/municipalities?q=Spiegel&updatedSince=${after}`, admin.token))).toEqual([]);
  });

  it('rejects a plain-list cursor in a sync list', async () => {
    const plain = (await get('/v1/municipalities?limit=1', admin.token)).json().nextCursor as string;
    const res = await get(
      `/v1/municipalities?limit=1&updatedSince=2000-01-01T00:00:00Z&cursor=${plain}`,
      admin.token,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });
});
