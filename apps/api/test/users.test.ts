import { randomUUID } from 'node:crypto';
import {
  accountTokens,
  auditEvents,
  idempotencyKeys,
  outbox,
  refreshTokens,
  type UserRole,
  users,
} from '@werkstatt/db';
import { count, eq, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_PASSWORD, type Harness, type TestUser } from './support/harness.js';

let h: Harness;
let m1: string;
let m2: string;
let admin: TestUser;
let m1Admin: TestUser;
let m2Editor: TestUser;

let seq = 0;
const email = (tag: string) => `${tag}-${Date.now().toString(36)}-${seq++}@test.example`;

const newUser = (role: UserRole, municipalityId?: string, overrides: Record<string, unknown> = {}) => ({
  email: email(role),
  name: 'Anna Schäfer',
  role,
  ...(municipalityId ? { municipalityId } : {}),
  password: 'ein-sicheres-passwort',
  ...overrides,
});

const usersWithEmail = (address: string) =>
  h.owner.select().from(users).where(sql`lower(${users.email}) = lower(${address})`);

const userRow = async (id: string) => (await h.owner.select().from(users).where(eq(users.id, id)))[0]!;

const auditOf = (id: string) =>
  h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);

/** The invitation jobs of a user: each names one of the user's account_tokens rows. */
const invitationJobs = async (userId: string) =>
  (
    await h.owner
      .select({ job: outbox, token: accountTokens })
      .from(outbox)
      .innerJoin(accountTokens, sql`${accountTokens.id}::text = ${outbox.payload}->>'tokenId'`)
      .where(sql`${outbox.jobName} = 'user.invitation' and ${accountTokens.userId} = ${userId}`)
  ).map((r) => ({ ...r.job, token: r.token }));

const outboxRows = async () => (await h.owner.select({ n: count() }).from(outbox))[0]!.n;

async function login(address: string, password = FIXTURE_PASSWORD) {
  const res = await h.request({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: address, password },
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { accessToken: string; refreshToken: string };
}

const refresh = (refreshToken: string) =>
  h.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });

beforeAll(async () => {
  h = await createHarness();
  m1 = (await h.municipality()).id;
  m2 = (await h.municipality()).id;
  admin = await h.user('program_admin');
  m1Admin = await h.user('municipality_admin', m1);
  m2Editor = await h.user('municipality_editor', m2);
});
afterAll(() => h.close());

