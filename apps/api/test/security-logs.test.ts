import { accountTokens, registrations } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/modules/auth/tokens.js';
import { createHarness, FIXTURE_PASSWORD, type Harness } from './support/harness.js';
import { createWorkshop, participant, workshopWorld } from './support/workshop-fixtures.js';

/** Every log line the app writes, at the most talkative level. */
const lines: string[] = [];
let h: Harness;

beforeAll(async () => {
  h = await createHarness(
    { LOG_LEVEL: 'trace', PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' },
    { logStream: { write: (line) => void lines.push(line) } },
  );
});
afterAll(() => h.close());

interface OpenApi {
  paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
}

describe('secrets in the log', () => {
  it('never writes a link token, password, bearer token, API key, refresh token or cookie', async () => {
    const w = await workshopWorld(h);
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id]);
    const admin = await h.user('municipality_admin', m.id);
    const key = await h.apiKey(['municipality:read'], m.id);
    const secrets: Record<string, string> = {
      accessToken: admin.token,
      apiKey: key.key,
      cookie: 'werkstatt-session-7f3a9c2e5b1d4a8f',
    };
    const called = new Set<string>();
    const call = async (operationId: string, opts: Parameters<Harness['request']>[0]) => {
      called.add(operationId);
      return h.request(opts);
    };

    const invitation = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/invitations`,
      token: w.admin.token,
      payload: { municipalityId: m.id },
    });
    secrets.invitation = invitation.json().token;
    const feed = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${m.id}/calendar-feed`,
      token: admin.token,
    });
    expect(feed.statusCode, feed.body).toBe(201);
    const feedPath = new URL(feed.json().url).pathname;
    secrets.calendarFeed = /\/v1\/public\/calendar\/([^/]+)\.ics$/.exec(feedPath)![1]!;

    // The invitee's way: open the link, register, confirm, cancel.
    expect(
      (
        await call('getPublicInvitation', {
          method: 'GET',
          url: `/v1/public/invitations/${secrets.invitation}`,
        })
      ).statusCode,
    ).toBe(200);
    const registered = await call('registerByInvitation', {
      method: 'POST',
      url: `/v1/public/invitations/${secrets.invitation}/registrations`,
      payload: { ...participant(1), consent: true },
    });
    expect(registered.statusCode, registered.body).toBe(202);
    // The tokens the worker puts into the mails: the API knows only their hashes.
    secrets.confirm = 'confirm-link-secret-4b8e1f0a9d2c';
    secrets.cancel = 'cancel-link-secret-6e2d7a1c3f9b';
    await h.owner
      .update(registrations)
      .set({ confirmTokenHash: hashSecret(secrets.confirm), cancelTokenHash: hashSecret(secrets.cancel) })
      .where(eq(registrations.workshopId, ws.id));
    const confirmed = await call('confirmPublicRegistration', {
      method: 'POST',
      url: '/v1/public/registrations/confirm',
      payload: { token: secrets.confirm },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const cancelled = await call('cancelPublicRegistration', {
      method: 'POST',
      url: '/v1/public/registrations/cancel',
      payload: { token: secrets.cancel },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const ics = await call('getCalendarFeed', {
      method: 'GET',
      url: `/v1/public/calendar/${secrets.calendarFeed}.ics`,
    });
    expect(ics.statusCode).toBe(200);

    // Signing in and out: the password and the refresh tokens travel in bodies.
    const login = await call('login', {
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: admin.email, password: FIXTURE_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    secrets.password = FIXTURE_PASSWORD;
    secrets.loginAccessToken = login.json().accessToken;
    secrets.refresh = login.json().refreshToken;
    const refreshed = await call('refreshToken', {
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: secrets.refresh },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    secrets.refreshed = refreshed.json().refreshToken;
    await call('logout', {
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: secrets.refreshed },
    });
    // "Passwort vergessen" and a password link: the link's secret and the new password in bodies.
    const invitee = await h.user('municipality_viewer', m.id);
    expect(
      (
        await call('requestPasswordReset', {
          method: 'POST',
          url: '/v1/auth/password-reset',
          payload: { email: invitee.email },
        })
      ).statusCode,
    ).toBe(202);
    // The secret the worker puts into the mail: the API knows only its hash.
    secrets.passwordLink = 'password-link-secret-2c7e9a4f1b8d';
    secrets.newPassword = 'new-password-5d1f8b3e7a';
    await h.owner
      .update(accountTokens)
      .set({ tokenHash: hashSecret(secrets.passwordLink) })
      .where(eq(accountTokens.userId, invitee.id));
    const set = await call('setPasswordWithToken', {
      method: 'POST',
      url: '/v1/auth/set-password',
      payload: { token: secrets.passwordLink, password: secrets.newPassword },
    });
    expect(set.statusCode, set.body).toBe(204);
    for (const [operationId, file] of [
      ['getOpenDataStrategiesCsv', 'strategies.csv'],
      ['getOpenDataStrategiesJson', 'strategies.json'],
      ['getOpenDataMeasuresCsv', 'measures.csv'],
      ['getOpenDataMeasuresJson', 'measures.json'],
      ['getOpenDataCatalog', 'catalog.jsonld'],
    ] as const) {
      await call(operationId, { method: 'GET', url: `/v1/open-data/${file}` });
    }
    await call('getJwks', { method: 'GET', url: '/.well-known/jwks.json' });
    await call('getHealth', { method: 'GET', url: '/healthz' });
    await call('getReadiness', { method: 'GET', url: '/readyz' });

    // Credentials in headers, and a bearer token and cookie on a failing request.
    const headers = { cookie: `session=${secrets.cookie}` };
    expect((await h.request({ method: 'GET', url: '/v1/me', token: admin.token, headers })).statusCode).toBe(
      200,
    );
    expect(
      (await h.request({ method: 'GET', url: `/v1/municipalities/${m.id}`, token: key.key })).statusCode,
    ).toBe(200);
    await h.request({ method: 'GET', url: '/v1/me', token: `${admin.token}x`, headers });
    // Secrets where no route expects them: a wrong path, a query parameter.
    await h.request({ method: 'GET', url: `/v1/public/invitations/${secrets.invitation}/unbekannt` });
    await h.request({
      method: 'GET',
      url: `/v1/public/invitations/${secrets.invitation}?token=${secrets.confirm}`,
    });
    await h.request({ method: 'GET', url: `/v1/public/calendar/${secrets.calendarFeed}` });

    // Every route that takes no credentials was called above.
    const spec = h.app.swagger() as unknown as OpenApi;
    const open = Object.values(spec.paths)
      .flatMap((ops) => Object.values(ops))
      .filter((op) => Array.isArray(op.security) && op.security.length === 0)
      .map((op) => op.operationId);
    expect(open.length).toBeGreaterThan(5);
    expect(open.filter((id) => !called.has(id))).toEqual([]);

    const log = lines.join('');
    // The log was written: the request lines are there, with the secrets' places marked.
    expect(log).toContain('/v1/public/invitations/[redacted]/registrations');
    expect(log).toContain('/v1/public/calendar/[redacted].ics');
    expect(log).toContain('/v1/public/invitations/[redacted]/unbekannt');
    expect(log).toContain('?token=[redacted]');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(log.includes(secret), `${name} appears in the log`).toBe(false);
    }
  });
});
