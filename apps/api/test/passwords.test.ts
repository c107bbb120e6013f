import { createHash } from 'node:crypto';
import { accountTokens, auditEvents, outbox, refreshTokens, users } from '@werkstatt/db';
import { createHandlers, createLogger, type Mailer, type MailMessage } from '@werkstatt/worker';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_PASSWORD, type Harness, type TestUser } from './support/harness.js';

let h: Harness;
let admin: TestUser;
let municipalityId: string;

const APP_URL = 'https://werkstatt.example/';
const sent: MailMessage[] = [];
const ran = new Set<string>();

/** Collects what the worker would send. */
const mailer: Mailer = {
  async deliver(message) {
    sent.push(message);
    return 'sent';
  },
  async eraseMailsAbout() {},
  async close() {},
};

/** Runs the worker's production handlers for the password-link jobs written so far, as the worker would. */
async function runLinkJobs(): Promise<MailMessage[]> {
  const handlers = createHandlers({
    db: h.deps.db,
    mailer,
    config: {
      APP_NAME: 'Digital-Werkstatt',
      APP_URL,
      MAIL_FROM: 'no-reply@werkstatt.example',
      LINK_SECRET: 'test-link-secret-for-password-links',
      REGISTRATION_RETENTION_DAYS: 30,
      WEBHOOK_RETENTION_DAYS: 30,
      JOB_ATTEMPTS: 3,
    },
  });
  const jobs = await h.owner
    .select()
    .from(outbox)
    .where(inArray(outbox.jobName, ['user.invitation', 'user.passwordReset']))
    .orderBy(outbox.id);
  const before = sent.length;
  for (const job of jobs.filter((j) => !ran.has(j.id))) {
    ran.add(job.id);
    const name = job.jobName as 'user.invitation' | 'user.passwordReset';
    await handlers.mail![name](job.payload as never, {
      jobId: job.id,
      attempt: 1,
      log: createLogger({ LOG_LEVEL: 'silent' }),
    });
  }
  return sent.slice(before);
}

/** The link's secret from a mail's text: `APP_URL/<page>/<token>`. */
function linkIn(mail: MailMessage, page: 'passwort-setzen' | 'passwort-zuruecksetzen'): string {
  const match = mail.text.match(new RegExp(`${APP_URL}${page}/([A-Za-z0-9_-]{43})(?=\\s)`));
  expect(match, mail.text).not.toBeNull();
  return match![1]!;
}