describe('creating users', () => {
  it('a program admin creates a user: 201, Location, ETag, argon2id hash stored, never returned, audited', async () => {
    const payload = newUser('municipality_editor', m1);
    const res = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      email: payload.email,
      name: 'Anna Schäfer',
      role: 'municipality_editor',
      municipalityId: m1,
      disabled: false,
      deletedAt: null,
    });
    expect(res.headers.location).toBe(`/v1/users/${created.id}`);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.body).not.toMatch(/password|argon2/i);

    const row = await userRow(created.id);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const events = await auditOf(created.id);
    expect(events).toMatchObject([
      { action: 'user.created', actorId: admin.id, municipalityId: m1, before: null },
    ]);
    expect(JSON.stringify(events[0]!.after)).not.toMatch(/argon2|password/i);
    // The new user signs in with the password that was set.
    await login(payload.email, payload.password);
  });

  it('an Idempotency-Key retry returns the first user and creates no second one, nor a second invitation job', async () => {
    const payload = newUser('municipality_viewer', m1);
    const headers = { 'idempotency-key': randomUUID() };
    const first = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, headers, payload });
    const retry = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, headers, payload });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    expect(await usersWithEmail(payload.email)).toHaveLength(1);
    expect(await invitationJobs(first.json().id)).toHaveLength(1);
  });

  it('e-mail addresses are unique regardless of case: 409 email_taken', async () => {
    const payload = newUser('municipality_editor', m1);
    const first = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
    expect(first.statusCode).toBe(201);
    const res = await h.request({
      method: 'POST',
      url: '/v1/users',
      token: admin.token,
      payload: { ...payload, email: payload.email.toUpperCase() },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'email_taken', status: 409 });
    expect(await usersWithEmail(payload.email)).toHaveLength(1);
  });

  it('the address of a deleted user can be given to a new account, which then signs in', async () => {
    const payload = newUser('municipality_editor', m1);
    const first = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
    expect(first.statusCode).toBe(201);
    const del = await h.request({
      method: 'DELETE',
      url: `/v1/users/${first.json().id}`,
      token: admin.token,
    });
    expect(del.statusCode).toBe(204);
    const again = await h.request({
      method: 'POST',
      url: '/v1/users',
      token: admin.token,
      payload: { ...payload, email: payload.email.toUpperCase(), password: 'ein-neues-passwort' },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.json().id);
    // The deleted account no longer holds the address at all: erasing it replaced the address.
    expect(await usersWithEmail(payload.email)).toHaveLength(1);
    expect((await login(payload.email, 'ein-neues-passwort')).accessToken).toBeTruthy();
    const taken = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
    expect(taken.json()).toMatchObject({ status: 409, code: 'email_taken' });
  });

  it('roles and municipalities must fit: 422 role_municipality_mismatch, nothing written', async () => {
    const cases = [
      newUser('moderator', m1),
      newUser('program_admin', m1),
      newUser('municipality_editor'),
      newUser('municipality_admin'),
    ];
    for (const payload of cases) {
      const res = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'role_municipality_mismatch' });
      expect(await usersWithEmail(payload.email)).toEqual([]);
    }
    const moderator = newUser('moderator');
    const ok = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload: moderator });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ role: 'moderator', municipalityId: null });
  });

  it('a municipality that does not exist is 404 and writes nothing', async () => {
    const payload = newUser('municipality_editor', randomUUID());
    const res = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect(await usersWithEmail(payload.email)).toEqual([]);
  });

  it('bad input is a 400 problem: short password, long e-mail, unknown field', async () => {
    const bad = [
      newUser('municipality_editor', m1, { password: 'zu-kurz' }),
      newUser('municipality_editor', m1, { password: 'x'.repeat(1025) }),
      newUser('municipality_editor', m1, { email: `${'a'.repeat(250)}@t.de` }),
      newUser('municipality_editor', m1, { name: '' }),
      newUser('municipality_editor', m1, { name: 'n'.repeat(201) }),
      newUser('municipality_editor', m1, { passwordHash: 'x' }),
      newUser('municipality_editor', m1, { role: 'superuser' }),
    ];
    for (const payload of bad) {
      const res = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
      expect(await usersWithEmail(payload.email as string)).toEqual([]);
    }
  });
});

