import { createHash, randomUUID } from 'node:crypto';
import { apiKeys, auditEvents } from '@werkstatt/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';

let h: Harness;
let m1: string;
let m2: string;
let admin: TestUser;
let m1Admin: TestUser;
let m2Admin: TestUser;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const keysNamed = (name: string) => h.owner.select().from(apiKeys).where(eq(apiKeys.name, name));
const keyRow = async (id: string) => (await h.owner.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;
const auditOf = (id: string) =>
  h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);

let seq = 0;
const keyName = () => `Landesportal ${seq++}`;

async function createKey(token: string, body: Record<string, unknown>) {
  const res = await h.request({ method: 'POST', url: '/v1/api-keys', token, payload: body });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; key: string; prefix: string; municipalityId: string | null };
}

/** Rows of every table whose text contains needle: the plain key must be in none of them. */
async function tablesContaining(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['api_keys', 'audit_events', 'idempotency_keys', 'outbox']) {
    const res = await h.owner.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} t where t::text like ${`%${needle}%`}`,
    );
    if ((res.rows[0] as { n: number }).n > 0) found.push(table);
  }
  return found;
}

beforeAll(async () => {
  h = await createHarness();
  m1 = (await h.municipality()).id;
  m2 = (await h.municipality()).id;
  admin = await h.user('program_admin');
  m1Admin = await h.user('municipality_admin', m1);
  m2Admin = await h.user('municipality_admin', m2);
});
afterAll(() => h.close());

describe('creating API keys', () => {
  it('shows the key once, stores only its SHA-256 hash and a display prefix, and audits without it', async () => {
    const name = keyName();
    const res = await h.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: admin.token,
      payload: { name, scopes: ['public:read'] },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.key).toMatch(/^wst_[\w-]{40,}$/);
    expect(created).toMatchObject({
      name,
      prefix: created.key.slice(0, 12),
      scopes: ['public:read'],
      municipalityId: null,
      createdBy: admin.id,
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    expect(res.headers.location).toBe(`/v1/api-keys/${created.id}`);

    const row = await keyRow(created.id);
    expect(row.keyHash).toBe(sha256(created.key));
    expect(row.prefix).toBe(created.key.slice(0, 12));
    // The probe finds what is there (the hash), so its empty answers for the key mean something.
    expect(await tablesContaining(row.keyHash)).toEqual(['api_keys']);
    expect(await tablesContaining(created.key)).toEqual([]);
    expect(await tablesContaining(created.key.slice(12))).toEqual([]);
    expect(await auditOf(created.id)).toMatchObject([
      { action: 'api_key.created', actorId: admin.id, municipalityId: null, before: null },
    ]);

    // Reading it back never shows the key or its hash; the ETag matches the one from creation.
    const get = await h.request({ method: 'GET', url: `/v1/api-keys/${created.id}`, token: admin.token });
    expect(get.statusCode).toBe(200);
    expect(get.headers.etag).toBe(res.headers.etag);
    expect(get.json()).not.toHaveProperty('key');
    expect(get.body).not.toContain(created.key.slice(12));
    expect(get.body).not.toContain(row.keyHash);
    const list = await h.request({ method: 'GET', url: '/v1/api-keys?limit=200', token: admin.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((k: { id: string }) => k.id)).toContain(created.id);
    expect(list.body).not.toContain(created.key.slice(12));
    expect(list.body).not.toContain(row.keyHash);
  });

  it('a created key authenticates, and its last use is recorded', async () => {
    const created = await createKey(admin.token, { name: keyName(), scopes: ['public:read'] });
    const res = await h.request({ method: 'GET', url: '/v1/programs', token: created.key });
    expect(res.statusCode).toBe(200);
    expect((await keyRow(created.id)).lastUsedAt).not.toBeNull();
    const get = await h.request({ method: 'GET', url: `/v1/api-keys/${created.id}`, token: admin.token });
    expect(get.json().lastUsedAt).not.toBeNull();
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const name = keyName();
    const bad = [
      { name, scopes: [] },
      { name, scopes: ['public:read', 'public:read'] },
      { name, scopes: ['admin:all'] },
      { name: '', scopes: ['public:read'] },
      { name: 'n'.repeat(201), scopes: ['public:read'] },
      { name, scopes: ['public:read'], expiresAt: new Date(Date.now() - 60_000).toISOString() },
      { name, scopes: ['public:read'], expiresAt: 'morgen' },
      { name, scopes: ['public:read'], keyHash: 'x' },
    ];
    for (const payload of bad) {
      const res = await h.request({ method: 'POST', url: '/v1/api-keys', token: admin.token, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(await keysNamed(name)).toEqual([]);
    expect(await keysNamed('')).toEqual([]);
  });

  it('a program admin binds keys to any municipality, but not to one that does not exist', async () => {
    const bound = await createKey(admin.token, {
      name: keyName(),
      scopes: ['municipality:read'],
      municipalityId: m2,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(bound.municipalityId).toBe(m2);
    expect((await keyRow(bound.id)).expiresAt).not.toBeNull();
    const name = keyName();
    const res = await h.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: admin.token,
      payload: { name, scopes: ['public:read'], municipalityId: randomUUID() },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect(await keysNamed(name)).toEqual([]);
  });
});

describe('municipality administrators and keys', () => {
  it('get keys bound to their own municipality by default or when they name it', async () => {
    const byDefault = await createKey(m1Admin.token, {
      name: keyName(),
      scopes: ['municipality:read', 'municipality:write'],
    });
    expect(byDefault.municipalityId).toBe(m1);
    const named = await createKey(m1Admin.token, {
      name: keyName(),
      scopes: ['public:read'],
      municipalityId: m1,
    });
    expect(named.municipalityId).toBe(m1);
    expect(await auditOf(byDefault.id)).toMatchObject([
      { action: 'api_key.created', actorId: m1Admin.id, municipalityId: m1 },
    ]);
  });

  it('cannot create a key without a municipality (403) or for another one (404)', async () => {
    const unbound = keyName();
    const res = await h.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: m1Admin.token,
      payload: { name: unbound, scopes: ['public:read'], municipalityId: null },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect(await keysNamed(unbound)).toEqual([]);

    const elsewhere = keyName();
    const other = await h.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: m1Admin.token,
      payload: { name: elsewhere, scopes: ['municipality:read'], municipalityId: m2 },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'not_found' });
    expect(await keysNamed(elsewhere)).toEqual([]);
  });

  it("see and revoke only their municipality's keys: another municipality's key is 404", async () => {
    const own = await createKey(m1Admin.token, { name: keyName(), scopes: ['public:read'] });
    const theirs = await createKey(m2Admin.token, { name: keyName(), scopes: ['public:read'] });
    const platformKey = await createKey(admin.token, { name: keyName(), scopes: ['public:read'] });

    const list = await h.request({ method: 'GET', url: '/v1/api-keys?limit=200', token: m1Admin.token });
    expect(list.statusCode).toBe(200);
    const listed = list.json().data as { id: string; municipalityId: string }[];
    expect(listed.map((k) => k.id)).toContain(own.id);
    expect(new Set(listed.map((k) => k.municipalityId))).toEqual(new Set([m1]));
    const filtered = await h.request({
      method: 'GET',
      url: `/v1/api-keys?municipalityId=${m2}`,
      token: m1Admin.token,
    });
    expect(filtered.json()).toEqual({ data: [], nextCursor: null });

    for (const other of [theirs, platformKey]) {
      const get = await h.request({ method: 'GET', url: `/v1/api-keys/${other.id}`, token: m1Admin.token });
      expect(get.statusCode).toBe(404);
      const del = await h.request({
        method: 'DELETE',
        url: `/v1/api-keys/${other.id}`,
        token: m1Admin.token,
      });
      expect(del.statusCode).toBe(404);
      expect(del.json()).toMatchObject({ code: 'not_found' });
      expect((await keyRow(other.id)).revokedAt).toBeNull();
      expect((await h.request({ method: 'GET', url: '/v1/programs', token: other.key })).statusCode).toBe(
        200,
      );
    }

    const revoke = await h.request({ method: 'DELETE', url: `/v1/api-keys/${own.id}`, token: m1Admin.token });
    expect(revoke.statusCode).toBe(204);
    expect((await keyRow(own.id)).revokedAt).not.toBeNull();
  });
});

describe('who may manage keys', () => {
  it('moderators, editors, viewers and API keys get 403 on every /v1/api-keys route and change nothing', async () => {
    const target = await createKey(admin.token, {
      name: keyName(),
      scopes: ['public:read'],
      municipalityId: m1,
    });
    const callers = [
      (await h.user('moderator')).token,
      (await h.user('municipality_editor', m1)).token,
      (await h.user('municipality_viewer', m1)).token,
      (await h.apiKey(['public:read'])).key,
      (await h.apiKey(['municipality:read', 'municipality:write'])).key,
      (await h.apiKey(['municipality:read', 'municipality:write'], m1)).key,
    ];
    for (const token of callers) {
      const name = keyName();
      const responses = [
        await h.request({ method: 'GET', url: '/v1/api-keys', token }),
        await h.request({
          method: 'POST',
          url: '/v1/api-keys',
          token,
          payload: { name, scopes: ['public:read'] },
        }),
        await h.request({ method: 'GET', url: `/v1/api-keys/${target.id}`, token }),
        await h.request({ method: 'DELETE', url: `/v1/api-keys/${target.id}`, token }),
      ];
      for (const res of responses) {
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'forbidden' });
      }
      expect(await keysNamed(name)).toEqual([]);
    }
    expect((await keyRow(target.id)).revokedAt).toBeNull();
    expect(await auditOf(target.id)).toHaveLength(1);
  });

  it("a municipality-bound key cannot read another municipality's users: keys never manage users", async () => {
    const key = await createKey(m1Admin.token, {
      name: keyName(),
      scopes: ['municipality:read', 'municipality:write'],
    });
    const m2User = await h.user('municipality_editor', m2);
    for (const url of [`/v1/users?municipalityId=${m2}`, `/v1/users/${m2User.id}`, '/v1/users']) {
      const res = await h.request({ method: 'GET', url, token: key.key });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
    }
  });
});

describe('revoking and expiry', () => {
  it('a revoked key gets 401 at once; revoking again changes nothing', async () => {
    const created = await createKey(admin.token, { name: keyName(), scopes: ['public:read'] });
    expect((await h.request({ method: 'GET', url: '/v1/programs', token: created.key })).statusCode).toBe(
      200,
    );
    const res = await h.request({ method: 'DELETE', url: `/v1/api-keys/${created.id}`, token: admin.token });
    expect(res.statusCode).toBe(204);
    const row = await keyRow(created.id);
    expect(row.revokedAt).not.toBeNull();

    const after = await h.request({ method: 'GET', url: '/v1/programs', token: created.key });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthorized' });

    const again = await h.request({
      method: 'DELETE',
      url: `/v1/api-keys/${created.id}`,
      token: admin.token,
    });
    expect(again.statusCode).toBe(204);
    expect((await keyRow(created.id)).revokedAt).toEqual(row.revokedAt);
    expect((await auditOf(created.id)).map((e) => e.action)).toEqual(['api_key.created', 'api_key.revoked']);

    const get = await h.request({ method: 'GET', url: `/v1/api-keys/${created.id}`, token: admin.token });
    expect(get.json().revokedAt).toBe(row.revokedAt!.toISOString());
  });

  it('revoking with a stale If-Match is 412 and leaves the key working', async () => {
    const created = await createKey(admin.token, { name: keyName(), scopes: ['public:read'] });
    const res = await h.request({
      method: 'DELETE',
      url: `/v1/api-keys/${created.id}`,
      token: admin.token,
      headers: { 'if-match': '"stale"' },
    });
    expect(res.statusCode).toBe(412);
    expect(res.json()).toMatchObject({ code: 'precondition_failed' });
    expect((await keyRow(created.id)).revokedAt).toBeNull();
  });

  it('an expired key gets 401', async () => {
    const created = await createKey(admin.token, {
      name: keyName(),
      scopes: ['public:read'],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await h.request({ method: 'GET', url: '/v1/programs', token: created.key })).statusCode).toBe(
      200,
    );
    // Let the expiry pass without waiting for it.
    await h.owner
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, created.id));
    const res = await h.request({ method: 'GET', url: '/v1/programs', token: created.key });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });
});

describe('listing keys', () => {
  it('pages with a cursor', async () => {
    const m3 = (await h.municipality()).id;
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(
        await createKey(admin.token, { name: keyName(), scopes: ['public:read'], municipalityId: m3 }),
      );
    }
    const first = await h.request({
      method: 'GET',
      url: `/v1/api-keys?municipalityId=${m3}&limit=2`,
      token: admin.token,
    });
    expect(first.json().data.map((k: { id: string }) => k.id)).toEqual([made[0]!.id, made[1]!.id]);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await h.request({
      method: 'GET',
      url: `/v1/api-keys?municipalityId=${m3}&limit=2&cursor=${cursor}`,
      token: admin.token,
    });
    expect(second.json()).toMatchObject({ data: [{ id: made[2]!.id }], nextCursor: null });
  });
});
