import { actionFields, auditEvents, programs } from '@werkstatt/db';
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
let keyNoScope: TestKey;
let programId: string;
let otherProgramId: string;
let deletedProgramId: string;

const UNKNOWN = '0190f1c2-7a1b-7cde-8f00-123456789abc';

const base = (pid = programId) => `/v1/programs/${pid}/action-fields`;

async function program(slug: string, deleted = false) {
  const [row] = await h.owner
    .insert(programs)
    .values({
      name: `Digital-Werkstatt ${slug}`,
      slug,
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde'],
      deletedAt: deleted ? new Date() : null,
    })
    .returning();
  return row!.id;
}

const body = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  title: 'Digitale Infrastruktur',
  description: 'Breitband, Mobilfunk und öffentliches WLAN.',
  exampleMeasures: ['Freies WLAN im Bürgerhaus', 'Funklochkarte für alle Ortsgemeinden'],
  ...extra,
});

const create = (
  payload: object,
  opts: { token?: string; pid?: string; headers?: Record<string, string> } = {},
) =>
  h.request({
    method: 'POST',
    url: base(opts.pid),
    token: opts.token ?? admin.token,
    payload,
    headers: opts.headers ?? {},
  });

async function created(key: string, extra: Record<string, unknown> = {}, pid = programId) {
  const res = await create(body(key, extra), { pid });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; sortOrder: number };
}

const get = (url: string, token = admin.token, headers: Record<string, string> = {}) =>
  h.request({ method: 'GET', url, token, headers });

const rowsWithKey = (key: string, pid = programId) =>
  h.owner
    .select()
    .from(actionFields)
    .where(and(eq(actionFields.programId, pid), eq(actionFields.key, key)));

const auditCount = async () => (await h.owner.select({ n: count() }).from(auditEvents))[0]!.n;

beforeAll(async () => {
  h = await createHarness();
  const a = await h.municipality();
  admin = await h.user('program_admin');
  moderator = await h.user('moderator');
  adminA = await h.user('municipality_admin', a.id);
  viewerA = await h.user('municipality_viewer', a.id);
  keyPublic = await h.apiKey(['public:read']);
  keyA = await h.apiKey(['municipality:read', 'municipality:write'], a.id);
  keyNoScope = await h.apiKey([]);
  programId = await program('af-main');
  otherProgramId = await program('af-other');
  deletedProgramId = await program('af-deleted', true);
});
afterAll(() => h.close());