describe('the invitation e-mail job', () => {
  it('creating a user writes exactly one mail/user.invitation outbox row naming its link and municipality', async () => {
    const creations = [
      { by: admin, payload: newUser('municipality_editor', m1) },
      // A municipality admin writes under its tenant scope: RLS must let the row of its municipality in.
      { by: m1Admin, payload: newUser('municipality_viewer', m1) },
      { by: admin, payload: newUser('moderator') },
    ];
    for (const { by, payload } of creations) {
      const res = await h.request({ method: 'POST', url: '/v1/users', token: by.token, payload });
      expect(res.statusCode).toBe(201);
      const { id, municipalityId } = res.json() as { id: string; municipalityId: string | null };
      const jobs = await invitationJobs(id);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({
        queue: 'mail',
        jobName: 'user.invitation',
        municipalityId,
        dispatchedAt: null,
        attempts: 0,
      });
      // Ids only: the link's secret is derived by the worker and never passes through the outbox.
      expect(jobs[0]!.payload).toEqual({ tokenId: jobs[0]!.token.id, municipalityId });
      expect(jobs[0]!.token).toMatchObject({ purpose: 'invitation', municipalityId, tokenHash: null });
    }
  });

  it('a refused or failed create writes no job', async () => {
    const taken = newUser('municipality_editor', m1);
    const first = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload: taken });
    expect(first.statusCode).toBe(201);
    const before = await outboxRows();
    const attempts = [
      // Fails inside the transaction, on the unique e-mail index.
      { token: admin.token, payload: { ...taken, email: taken.email.toUpperCase() }, status: 409 },
      { token: admin.token, payload: newUser('municipality_editor', randomUUID()), status: 404 },
      { token: admin.token, payload: newUser('moderator', m1), status: 422 },
      { token: m1Admin.token, payload: newUser('program_admin'), status: 403 },
      { token: m1Admin.token, payload: newUser('municipality_editor', m2), status: 404 },
      { token: m2Editor.token, payload: newUser('municipality_viewer', m2), status: 403 },
      {
        token: admin.token,
        payload: newUser('municipality_editor', m1, { password: 'zu-kurz' }),
        status: 400,
      },
    ];
    for (const { token, payload, status } of attempts) {
      const res = await h.request({ method: 'POST', url: '/v1/users', token, payload });
      expect(res.statusCode).toBe(status);
    }
    expect(await outboxRows()).toBe(before);
  });

  it('a create that fails at commit, after the job was written, leaves neither user nor job', async () => {
    // A deferred check runs at COMMIT, i.e. after the outbox insert: the whole transaction must go.
    await h.owner.execute(sql`
      create function fail_at_commit() returns trigger language plpgsql as $$
      begin
        if new.name = 'Scheitert beim Commit' then raise exception 'injected failure at commit'; end if;
        return null;
      end $$`);
    await h.owner.execute(sql`
      create constraint trigger users_fail_at_commit after insert on users
      deferrable initially deferred for each row execute function fail_at_commit()`);
    try {
      const before = await outboxRows();
      const payload = newUser('municipality_editor', m1, { name: 'Scheitert beim Commit' });
      const res = await h.request({ method: 'POST', url: '/v1/users', token: admin.token, payload });
      expect(res.statusCode).toBe(500);
      expect(await usersWithEmail(payload.email)).toEqual([]);
      expect(await outboxRows()).toBe(before);
    } finally {
      await h.owner.execute(sql`drop trigger users_fail_at_commit on users`);
      await h.owner.execute(sql`drop function fail_at_commit()`);
    }
  });
});

