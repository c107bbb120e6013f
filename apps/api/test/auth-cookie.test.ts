import { auditEvents } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_PASSWORD, type Harness } from './support/harness.js';

// Cookie mode of the refresh token, for the admin console in a browser, next to body mode for scripts.
const CONSOLE = 'https://konsole.werkstatt.example';
const browser = { origin: CONSOLE, 'x-werkstatt-client': 'browser' };

let h: Harness;
let address = 0;

beforeAll(async () => {
  h = await createHarness({
    CORS_ORIGINS: CONSOLE,
    APP_URL: 'https://werkstatt.example/konsole/',
    REFRESH_TOKEN_TTL_DAYS: '30',
  });
});
afterAll(() => h.close());

/** Each sign-in from its own address, so the login throttle never decides a case here. */
const login = (email: string, headers: Record<string, string> = browser) =>
  h.request({
    method: 'POST',
    url: '/v1/auth/login',
    headers,
    payload: { email, password: FIXTURE_PASSWORD },
    remoteAddress: `10.13.0.${++address}`,
  });

const refresh = (cookie: string | undefined, headers: Record<string, string> = browser) =>
  h.request({
    method: 'POST',
    url: '/v1/auth/refresh',
    headers: { ...headers, ...(cookie ? { cookie: `werkstatt_refresh=${cookie}` } : {}) },
  });

const logout = (cookie: string, headers: Record<string, string> = browser) =>
  h.request({
    method: 'POST',
    url: '/v1/auth/logout',
    headers: { ...headers, cookie: `werkstatt_refresh=${cookie}` },
  });

const me = (token: string) => h.request({ method: 'GET', url: '/v1/me', token });

/** The one Set-Cookie of the answer, as its value and its attributes (lower-cased names). */
function setCookie(res: LightMyRequestResponse): { value: string; attributes: string[] } {
  const header = res.headers['set-cookie'];
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  expect(lines).toHaveLength(1);
  const [pair, ...attributes] = lines[0]!.split(/;\s*/);
  const [name, value] = pair!.split('=');
  expect(name).toBe('werkstatt_refresh');
  return {
    value: value ?? '',
    attributes: attributes.map((a) => a.replace(/^[^=]+/, (n) => n.toLowerCase())).sort(),
  };
}

const expectProblem = (res: LightMyRequestResponse, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe(code);
};

async function signIn() {
  const user = await h.user('moderator');
  const res = await login(user.email);
  expect(res.statusCode, res.body).toBe(200);
  return { user, accessToken: res.json().accessToken as string, cookie: setCookie(res).value };
}