describe('creating action fields', () => {
  it('a program admin adds a field: 201, Location, ETag, the fields, an audit event', async () => {
    const res = await create(body('af-create', { title: '  Silberne Gesellschaft  ', sortOrder: 7 }));
    expect(res.statusCode).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({
      programId,
      key: 'af-create',
      title: 'Silberne Gesellschaft',
      description: 'Breitband, Mobilfunk und öffentliches WLAN.',
      exampleMeasures: ['Freies WLAN im Bürgerhaus', 'Funklochkarte für alle Ortsgemeinden'],
      sortOrder: 7,
      deletedAt: null,
    });
    expect(res.headers.location).toBe(`${base()}/${f.id}`);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, f.id));
    expect(events).toMatchObject([
      {
        action: 'action_field.created',
        entityType: 'action_field',
        municipalityId: null,
        actorId: admin.id,
        before: null,
        after: { id: f.id, key: 'af-create', programId },
        requestId: res.headers['x-request-id'],
      },
    ]);
  });

  it('defaults: empty description and measures, placed after the last field of its program', async () => {
    const pid = await program('af-defaults');
    const first = await create({ key: 'erstes', title: 'Erstes Feld' }, { pid });
    expect(first.json()).toMatchObject({ description: '', exampleMeasures: [], sortOrder: 0 });
    await created('mitte', { sortOrder: 10 }, pid);
    expect((await create({ key: 'letztes', title: 'Letztes Feld' }, { pid })).json().sortOrder).toBe(11);
  });

  it('a retried POST with the same Idempotency-Key creates one field', async () => {
    const headers = { 'idempotency-key': 'af-idem-1' };
    const first = await create(body('af-idem'), { headers });
    const second = await create(body('af-idem'), { headers });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(await rowsWithKey('af-idem')).toHaveLength(1);
  });

  it.each([
    ['a key with capitals and spaces', { key: 'Digitale Infrastruktur' }, 'body.key'],
    ['a key of one character', { key: 'a' }, 'body.key'],
    ['an empty title', { title: '  ' }, 'body.title'],
    ['a title of 201 characters', { title: 'ä'.repeat(201) }, 'body.title'],
    ['a description of 5001 characters', { description: 'x'.repeat(5001) }, 'body.description'],
    [
      '21 example measures',
      { exampleMeasures: Array.from({ length: 21 }, (_, i) => `Maßnahme ${i}`) },
      'body.exampleMeasures',
    ],
    [
      'an example measure of 301 characters',
      { exampleMeasures: ['x'.repeat(301)] },
      'body.exampleMeasures.0',
    ],
    ['an empty example measure', { exampleMeasures: [''] }, 'body.exampleMeasures.0'],
    ['a fractional sort order', { sortOrder: 1.5 }, 'body.sortOrder'],
    ['a huge sort order', { sortOrder: 10_000_000 }, 'body.sortOrder'],
    ['an unknown field', { programId: UNKNOWN }, 'body.programId'],
  ])('%s is a 400 problem and writes nothing', async (_what, extra, path) => {
    const before = await auditCount();
    const res = await create(body('af-invalid', extra));
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await rowsWithKey('af-invalid')).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('a key already used in the program is 409 key_taken; another program may use it', async () => {
    await created('af-dup');
    const before = await auditCount();
    const dup = await create(body('af-dup'));
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'key_taken', status: 409 });
    expect(await rowsWithKey('af-dup')).toHaveLength(1);
    expect(await auditCount()).toBe(before);
    expect((await create(body('af-dup'), { pid: otherProgramId })).statusCode).toBe(201);
  });

  it('an unknown or deleted program is 404 and gets no field', async () => {
    for (const pid of [UNKNOWN, deletedProgramId]) {
      const res = await create(body('af-nowhere'), { pid });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
      expect(await rowsWithKey('af-nowhere', pid)).toEqual([]);
    }
  });

  it('only program admins add fields', async () => {
    const before = await auditCount();
    for (const token of [moderator.token, adminA.token, viewerA.token, keyA.key, keyPublic.key]) {
      const res = await create(body('af-deny'), { token });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect(await rowsWithKey('af-deny')).toEqual([]);
    expect(await auditCount()).toBe(before);
  });
});