describe('who may manage users', () => {
  it('moderators, editors, viewers and API keys get 403 on every /v1/users route and change nothing', async () => {
    const target = await h.user('municipality_viewer', m1);
    const callers = [
      (await h.user('moderator')).token,
      (await h.user('municipality_editor', m1)).token,
      (await h.user('municipality_viewer', m1)).token,
      (await h.apiKey(['public:read'])).key,
      (await h.apiKey(['municipality:read', 'municipality:write'])).key,
      (await h.apiKey(['municipality:read', 'municipality:write'], m1)).key,
    ];
    for (const token of callers) {
      const payload = newUser('municipality_viewer', m1);
      const responses = [
        await h.request({ method: 'GET', url: '/v1/users', token }),
        await h.request({ method: 'POST', url: '/v1/users', token, payload }),
        await h.request({ method: 'GET', url: `/v1/users/${target.id}`, token }),
        await h.request({
          method: 'PATCH',
          url: `/v1/users/${target.id}`,
          token,
          payload: { name: 'Mallory' },
        }),
        await h.request({ method: 'DELETE', url: `/v1/users/${target.id}`, token }),
      ];
      for (const res of responses) {
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'forbidden' });
      }
      expect(await usersWithEmail(payload.email)).toEqual([]);
    }
    const row = await userRow(target.id);
    expect(row).toMatchObject({ name: 'Test municipality_viewer', deletedAt: null, disabled: false });
    expect(await auditOf(target.id)).toEqual([]);
  });

  it('without a token every route is 401', async () => {
    const res = await h.request({ method: 'GET', url: '/v1/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('a municipality admin creates admins, editors and viewers of its own municipality, audited there', async () => {
    for (const role of ['municipality_admin', 'municipality_editor', 'municipality_viewer'] as const) {
      const res = await h.request({
        method: 'POST',
        url: '/v1/users',
        token: m1Admin.token,
        payload: newUser(role, m1),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ role, municipalityId: m1 });
      expect(await auditOf(res.json().id)).toMatchObject([
        { action: 'user.created', actorId: m1Admin.id, municipalityId: m1 },
      ]);
    }
  });

  it('a municipality admin cannot grant program office roles (403) or create users elsewhere (404)', async () => {
    for (const payload of [newUser('program_admin'), newUser('moderator')]) {
      const res = await h.request({ method: 'POST', url: '/v1/users', token: m1Admin.token, payload });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
      expect(await usersWithEmail(payload.email)).toEqual([]);
    }
    const elsewhere = newUser('municipality_editor', m2);
    const res = await h.request({
      method: 'POST',
      url: '/v1/users',
      token: m1Admin.token,
      payload: elsewhere,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect(await usersWithEmail(elsewhere.email)).toEqual([]);
  });

  it("a municipality admin gets 404 for another municipality's user on read, update and delete", async () => {
    const before = await userRow(m2Editor.id);
    const responses = [
      await h.request({ method: 'GET', url: `/v1/users/${m2Editor.id}`, token: m1Admin.token }),
      await h.request({ method: 'GET', url: `/v1/users/${admin.id}`, token: m1Admin.token }),
      await h.request({
        method: 'PATCH',
        url: `/v1/users/${m2Editor.id}`,
        token: m1Admin.token,
        payload: { disabled: true },
      }),
      await h.request({ method: 'DELETE', url: `/v1/users/${m2Editor.id}`, token: m1Admin.token }),
    ];
    for (const res of responses) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    expect(await userRow(m2Editor.id)).toEqual(before);
    expect(await auditOf(m2Editor.id)).toEqual([]);
  });

  it("a municipality admin's list holds only its own municipality, whatever the filter says", async () => {
    const own = await h.request({ method: 'GET', url: '/v1/users?limit=200', token: m1Admin.token });
    expect(own.statusCode).toBe(200);
    const ids = own.json().data.map((u: { municipalityId: string }) => u.municipalityId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set([m1]));
    const other = await h.request({
      method: 'GET',
      url: `/v1/users?municipalityId=${m2}`,
      token: m1Admin.token,
    });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ data: [], nextCursor: null });
  });

  it('a municipality admin changes users of its municipality but neither promotes to the program office nor moves them', async () => {
    const target = await h.user('municipality_viewer', m1);
    const promote = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      payload: { role: 'program_admin' },
    });
    expect(promote.statusCode).toBe(403);
    expect(promote.json()).toMatchObject({ code: 'forbidden' });
    const move = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      payload: { municipalityId: m2 },
    });
    expect(move.statusCode).toBe(403);
    expect(await userRow(target.id)).toMatchObject({ role: 'municipality_viewer', municipalityId: m1 });

    const ok = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      payload: { role: 'municipality_editor', name: 'Jörg Müller' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ role: 'municipality_editor', name: 'Jörg Müller', municipalityId: m1 });
    expect(await auditOf(target.id)).toMatchObject([
      {
        action: 'user.updated',
        actorId: m1Admin.id,
        municipalityId: m1,
        before: { role: 'municipality_viewer' },
        after: { role: 'municipality_editor' },
      },
    ]);
    // Users are named in the audit trail by id only.
    expect(JSON.stringify(await auditOf(target.id))).not.toContain('Jörg');
  });

  it('a program admin moves a user to another municipality and changes roles with a fitting municipality', async () => {
    const target = await h.user('municipality_editor', m1);
    const move = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      payload: { municipalityId: m2 },
    });
    expect(move.statusCode).toBe(200);
    expect(move.json()).toMatchObject({ municipalityId: m2 });

    const mismatch = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      payload: { role: 'moderator' },
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json()).toMatchObject({ code: 'role_municipality_mismatch' });
    expect(await userRow(target.id)).toMatchObject({ role: 'municipality_editor', municipalityId: m2 });

    const toOffice = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      payload: { role: 'moderator', municipalityId: null },
    });
    expect(toOffice.statusCode).toBe(200);
    expect(toOffice.json()).toMatchObject({ role: 'moderator', municipalityId: null });

    const nowhere = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      payload: { role: 'municipality_viewer', municipalityId: randomUUID() },
    });
    expect(nowhere.statusCode).toBe(404);
    expect(await userRow(target.id)).toMatchObject({ role: 'moderator', municipalityId: null });
  });

  it('PATCH with a stale If-Match is 412 and changes nothing', async () => {
    const target = await h.user('municipality_viewer', m1);
    const get = await h.request({ method: 'GET', url: `/v1/users/${target.id}`, token: admin.token });
    const etag = get.headers.etag as string;
    const first = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      headers: { 'if-match': etag },
      payload: { name: 'Erste Änderung' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      headers: { 'if-match': etag },
      payload: { name: 'Verlorene Änderung' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed' });
    expect((await userRow(target.id)).name).toBe('Erste Änderung');
  });
});

