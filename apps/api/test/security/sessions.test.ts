import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_PASSWORD, type Harness, type Instance } from '../support/harness.js';

// Sessions end at once: after a logout, signing out everywhere, the reuse of a rotated refresh token, disabling a user, a
// role change or the deletion of the municipality, the old access token is refused by the very next
// request, on this instance and on another one that has the credentials cached and heard nothing.
let h: Harness;
let other: Instance;
let admin: { token: string };
let municipalityId: string;

beforeAll(async () => {
  h = await createHarness();
  other = await h.instance();
  admin = await h.user('program_admin');
  municipalityId = (await h.municipality()).id;
});
afterAll(() => h.close());

function expectUnauthorized(res: LightMyRequestResponse, code = 'unauthorized'): void {
  expect(res.statusCode, res.body).toBe(401);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe(code);
}

const me = (on: Instance, token: string) => on.request({ method: 'GET', url: '/v1/me', token });

const login = (email: string, password = FIXTURE_PASSWORD) =>
  h.request({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });

interface Session {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** Signs a new user in through the API and warms both instances' credential caches with the token. */
async function signIn(role: 'moderator' | 'municipality_editor' | 'municipality_admin' = 'moderator') {
  const user = await h.user(role, role === 'moderator' ? null : municipalityId);
  const res = await login(user.email);
  expect(res.statusCode).toBe(200);
  const { accessToken, refreshToken } = res.json();
  const session: Session = { userId: user.id, email: user.email, accessToken, refreshToken };
  await expectServed(session.accessToken);
  return session;
}

async function expectServed(token: string): Promise<void> {
  for (const on of [h, other]) expect((await me(on, token)).statusCode).toBe(200);
}

/** The very next request on each instance is a 401, and so is the one after it. */
async function expectEnded(token: string): Promise<void> {
  for (const on of [h, other, other, h]) expectUnauthorized(await me(on, token));
}

async function patchUser(id: string, payload: object) {
  const current = await h.request({ method: 'GET', url: `/v1/users/${id}`, token: admin.token });
  const res = await h.request({
    method: 'PATCH',
    url: `/v1/users/${id}`,
    token: admin.token,
    headers: { 'if-match': current.headers.etag as string },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('an access token belongs to its session', () => {
  it('logout ends it on every instance; another sign-in of the same user goes on', async () => {
    const session = await signIn();
    const second = (await login(session.email)).json().accessToken as string;
    await expectServed(second);
    const out = await h.request({
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: session.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    await expectEnded(session.accessToken);
    await expectServed(second);
  });

  it('sign out everywhere ends every sign-in of the user on every instance, asked on the other', async () => {
    const session = await signIn();
    const second = (await login(session.email)).json().accessToken as string;
    await expectServed(second);
    const out = await other.request({ method: 'POST', url: '/v1/auth/logout-all', token: second });
    expect(out.statusCode, out.body).toBe(204);
    await expectEnded(session.accessToken);
    await expectEnded(second);
  });

  it('reusing a rotated refresh token ends the session: every access token it gave', async () => {
    const session = await signIn();
    const rotated = await h.request({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
    });
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json().accessToken as string;
    await expectServed(next);
    // The old refresh token, presented again (stolen, or replayed): the family is revoked.
    const reuse = await other.request({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
    });
    expectUnauthorized(reuse, 'invalid_refresh_token');
    await expectEnded(session.accessToken);
    await expectEnded(next);
  });

  it('disabling the user ends the session', async () => {
    const session = await signIn();
    await patchUser(session.userId, { disabled: true });
    await expectEnded(session.accessToken);
  });

  it('a role change ends the session; the user signs in again and gets the new role', async () => {
    const session = await signIn('municipality_editor');
    await patchUser(session.userId, { role: 'municipality_viewer' });
    await expectEnded(session.accessToken);
    const again = await login(session.email);
    expect(again.json().user.role).toBe('municipality_viewer');
    await expectServed(again.json().accessToken);
  });
});

describe('deleting a municipality ends its use', () => {
  it("its users' tokens and its API keys get 401, its users cannot sign in or refresh", async () => {
    const gone = await h.municipality();
    const user = await h.user('municipality_admin', gone.id);
    const signedIn = (await login(user.email)).json() as { accessToken: string; refreshToken: string };
    const key = await h.apiKey(['municipality:read'], gone.id);
    const survivor = await signIn('municipality_editor');
    for (const token of [user.token, signedIn.accessToken, key.key]) {
      for (const on of [h, other]) {
        const res = await on.request({ method: 'GET', url: '/v1/municipalities', token });
        expect(res.statusCode).toBe(200);
      }
    }

    const del = await h.request({
      method: 'DELETE',
      url: `/v1/municipalities/${gone.id}`,
      token: admin.token,
    });
    expect(del.statusCode).toBe(204);

    for (const token of [user.token, signedIn.accessToken, key.key]) {
      for (const on of [h, other, other]) {
        expectUnauthorized(await on.request({ method: 'GET', url: '/v1/municipalities', token }));
      }
    }
    // Signing in answers exactly as a wrong password does: nothing tells the account exists.
    const right = await login(user.email);
    const wrong = await login(user.email, 'not-the-password');
    expectUnauthorized(right, 'invalid_credentials');
    const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
    expect(strip(right.json())).toEqual(strip(wrong.json()));
    const refresh = await h.request({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: signedIn.refreshToken },
    });
    expectUnauthorized(refresh, 'invalid_refresh_token');
    // Other municipalities' users are not touched.
    await expectServed(survivor.accessToken);
  });
});