describe('reading action fields', () => {
  it('every signed-in user and API key with a scope reads the catalog; a key without scopes does not', async () => {
    const f = await created('af-read');
    for (const token of [
      admin.token,
      moderator.token,
      adminA.token,
      viewerA.token,
      keyA.key,
      keyPublic.key,
    ]) {
      const list = await get(base(), token);
      expect(list.statusCode).toBe(200);
      expect(list.json().data.map((x: { id: string }) => x.id)).toContain(f.id);
      const one = await get(`${base()}/${f.id}`, token);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ id: f.id, key: 'af-read' });
    }
    expect((await get(base(), keyNoScope.key)).statusCode).toBe(403);
    expect((await get(`${base()}/${f.id}`, keyNoScope.key)).statusCode).toBe(403);
  });

  it('an unknown or deleted program is 404 for its list and its fields', async () => {
    const [hidden] = await h.owner
      .insert(actionFields)
      .values({ programId: deletedProgramId, key: 'versteckt', title: 'Versteckt' })
      .returning();
    for (const url of [
      base(UNKNOWN),
      base(deletedProgramId),
      `${base(deletedProgramId)}/${hidden!.id}`,
      `${base(deletedProgramId)}?updatedSince=2000-01-01T00:00:00Z`,
    ]) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it("a field is 404 under another program's path", async () => {
    const f = await created('af-elsewhere');
    expect((await get(`${base(otherProgramId)}/${f.id}`)).statusCode).toBe(404);
    expect((await get(`${base()}/${UNKNOWN}`)).statusCode).toBe(404);
  });

  it('lists by sortOrder, then creation, across pages with cursors', async () => {
    const pid = await program('af-order');
    const c = await created('feld-c', { sortOrder: 2 }, pid);
    const b1 = await created('b-eins', { sortOrder: 1 }, pid);
    const a = await created('feld-a', { sortOrder: -5 }, pid);
    const b2 = await created('b-zwei', { sortOrder: 1 }, pid);
    const d = await created('feld-d', { sortOrder: 100 }, pid);
    const expected = [a.id, b1.id, b2.id, c.id, d.id];
    const all = await get(base(pid));
    expect(all.json().data.map((x: { id: string }) => x.id)).toEqual(expected);
    expect(all.json().nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`${base(pid)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('a forged or foreign cursor is a 400 problem, not a server error', async () => {
    const forged = (value: string) => Buffer.from(JSON.stringify([value, UNKNOWN])).toString('base64url');
    for (const cursor of [
      'bm9wZQ',
      forged('2026-01-01T00:00:00.000Z'),
      forged('99999999999'),
      forged('1.5'),
    ]) {
      const res = await get(`${base()}?cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const sync = await get(
      `${base()}?updatedSince=2000-01-01T00:00:00Z&cursor=${forged('2026-02-30T00:00:00Z')}`,
    );
    expect(sync.statusCode).toBe(400);
  });

  it('answers 304 to a matching If-None-Match, for one field and for the list', async () => {
    const f = await created('af-etag');
    for (const url of [`${base()}/${f.id}`, base()]) {
      const etag = (await get(url)).headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(url, admin.token, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
    }
  });
});

describe('changing action fields', () => {
  it('PATCH applies with the current ETag, is 412 with a stale one, and audits before/after', async () => {
    const f = await created('af-patch', { sortOrder: 3 });
    const url = `${base()}/${f.id}`;
    const etag = (await get(url)).headers.etag as string;
    const patch = (payload: object, ifMatch: string) =>
      h.request({ method: 'PATCH', url, token: admin.token, headers: { 'if-match': ifMatch }, payload });
    const first = await patch({ title: 'Dorf- und Stadtentwicklung', exampleMeasures: [] }, etag);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      title: 'Dorf- und Stadtentwicklung',
      exampleMeasures: [],
      sortOrder: 3,
    });
    const stale = await patch({ title: 'Verlorene Änderung' }, etag);
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({
      code: 'precondition_failed',
      current: { title: 'Dorf- und Stadtentwicklung' },
    });
    const [row] = await rowsWithKey('af-patch');
    expect(row!.title).toBe('Dorf- und Stadtentwicklung');
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, f.id), eq(auditEvents.action, 'action_field.updated')));
    expect(events).toMatchObject([
      {
        municipalityId: null,
        before: { title: 'Digitale Infrastruktur', exampleMeasures: body('x').exampleMeasures },
        after: { title: 'Dorf- und Stadtentwicklung', exampleMeasures: [] },
      },
    ]);
  });

  it('PATCH to a key taken in the program is 409 key_taken; bad bodies are 400', async () => {
    await created('af-taken');
    const f = await created('af-rename');
    const patch = (payload: object) =>
      h.request({ method: 'PATCH', url: `${base()}/${f.id}`, token: admin.token, payload });
    expect((await patch({ key: 'af-taken' })).json()).toMatchObject({ status: 409, code: 'key_taken' });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ programId: otherProgramId })).statusCode).toBe(400);
    expect(await rowsWithKey('af-rename')).toHaveLength(1);
  });

  it('only program admins change or delete fields', async () => {
    const f = await created('af-guarded');
    const before = await auditCount();
    for (const token of [moderator.token, adminA.token, keyA.key, keyPublic.key]) {
      const url = `${base()}/${f.id}`;
      expect(
        (await h.request({ method: 'PATCH', url, token, payload: { title: 'Übernommen' } })).statusCode,
      ).toBe(403);
      expect((await h.request({ method: 'DELETE', url, token })).statusCode).toBe(403);
    }
    expect(await rowsWithKey('af-guarded')).toMatchObject([
      { title: 'Digitale Infrastruktur', deletedAt: null },
    ]);
    expect(await auditCount()).toBe(before);
  });

  it('fields of a deleted program cannot be changed', async () => {
    const [f] = await h.owner
      .insert(actionFields)
      .values({ programId: deletedProgramId, key: 'eingefroren', title: 'Eingefroren' })
      .returning();
    const url = `${base(deletedProgramId)}/${f!.id}`;
    expect(
      (await h.request({ method: 'PATCH', url, token: admin.token, payload: { title: 'Neu' } })).statusCode,
    ).toBe(404);
    expect((await h.request({ method: 'DELETE', url, token: admin.token })).statusCode).toBe(404);
  });

  it('DELETE is a soft delete: 204, gone, key free again, audited; stale If-Match 412', async () => {
    const f = await created('af-delete');
    const url = `${base()}/${f.id}`;
    const etag = (await get(url)).headers.etag as string;
    await h.request({ method: 'PATCH', url, token: admin.token, payload: { sortOrder: 9 } });
    const stale = await h.request({
      method: 'DELETE',
      url,
      token: admin.token,
      headers: { 'if-match': etag },
    });
    expect(stale.statusCode).toBe(412);
    expect((await rowsWithKey('af-delete'))[0]!.deletedAt).toBeNull();

    const del = await h.request({ method: 'DELETE', url, token: admin.token });
    expect(del.statusCode).toBe(204);
    const [row] = await h.owner.select().from(actionFields).where(eq(actionFields.id, f.id));
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect((await get(url)).statusCode).toBe(404);
    expect((await get(base())).json().data.map((x: { id: string }) => x.id)).not.toContain(f.id);
    expect((await h.request({ method: 'DELETE', url, token: admin.token })).statusCode).toBe(404);
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, f.id), eq(auditEvents.action, 'action_field.deleted')));
    expect(events).toHaveLength(1);
    expect((await create(body('af-delete'))).statusCode).toBe(201);
  });
});

describe('syncing with updatedSince', () => {
  it('lists changes in change order with tombstones, across pages, each row once', async () => {
    const pid = await program('af-sync');
    const since = new Date().toISOString();
    const one = await created('eins', { sortOrder: 1 }, pid);
    const two = await created('zwei', { sortOrder: 2 }, pid);
    const three = await created('drei', { sortOrder: 3 }, pid);
    await h.request({ method: 'DELETE', url: `${base(pid)}/${one.id}`, token: admin.token });
    await h.request({
      method: 'PATCH',
      url: `${base(pid)}/${two.id}`,
      token: admin.token,
      payload: { title: 'Zwei' },
    });

    const seen: { id: string; deletedAt: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `${base(pid)}?limit=1&updatedSince=${since}${cursor ? `&cursor=${cursor}` : ''}`,
        keyPublic.key,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json() as {
        data: { id: string; deletedAt: string | null }[];
        nextCursor: string | null;
      };
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((x) => x.id)).toEqual([three.id, one.id, two.id]);
    expect(seen[1]!.deletedAt).not.toBeNull();
    expect((await get(base(pid))).json().data.map((x: { id: string }) => x.id)).toEqual([two.id, three.id]);
  });
});