/** The one mail to this address among those just sent. */
function mailTo(mails: MailMessage[], email: string): MailMessage {
  const mine = mails.filter((m) => m.to.address === email);
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

let seq = 0;
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${seq++}@test.example`;

async function createUser(email = address('eingeladen')) {
  const res = await h.request({
    method: 'POST',
    url: '/v1/users',
    token: admin.token,
    payload: { email, name: 'Jürgen Weißmüller', role: 'municipality_editor', municipalityId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; email: string };
}

const login = (email: string, password: string) =>
  h.request({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });

const setPassword = (token: string, password: string) =>
  h.request({ method: 'POST', url: '/v1/auth/set-password', payload: { token, password } });

const requestReset = (email: string, remoteAddress = '127.0.0.1') =>
  h.request({ method: 'POST', url: '/v1/auth/password-reset', payload: { email }, remoteAddress });

/**
 * What a caller reads of an answer: all but the request id, and the time and general request count,
 * which tick between any two requests.
 */
const answerOf = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
  const {
    date: _date,
    'x-request-id': _id,
    'x-ratelimit-remaining': _left,
    'x-ratelimit-reset': _reset,
    // The same counts in the IETF form ("ip";r=<remaining>;t=<reset>).
    ratelimit: _rateLimit,
    ...headers
  } = res.headers;
  return { status: res.statusCode, body: res.body, headers };
};

const me = (token: string) => h.request({ method: 'GET', url: '/v1/me', token });

const passwordHashOf = async (id: string) =>
  (await h.owner.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id)))[0]!.hash;

const auditActions = async (id: string) =>
  (
    await h.owner
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, id))
      .orderBy(auditEvents.id)
  ).map((r) => r.action);

const resetJobs = async () =>
  (await h.owner.select().from(outbox).where(eq(outbox.jobName, 'user.passwordReset'))).length;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.user('program_admin');
  municipalityId = (await h.municipality({ name: 'Verbandsgemeinde Südliche Weinstraße' })).id;
});

afterAll(async () => {
  await h?.close();
});

describe('the invitation of a new account', () => {
  it('mails a German invitation with a link that sets the password once', async () => {
    const user = await createUser();
    const [mail, ...more] = await runLinkJobs();
    expect(more).toEqual([]);
    expect(mail!.to).toEqual({ name: 'Jürgen Weißmüller', address: user.email });
    expect(mail!.subject).toBe('Ihr Zugang zur Digital-Werkstatt: bitte Passwort festlegen');
    expect(mail!.text).toContain('Guten Tag Jürgen Weißmüller,');
    expect(mail!.text).toContain('Kommune: Verbandsgemeinde Südliche Weinstraße');
    expect(mail!.text).toContain('Rolle: Bearbeitung');
    expect(mail!.text).toContain('Passwort festlegen:\nhttps://werkstatt.example/passwort-setzen/');
    expect(mail!.text).toMatch(
      /Der Link gilt bis \d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2} Uhr und nur einmal\./u,
    );
    expect(mail!.text).not.toContain('Person, die Ihren Zugang eingerichtet hat. Aus Sicherheitsgründen');
    const token = linkIn(mail!, 'passwort-setzen');
    expect(mail!.html).toContain(`href="${APP_URL}passwort-setzen/${token}"`);

    // Only the hash is stored, and the secret was in no job.
    const [row] = await h.owner.select().from(accountTokens).where(eq(accountTokens.userId, user.id));
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    const jobs = await h.owner.select().from(outbox).where(eq(outbox.jobName, 'user.invitation'));
    expect(JSON.stringify(jobs)).not.toContain(token);

    // No password before the link is used: no sign-in with anything.
    expect((await login(user.email, '!invited')).statusCode).toBe(401);

    const first = await setPassword(token, 'mein-eigenes-passwort');
    expect(first.statusCode, first.body).toBe(204);
    expect((await login(user.email, 'mein-eigenes-passwort')).statusCode).toBe(200);

    const again = await setPassword(token, 'ein-anderes-passwort');
    expect(again.statusCode).toBe(422);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'invalid_password_link' });
    expect((await login(user.email, 'ein-anderes-passwort')).statusCode).toBe(401);
    expect((await login(user.email, 'mein-eigenes-passwort')).statusCode).toBe(200);

    expect(await auditActions(user.id)).toEqual(['user.created', 'user.password_set']);
    // The audit trail names the user by id only.
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    expect(JSON.stringify(events)).not.toMatch(/Weißmüller|eingeladen-/);
    expect(events.find((e) => e.action === 'user.password_set')).toMatchObject({
      actorType: 'user',
      actorId: user.id,
      actorLabel: null,
    });
  });

  it('refuses an expired link, changing nothing', async () => {
    const user = await createUser();
    const token = linkIn(mailTo(await runLinkJobs(), user.email), 'passwort-setzen');
    await h.owner
      .update(accountTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(accountTokens.userId, user.id));
    const hash = await passwordHashOf(user.id);

    const res = await setPassword(token, 'zu-spaet-gesetzt-123');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_password_link' });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await auditActions(user.id)).toEqual(['user.created']);
  });

  it('a re-sent invitation mails a new link and voids the old one', async () => {
    const user = await createUser();
    const old = linkIn(mailTo(await runLinkJobs(), user.email), 'passwort-setzen');

    const res = await h.request({
      method: 'POST',
      url: `/v1/users/${user.id}/invitation`,
      token: admin.token,
    });
    expect(res.statusCode, res.body).toBe(202);
    const [mail, ...more] = await runLinkJobs();
    expect(more).toEqual([]);
    const fresh = linkIn(mail!, 'passwort-setzen');
    expect(fresh).not.toBe(old);

    expect((await setPassword(old, 'altes-link-passwort')).statusCode).toBe(422);
    expect((await setPassword(fresh, 'neues-link-passwort')).statusCode).toBe(204);
    expect((await login(user.email, 'neues-link-passwort')).statusCode).toBe(200);
    expect(await auditActions(user.id)).toEqual([
      'user.created',
      'user.invitation_sent',
      'user.password_set',
    ]);
  });

  it('a password set by an administrator, and deleting the user, void the link', async () => {
    const patched = await createUser();
    const deleted = await createUser();
    const mails = await runLinkJobs();
    const patchedLink = linkIn(mailTo(mails, patched.email), 'passwort-setzen');
    const deletedLink = linkIn(mailTo(mails, deleted.email), 'passwort-setzen');
    const patch = await h.request({
      method: 'PATCH',
      url: `/v1/users/${patched.id}`,
      token: admin.token,
      payload: { password: 'vom-admin-gesetzt' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const del = await h.request({ method: 'DELETE', url: `/v1/users/${deleted.id}`, token: admin.token });
    expect(del.statusCode).toBe(204);

    expect((await setPassword(patchedLink, 'aus-dem-alten-link')).statusCode).toBe(422);
    expect((await setPassword(deletedLink, 'aus-dem-alten-link')).statusCode).toBe(422);
    expect((await login(patched.email, 'vom-admin-gesetzt')).statusCode).toBe(200);
    expect(await h.owner.select().from(accountTokens).where(eq(accountTokens.userId, deleted.id))).toEqual(
      [],
    );
  });

  it('does not re-invite a disabled user: 409, no job', async () => {
    const user = await h.user('municipality_viewer', municipalityId, { disabled: true });
    const before = (await h.owner.select().from(outbox)).length;
    const res = await h.request({
      method: 'POST',
      url: `/v1/users/${user.id}/invitation`,
      token: admin.token,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'user_disabled' });
    expect((await h.owner.select().from(outbox)).length).toBe(before);
  });
});

describe('"Passwort vergessen"', () => {
  it('answers an unknown and a known address alike; only the known one gets a mail', async () => {
    const known = await h.user('municipality_editor', municipalityId);
    const jobsBefore = await resetJobs();

    const unknown = await requestReset(address('niemand'));
    expect(await resetJobs()).toBe(jobsBefore);
    const mine = await requestReset(known.email.toUpperCase());
    expect(await resetJobs()).toBe(jobsBefore + 1);

    expect(unknown.statusCode).toBe(202);
    expect(answerOf(mine)).toEqual(answerOf(unknown));
    const [mail, ...more] = await runLinkJobs();
    expect(more).toEqual([]);
    expect(mail!.to.address).toBe(known.email);
    expect(mail!.subject).toBe('Neues Passwort für die Digital-Werkstatt');
    expect(mail!.text).toContain(
      'Neues Passwort festlegen:\nhttps://werkstatt.example/passwort-zuruecksetzen/',
    );
    expect(mail!.text).toContain('Ihr Passwort bleibt unverändert.');
    linkIn(mail!, 'passwort-zuruecksetzen');
  });

  it('a disabled account gets no mail, and the answer is the same', async () => {
    const disabled = await h.user('municipality_editor', municipalityId, { disabled: true });
    const jobsBefore = await resetJobs();
    const res = await requestReset(disabled.email);
    expect(res.statusCode).toBe(202);
    expect(answerOf(res)).toEqual(answerOf(await requestReset(address('niemand'))));
    expect(await resetJobs()).toBe(jobsBefore);
  });

  it('setting the new password ends every session: the old access token is 401 at the next request', async () => {
    const user = await h.user('municipality_admin', municipalityId);
    // A second session, from a sign-in.
    const signedIn = (await login(user.email, FIXTURE_PASSWORD)).json() as {
      accessToken: string;
      refreshToken: string;
    };
    expect((await me(user.token)).statusCode).toBe(200);
    expect((await me(signedIn.accessToken)).statusCode).toBe(200);

    expect((await requestReset(user.email)).statusCode).toBe(202);
    const token = linkIn(mailTo(await runLinkJobs(), user.email), 'passwort-zuruecksetzen');
    expect((await setPassword(token, 'zurueckgesetzt-2026')).statusCode).toBe(204);

    expect((await me(user.token)).statusCode).toBe(401);
    expect((await me(signedIn.accessToken)).statusCode).toBe(401);
    const refreshed = await h.request({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: signedIn.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
    const open = await h.owner
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.revokedAt)));
    expect(open).toEqual([]);
    expect((await login(user.email, FIXTURE_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.email, 'zurueckgesetzt-2026')).statusCode).toBe(200);
    expect(await auditActions(user.id)).toEqual(['user.password_reset_requested', 'user.password_reset']);
  });

  it('a reset link voids the invitation link mailed before', async () => {
    const user = await createUser();
    const invitation = linkIn(mailTo(await runLinkJobs(), user.email), 'passwort-setzen');
    await requestReset(user.email);
    const reset = linkIn(mailTo(await runLinkJobs(), user.email), 'passwort-zuruecksetzen');
    expect((await setPassword(invitation, 'aus-der-einladung')).statusCode).toBe(422);
    expect((await setPassword(reset, 'aus-dem-reset-link')).statusCode).toBe(204);
  });
});

describe('changing one’s own password', () => {
  const change = (token: string, currentPassword: string, newPassword: string) =>
    h.request({ method: 'POST', url: '/v1/me/password', token, payload: { currentPassword, newPassword } });

  it('with a wrong current password is a problem and changes nothing', async () => {
    const user = await h.user('municipality_viewer', municipalityId);
    const hash = await passwordHashOf(user.id);
    const res = await change(user.token, 'nicht-mein-passwort', 'ganz-neues-passwort');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'current_password_wrong' });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect((await me(user.token)).statusCode).toBe(200);
    expect(await auditActions(user.id)).toEqual([]);
  });

  it('with the current password sets the new one, ends the other sessions and opens a new one', async () => {
    // The program office in the platform scope, municipality staff in their municipality's.
    for (const user of [await h.user('moderator'), await h.user('municipality_editor', municipalityId)]) {
      const res = await change(user.token, FIXTURE_PASSWORD, 'mein-neues-passwort');
      expect(res.statusCode, res.body).toBe(200);
      const tokens = res.json() as { accessToken: string; refreshToken: string; user: { id: string } };
      expect(tokens.user.id).toBe(user.id);

      expect((await me(user.token)).statusCode).toBe(401);
      expect((await me(tokens.accessToken)).statusCode).toBe(200);
      expect((await login(user.email, FIXTURE_PASSWORD)).statusCode).toBe(401);
      expect((await login(user.email, 'mein-neues-passwort')).statusCode).toBe(200);
      expect(await auditActions(user.id)).toEqual(['user.password_changed']);
    }
  });

  it('refuses API keys', async () => {
    const key = await h.apiKey(['municipality:read', 'municipality:write'], municipalityId);
    const res = await change(key.key, 'irgendein-passwort', 'ganz-neues-passwort');
    expect(res.statusCode).toBe(403);
  });

  it('rejects a new password shorter than 12 characters: 400, nothing changed', async () => {
    const user = await h.user('municipality_viewer', municipalityId);
    const hash = await passwordHashOf(user.id);
    const res = await change(user.token, FIXTURE_PASSWORD, 'zu-kurz');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect(await passwordHashOf(user.id)).toBe(hash);
  });
});

describe('rate limits', () => {
  let limited: Harness;

  beforeAll(async () => {
    limited = await createHarness({
      PASSWORD_FLOW_MAX_PER_IP: '4',
      PASSWORD_RESET_MAX_PER_ADDRESS: '2',
      PASSWORD_CHANGE_MAX_PER_USER: '2',
    });
  });

  afterAll(async () => {
    await limited?.close();
  });

  const reset = (email: string, remoteAddress: string) =>
    limited.request({ method: 'POST', url: '/v1/auth/password-reset', payload: { email }, remoteAddress });

  it('per e-mail address, alike for a known and an unknown one: 429 with Retry-After', async () => {
    const known = await limited.user('municipality_editor', (await limited.municipality()).id);
    for (const email of [known.email, address('unbekannt')]) {
      const answers = [];
      // From different client addresses: the e-mail address alone is limited.
      for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) answers.push(await reset(email, ip));
      expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 429]);
      expect(answers[2]!.headers['retry-after']).toMatch(/^\d+$/);
      expect(answers[2]!.json()).toMatchObject({ code: 'too_many_requests' });
    }
    const jobs = await limited.owner.select().from(outbox).where(eq(outbox.jobName, 'user.passwordReset'));
    expect(jobs).toHaveLength(2);
  });

  it('per client address, over every e-mail address and link', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await reset(address('ip'), '10.0.1.1')).statusCode);
    const link = () =>
      limited.request({
        method: 'POST',
        url: '/v1/auth/set-password',
        payload: { token: 'A'.repeat(43), password: 'geratenes-passwort' },
        remoteAddress: '10.0.1.1',
      });
    statuses.push((await link()).statusCode, (await link()).statusCode);
    expect(statuses).toEqual([202, 202, 202, 422, 429]);
    // Another client address is not affected.
    expect((await reset(address('ip'), '10.0.1.2')).statusCode).toBe(202);
  });

  it('per user when changing one’s own password', async () => {
    const user = await limited.user('municipality_viewer', (await limited.municipality()).id);
    const attempt = () =>
      limited.request({
        method: 'POST',
        url: '/v1/me/password',
        token: user.token,
        payload: { currentPassword: 'geraten-123', newPassword: 'ganz-neues-passwort' },
      });
    const statuses = [
      (await attempt()).statusCode,
      (await attempt()).statusCode,
      (await attempt()).statusCode,
    ];
    expect(statuses).toEqual([422, 422, 429]);
  });
});