describe('own account', () => {
  it('nobody disables, demotes or deletes themselves: 409 cannot_change_own_account', async () => {
    for (const self of [admin, m1Admin]) {
      const before = await userRow(self.id);
      const demoteTo = self.role === 'program_admin' ? 'moderator' : 'municipality_viewer';
      const responses = [
        await h.request({
          method: 'PATCH',
          url: `/v1/users/${self.id}`,
          token: self.token,
          payload: { disabled: true },
        }),
        await h.request({
          method: 'PATCH',
          url: `/v1/users/${self.id}`,
          token: self.token,
          payload: { role: demoteTo },
        }),
        await h.request({ method: 'DELETE', url: `/v1/users/${self.id}`, token: self.token }),
      ];
      for (const res of responses) {
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ code: 'cannot_change_own_account' });
      }
      expect(await userRow(self.id)).toEqual(before);
      expect(await auditOf(self.id)).toEqual([]);
    }
  });

  it('renaming yourself is fine', async () => {
    const self = await h.user('municipality_admin', m1);
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/users/${self.id}`,
      token: self.token,
      payload: { name: 'Bürgermeisterin Weiß' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Bürgermeisterin Weiß', role: 'municipality_admin' });
  });
});

describe('sessions end when access changes', () => {
  it('disabling a user revokes its refresh tokens and stops its access token', async () => {
    const target = await h.user('municipality_editor', m1);
    const session = await login(target.email);
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ disabled: true });
    const tokens = await h.owner.select().from(refreshTokens).where(eq(refreshTokens.userId, target.id));
    // The fixture's session and the sign-in.
    expect(tokens.length).toBe(2);
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
    const r = await refresh(session.refreshToken);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'invalid_refresh_token' });
    expect((await h.request({ method: 'GET', url: '/v1/me', token: session.accessToken })).statusCode).toBe(
      401,
    );
  });

  it('a role change revokes refresh tokens and stops the access token', async () => {
    const target = await h.user('municipality_editor', m1);
    const session = await login(target.email);
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      payload: { role: 'municipality_viewer' },
    });
    expect(res.statusCode).toBe(200);
    const r = await refresh(session.refreshToken);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'invalid_refresh_token' });
    expect((await h.request({ method: 'GET', url: '/v1/me', token: session.accessToken })).statusCode).toBe(
      401,
    );
  });

  it('a password change revokes refresh tokens, is audited without the hash, and the new password works', async () => {
    const target = await h.user('municipality_editor', m1);
    const session = await login(target.email);
    const before = await userRow(target.id);
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      payload: { password: 'ein-ganz-neues-passwort' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/argon2|password/i);
    expect((await userRow(target.id)).passwordHash).not.toBe(before.passwordHash);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    const old = await h.request({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: target.email, password: FIXTURE_PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    await login(target.email, 'ein-ganz-neues-passwort');

    const events = await auditOf(target.id);
    expect(events.map((e) => e.action).sort()).toEqual(['user.password_changed', 'user.updated']);
    expect(JSON.stringify(events)).not.toMatch(/argon2|passwordHash/);
  });

  it('renaming keeps sessions', async () => {
    const target = await h.user('municipality_editor', m1);
    const session = await login(target.email);
    await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: m1Admin.token,
      payload: { name: 'Neuer Name' },
    });
    expect((await refresh(session.refreshToken)).statusCode).toBe(200);
  });

  it('deleting is a soft delete: disabled, sessions revoked, 404 afterwards, audited', async () => {
    const target = await h.user('municipality_viewer', m1);
    const session = await login(target.email);
    const res = await h.request({ method: 'DELETE', url: `/v1/users/${target.id}`, token: m1Admin.token });
    expect(res.statusCode).toBe(204);
    const row = await userRow(target.id);
    expect(row.deletedAt).not.toBeNull();
    expect(row.disabled).toBe(true);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    const get = await h.request({ method: 'GET', url: `/v1/users/${target.id}`, token: m1Admin.token });
    expect(get.statusCode).toBe(404);
    const again = await h.request({ method: 'DELETE', url: `/v1/users/${target.id}`, token: m1Admin.token });
    expect(again.statusCode).toBe(404);
    expect(await auditOf(target.id)).toMatchObject([
      {
        action: 'user.deleted',
        municipalityId: m1,
        before: { deletedAt: null, disabled: false },
        after: { disabled: true },
      },
    ]);
  });
});

describe('deleting erases the user', () => {
  it('row scrubbed, sessions gone, audit events by id only, the audit log shows "gelöschter Benutzer"', async () => {
    const payload = newUser('municipality_admin', m1, { name: 'Erika Mustermann' });
    const created = await h.request({
      method: 'POST',
      url: '/v1/users',
      token: admin.token,
      headers: { 'idempotency-key': `erase-${payload.email}` },
      payload,
    });
    expect(created.statusCode).toBe(201);
    const target = created.json() as { id: string };
    // The user acts once, so they are an actor in the trail, and holds a session.
    const session = await login(payload.email, payload.password);
    const colleague = await h.request({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${session.accessToken}` },
      payload: newUser('municipality_viewer', m1),
    });
    expect(colleague.statusCode).toBe(201);
    await h.request({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      token: admin.token,
      payload: { name: 'Erika Beispiel' },
    });

    const res = await h.request({ method: 'DELETE', url: `/v1/users/${target.id}`, token: admin.token });
    expect(res.statusCode).toBe(204);

    expect(await userRow(target.id)).toMatchObject({
      email: `geloescht-${target.id}@anonymisiert.invalid`,
      name: 'gelöschter Benutzer',
      passwordHash: '!erased',
      disabled: true,
      deletedAt: expect.any(Date),
    });
    expect(await h.owner.select().from(refreshTokens).where(eq(refreshTokens.userId, target.id))).toEqual([]);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    const wrongLogin = await h.request({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: payload.email, password: payload.password },
    });
    expect(wrongLogin.statusCode).toBe(401);

    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.entityId, target.id), eq(auditEvents.actorId, target.id)));
    expect(events.map((e) => e.action).sort()).toEqual([
      'user.created',
      'user.created',
      'user.deleted',
      'user.updated',
    ]);
    const stored = JSON.stringify(events);
    for (const personal of [payload.email, 'Erika', 'Mustermann', 'Beispiel', admin.email]) {
      expect(stored).not.toContain(personal);
    }
    expect(events.filter((e) => e.actorType === 'user').map((e) => e.actorLabel)).toEqual([
      null,
      null,
      null,
      null,
    ]);

    const trail = await h.request({
      method: 'GET',
      url: `/v1/audit-events?actorId=${target.id}`,
      token: admin.token,
    });
    expect(trail.statusCode).toBe(200);
    expect(trail.json().data).toEqual([
      expect.objectContaining({
        action: 'user.created',
        actor: { type: 'user', id: target.id, label: 'gelöschter Benutzer' },
      }),
    ]);
    // The stored copies outside the row go in the worker, after commit.
    expect(
      await h.owner
        .select({ payload: outbox.payload })
        .from(outbox)
        .where(sql`${outbox.jobName} = 'user.erased' and ${outbox.payload}->>'userId' = ${target.id}`),
    ).toEqual([{ payload: { userId: target.id, municipalityId: m1 } }]);
    expect(
      await h.owner
        .select({ id: idempotencyKeys.id })
        .from(idempotencyKeys)
        .where(sql`${idempotencyKeys.responseHeaders}->>'location' = ${`/v1/users/${target.id}`}`),
    ).toHaveLength(1);
  });
});