describe('login in cookie mode', () => {
  it('sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie for /v1/auth only', async () => {
    const user = await h.user('moderator');
    const res = await login(user.email);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).not.toHaveProperty('refreshToken');
    expect(body.accessToken).toEqual(expect.any(String));
    const cookie = setCookie(res);
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie.attributes).toEqual(
      ['httponly', 'max-age=2592000', 'path=/v1/auth', 'samesite=Strict', 'secure'].sort(),
    );
    expect((await me(body.accessToken)).statusCode).toBe(200);
  });

  it('refuses a foreign Origin with 403, and sets no cookie', async () => {
    const user = await h.user('moderator');
    const res = await login(user.email, { ...browser, origin: 'https://boese.example' });
    expectProblem(res, 403, 'cross_site_request_refused');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('refresh in cookie mode', () => {
  it('rotates the cookie and gives a new access token', async () => {
    const { cookie } = await signIn();
    const res = await refresh(cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).not.toHaveProperty('refreshToken');
    const next = setCookie(res);
    expect(next.value).not.toBe(cookie);
    expect(next.attributes).toContain('max-age=2592000');
    expect((await me(res.json().accessToken)).statusCode).toBe(200);
    expect((await refresh(next.value)).statusCode).toBe(200);
  });

  it('accepts the admin app at APP_URL as Origin', async () => {
    const { cookie } = await signIn();
    const res = await refresh(cookie, { ...browser, origin: 'https://werkstatt.example' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('refuses a request without the header, with a foreign or no Origin (403), rotating nothing', async () => {
    const { cookie } = await signIn();
    const attempts: Record<string, string>[] = [
      { origin: CONSOLE },
      { ...browser, origin: 'https://boese.example' },
      { ...browser, origin: 'null' },
      { 'x-werkstatt-client': 'browser' },
    ];
    for (const headers of attempts) {
      const res = await refresh(cookie, headers);
      expectProblem(res, 403, 'cross_site_request_refused');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect((await refresh(cookie)).statusCode).toBe(200);
  });

  it('answers 401 without a cookie', async () => {
    expectProblem(await refresh(undefined), 401, 'invalid_refresh_token');
  });

  it('ends the family when an old cookie comes back', async () => {
    const { cookie } = await signIn();
    const rotated = await refresh(cookie);
    const next = setCookie(rotated).value;
    expectProblem(await refresh(cookie), 401, 'invalid_refresh_token');
    expectProblem(await refresh(next), 401, 'invalid_refresh_token');
    expectProblem(await me(rotated.json().accessToken), 401, 'unauthorized');
  });
});

describe('logout in cookie mode', () => {
  it('clears the cookie, and its refresh token stops working', async () => {
    const { cookie } = await signIn();
    const res = await logout(cookie);
    expect(res.statusCode, res.body).toBe(204);
    const cleared = setCookie(res);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('max-age=0');
    expect(cleared.attributes).toContain('path=/v1/auth');
    expect(cleared.attributes).toContain('expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expectProblem(await refresh(cookie), 401, 'invalid_refresh_token');
  });

  it('refuses a cross-site logout (403) and the session goes on', async () => {
    const { cookie } = await signIn();
    expectProblem(await logout(cookie, { origin: CONSOLE }), 403, 'cross_site_request_refused');
    expect((await refresh(cookie)).statusCode).toBe(200);
  });
});

describe('sign out everywhere', () => {
  it("ends every session of the user at once, and clears the caller's cookie", async () => {
    const user = await h.user('moderator');
    const first = await login(user.email);
    const second = await login(user.email, {});
    const other = await signIn();
    const res = await h.request({
      method: 'POST',
      url: '/v1/auth/logout-all',
      token: first.json().accessToken,
      headers: browser,
    });
    expect(res.statusCode, res.body).toBe(204);
    expect(setCookie(res).attributes).toContain('max-age=0');
    expectProblem(await me(second.json().accessToken), 401, 'unauthorized');
    expectProblem(await me(first.json().accessToken), 401, 'unauthorized');
    expectProblem(await refresh(setCookie(first).value), 401, 'invalid_refresh_token');
    const bodyRefresh = await h.request({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: second.json().refreshToken },
    });
    expectProblem(bodyRefresh, 401, 'invalid_refresh_token');
    // Another user's session is untouched.
    expect((await me(other.accessToken)).statusCode).toBe(200);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['user.signed_out_everywhere', user.id]]);
  });
});

describe('changing the own password in cookie mode', () => {
  it('sets the new sign-in as the cookie, not in the body', async () => {
    const { accessToken, cookie } = await signIn();
    const res = await h.request({
      method: 'POST',
      url: '/v1/me/password',
      token: accessToken,
      headers: browser,
      payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'Konsole-Passwort-2026' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).not.toHaveProperty('refreshToken');
    const next = setCookie(res);
    expect(next.attributes).toContain('path=/v1/auth');
    expectProblem(await refresh(cookie), 401, 'invalid_refresh_token');
    expect((await refresh(next.value)).statusCode).toBe(200);
  });
});

describe('body mode, for scripts', () => {
  it('works as before: the refresh token in the JSON body, no cookie', async () => {
    const user = await h.user('moderator');
    const signedIn = await login(user.email, {});
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['set-cookie']).toBeUndefined();
    const { refreshToken } = signedIn.json();
    expect(refreshToken).toEqual(expect.any(String));
    const rotated = await h.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.headers['set-cookie']).toBeUndefined();
    const next = rotated.json().refreshToken;
    expect(next).toEqual(expect.any(String));
    const out = await h.request({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: next } });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toBeUndefined();
    const after = await h.request({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: next },
    });
    expectProblem(after, 401, 'invalid_refresh_token');
  });
});

describe('CORS for the console', () => {
  it('lets the configured origin send the client header with credentials', async () => {
    const res = await h.request({
      method: 'OPTIONS',
      url: '/v1/auth/refresh',
      headers: {
        origin: CONSOLE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-werkstatt-client, content-type',
      },
    });
    expect(res.statusCode).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-headers'])).toContain('x-werkstatt-client');
  });

  it('does not answer a foreign origin', async () => {
    const res = await h.request({
      method: 'OPTIONS',
      url: '/v1/auth/refresh',
      headers: { origin: 'https://boese.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