describe('listing users', () => {
  it('pages with a cursor and filters by municipality and role', async () => {
    const m3 = (await h.municipality()).id;
    const made = [];
    for (const role of [
      'municipality_admin',
      'municipality_editor',
      'municipality_viewer',
      'municipality_editor',
      'municipality_viewer',
    ] as const) {
      made.push(await h.user(role, m3));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const query: string = `municipalityId=${m3}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await h.request({ method: 'GET', url: `/v1/users?${query}`, token: admin.token });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { data: { id: string }[]; nextCursor: string | null };
      sizes.push(page.data.length);
      seen.push(...page.data.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(made.map((u) => u.id));

    const editors = await h.request({
      method: 'GET',
      url: `/v1/users?municipalityId=${m3}&role=municipality_editor`,
      token: admin.token,
    });
    expect(editors.json().data.map((u: { id: string }) => u.id)).toEqual([made[1]!.id, made[3]!.id]);

    const bad = await h.request({ method: 'GET', url: '/v1/users?cursor=nonsense', token: admin.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('updatedSince lists changed users in change order, deleted ones as tombstones', async () => {
    const m4 = (await h.municipality()).id;
    const a = await h.user('municipality_editor', m4);
    const b = await h.user('municipality_viewer', m4);
    await h.user('municipality_viewer', m4);
    const since = (await h.owner.execute(sql`select now() as now`)).rows[0]!.now as Date;

    await h.request({
      method: 'PATCH',
      url: `/v1/users/${b.id}`,
      token: admin.token,
      payload: { name: 'B neu' },
    });
    await h.request({ method: 'DELETE', url: `/v1/users/${a.id}`, token: admin.token });

    const sync = await h.request({
      method: 'GET',
      url: `/v1/users?municipalityId=${m4}&updatedSince=${encodeURIComponent(new Date(since).toISOString())}`,
      token: admin.token,
    });
    expect(sync.statusCode).toBe(200);
    const data = sync.json().data;
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({ id: b.id, name: 'B neu', deletedAt: null });
    expect(data[1]).toMatchObject({ id: a.id, disabled: true });
    expect(data[1].deletedAt).not.toBeNull();

    // Paging the sync list one row at a time sees each change exactly once.
    const syncUrl = `/v1/users?municipalityId=${m4}&limit=1&updatedSince=${encodeURIComponent(new Date(since).toISOString())}`;
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.request({
        method: 'GET',
        url: cursor ? `${syncUrl}&cursor=${cursor}` : syncUrl,
        token: admin.token,
      });
      expect(res.statusCode).toBe(200);
      paged.push(...res.json().data.map((u: { id: string }) => u.id));
      cursor = res.json().nextCursor;
    } while (cursor && paged.length < 10);
    expect(paged).toEqual([b.id, a.id]);

    const plain = await h.request({
      method: 'GET',
      url: `/v1/users?municipalityId=${m4}`,
      token: admin.token,
    });
    expect(plain.json().data.map((u: { id: string }) => u.id)).not.toContain(a.id);
    expect(plain.json().data).toHaveLength(2);
  });

  it('lists carry an ETag and answer If-None-Match with 304', async () => {
    const first = await h.request({
      method: 'GET',
      url: `/v1/users?municipalityId=${m2}`,
      token: admin.token,
    });
    const etag = first.headers.etag as string;
    const again = await h.request({
      method: 'GET',
      url: `/v1/users?municipalityId=${m2}`,
      token: admin.token,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
  });
});
