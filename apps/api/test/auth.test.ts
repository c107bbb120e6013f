import { createHash, generateKeyPairSync } from 'node:crypto';
import { refreshTokens, users } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  base64url,
  createLocalJWKSet,
  decodeJwt,
  importPKCS8,
  type CryptoKey as JoseKey,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_PASSWORD, type Harness, type TestUser } from './support/harness.js';

const p256 = () =>
  generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });

const serverKey = p256();
const foreignKey = p256();

let h: Harness;
let signingKey: JoseKey;
let otherKey: JoseKey;
let admin: TestUser;
let editor: TestUser;
let municipalityId: string;

beforeAll(async () => {
  h = await createHarness({ JWT_PRIVATE_KEY: serverKey.privateKey, LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
  signingKey = await importPKCS8(serverKey.privateKey, 'ES256');
  otherKey = await importPKCS8(foreignKey.privateKey, 'ES256');
  municipalityId = (await h.municipality()).id;
  admin = await h.user('program_admin');
  editor = await h.user('municipality_editor', municipalityId);
});
afterAll(() => h.close());

interface Craft {
  sub?: string;
  claims?: JWTPayload;
  header?: Record<string, unknown>;
  key?: JoseKey;
  issuer?: string;
  audience?: string;
  expiresAt?: number | string | null;
}

/** Signs a token exactly like the server does, except for the one thing a case changes. */
async function craft(c: Craft = {}): Promise<string> {
  const jwt = new SignJWT({ role: 'program_admin', mid: null, sid: admin.sessionId, ...c.claims })
    .setProtectedHeader({ alg: 'ES256', kid: h.config.JWT_KEY_ID, typ: 'at+jwt', ...c.header })
    .setSubject(c.sub ?? admin.id)
    .setIssuer(c.issuer ?? h.config.JWT_ISSUER)
    .setAudience(c.audience ?? h.config.JWT_AUDIENCE)
    .setIssuedAt();
  if (c.expiresAt !== null) jwt.setExpirationTime(c.expiresAt ?? '5m');
  return jwt.sign(c.key ?? signingKey);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

/** Problem+json with the given status and code, and nothing else a client could mistake for data. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(body).not.toHaveProperty('data');
  expect(body).not.toHaveProperty('stack');
  return body;
}

const login = (email: string, password: string, remoteAddress?: string) =>
  h.request({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });

const refresh = (refreshToken: string) =>
  h.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });

const familyRows = async (familyId: string) =>
  h.owner.select().from(refreshTokens).where(eq(refreshTokens.familyId, familyId));

async function familyOf(refreshToken: string): Promise<string> {
  const hash = createHash('sha256').update(refreshToken).digest('hex');
  const [row] = await h.owner.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
  return row!.familyId;
}

describe('access tokens', () => {
  it('a token crafted like the server signs it is accepted (so every rejection below has one cause)', async () => {
    const token = await craft();
    const me = await h.request({ method: 'GET', url: '/v1/me', token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: admin.id, role: 'program_admin' });
    expect((await h.request({ method: 'GET', url: '/v1/programs', token })).statusCode).toBe(200);
  });

  const attacks: [string, () => Promise<Record<string, string>>][] = [
    ['no token', async () => ({})],
    ['a Basic header', async () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
    ['"Bearer" without a token', async () => ({ authorization: 'Bearer' })],
    ['a bearer with two parts', async () => ({ authorization: `Bearer ${await craft()} extra` })],
    ['a token that is not a JWT', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['an expired token', async () => bearer(await craft({ expiresAt: Math.floor(Date.now() / 1000) - 60 }))],
    ['a token without expiry', async () => bearer(await craft({ expiresAt: null }))],
    ['the wrong audience', async () => bearer(await craft({ audience: 'another-api' }))],
    ['the wrong issuer', async () => bearer(await craft({ issuer: 'https://evil.example' }))],
    ['the wrong token type', async () => bearer(await craft({ header: { typ: 'JWT' } }))],
    [
      'alg "none"',
      async () => {
        const [, payload] = (await craft()).split('.');
        return bearer(`${encode({ alg: 'none', typ: 'at+jwt', kid: h.config.JWT_KEY_ID })}.${payload}.`);
      },
    ],
    [
      'HS256 keyed with the public key',
      async () => {
        const secret = new TextEncoder().encode(serverKey.publicKey);
        const token = await new SignJWT({ role: 'program_admin', mid: null })
          .setProtectedHeader({ alg: 'HS256', kid: h.config.JWT_KEY_ID, typ: 'at+jwt' })
          .setSubject(admin.id)
          .setIssuer(h.config.JWT_ISSUER)
          .setAudience(h.config.JWT_AUDIENCE)
          .setExpirationTime('5m')
          .sign(secret);
        return bearer(token);
      },
    ],
    [
      'a tampered signature',
      async () => {
        const [head, payload, sig] = (await craft()).split('.');
        const flipped = `${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
        return bearer(`${head}.${payload}.${flipped}`);
      },
    ],
    [
      'a tampered payload (another subject under the old signature)',
      async () => {
        const [head, , sig] = (await craft({ sub: editor.id })).split('.');
        const now = Math.floor(Date.now() / 1000);
        const payload = encode({
          sub: admin.id,
          role: 'program_admin',
          mid: null,
          sid: admin.sessionId,
          iss: h.config.JWT_ISSUER,
          aud: h.config.JWT_AUDIENCE,
          iat: now,
          exp: now + 300,
        });
        return bearer(`${head}.${payload}.${sig}`);
      },
    ],
    ['an unknown kid', async () => bearer(await craft({ header: { kid: 'rotated-away' } }))],
    ['no kid', async () => bearer(await craft({ header: { kid: undefined } }))],
    ['a token signed by another key', async () => bearer(await craft({ key: otherKey }))],
    ['a subject that is not a user id', async () => bearer(await craft({ sub: 'admin' }))],
    ['a subject that does not exist', async () => bearer(await craft({ sub: crypto.randomUUID() }))],
    [
      'a token without a session (issued before sessions were checked)',
      async () => bearer(await craft({ claims: { sid: undefined } })),
    ],
    ['a session id that is not an id', async () => bearer(await craft({ claims: { sid: 'session-1' } }))],
    [
      'a session that does not exist',
      async () => bearer(await craft({ claims: { sid: crypto.randomUUID() } })),
    ],
    ["another user's session", async () => bearer(await craft({ claims: { sid: editor.sessionId } }))],
    [
      'a role the user does not have',
      async () =>
        bearer(
          await craft({
            sub: editor.id,
            claims: { sid: editor.sessionId, role: 'program_admin', mid: null },
          }),
        ),
    ],
    [
      "a disabled user's still valid token",
      async () => bearer((await h.user('program_admin', null, { disabled: true })).token),
    ],
    [
      "a deleted user's still valid token",
      async () => bearer((await h.user('program_admin', null, { deletedAt: new Date() })).token),
    ],
    ['an unknown API key', async () => bearer('wst_thisKeyWasNeverIssuedToAnyone')],
  ];

  for (const url of ['/v1/me', '/v1/programs']) {
    it.each(attacks)(`GET ${url} with %s is a 401 problem`, async (_name, headers) => {
      const sent = await headers();
      const res = await h.request({ method: 'GET', url, headers: sent });
      const body = expectProblem(res, 401, 'unauthorized');
      // RFC 6750: an error code only when a token was presented.
      expect(res.headers['www-authenticate']).toMatch(
        sent.authorization ? /^Bearer error="invalid_token"/ : /^Bearer realm=/,
      );
      expect(Object.keys(body)).not.toContain('id');
    });
  }

  it('an API key is authenticated but has no user profile: /v1/me is a 403', async () => {
    const key = await h.apiKey(['public:read']);
    expect((await h.request({ method: 'GET', url: '/v1/programs', token: key.key })).statusCode).toBe(200);
    expectProblem(await h.request({ method: 'GET', url: '/v1/me', token: key.key }), 403, 'forbidden');
  });

  it('a user disabled after sign-in is locked out at once', async () => {
    const user = await h.user('moderator');
    expect((await h.request({ method: 'GET', url: '/v1/me', token: user.token })).statusCode).toBe(200);
    await h.owner.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expectProblem(await h.request({ method: 'GET', url: '/v1/me', token: user.token }), 401, 'unauthorized');
  });
});

describe('login', () => {
  it('returns tokens and the user, records the sign-in, and the access token works', async () => {
    const user = await h.user('municipality_admin', municipalityId);
    const res = await login(user.email, FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: h.config.ACCESS_TOKEN_TTL_SECONDS,
      user: { id: user.id, email: user.email, role: 'municipality_admin', municipalityId },
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.refreshToken).toMatch(/^[\w-]{40,}$/);
    const me = await h.request({ method: 'GET', url: '/v1/me', token: body.accessToken });
    expect(me.json()).toMatchObject({ id: user.id, municipality: { id: municipalityId } });
    const [row] = await h.owner.select().from(users).where(eq(users.id, user.id));
    expect(row!.lastLoginAt).not.toBeNull();
    // Only the hash of the refresh token is stored; its family is the access token's session.
    const stored = await h.owner.select().from(refreshTokens).where(eq(refreshTokens.userId, user.id));
    const opened = stored.filter((r) => r.familyId !== user.sessionId);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.tokenHash).not.toBe(body.refreshToken);
    expect(decodeJwt(body.accessToken).sid).toBe(opened[0]!.familyId);
  });

  it('a wrong password and an unknown e-mail address get the same answer', async () => {
    const user = await h.user('moderator');
    const wrong = expectProblem(await login(user.email, 'not-the-password'), 401, 'invalid_credentials');
    const unknown = expectProblem(
      await login('nobody@test.example', FIXTURE_PASSWORD),
      401,
      'invalid_credentials',
    );
    const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wrong)).toEqual(strip(unknown));
    expect(wrong).not.toHaveProperty('accessToken');
  });

  it('the e-mail address is case-insensitive', async () => {
    const user = await h.user('moderator');
    const res = await login(user.email.toUpperCase(), FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(user.id);
  });

  it('a disabled or deleted user cannot sign in, even with the right password', async () => {
    const disabled = await h.user('moderator', null, { disabled: true });
    const deleted = await h.user('moderator', null, { deletedAt: new Date() });
    expectProblem(await login(disabled.email, FIXTURE_PASSWORD), 401, 'invalid_credentials');
    expectProblem(await login(deleted.email, FIXTURE_PASSWORD), 401, 'invalid_credentials');
    const tokens = await h.owner.select().from(refreshTokens).where(eq(refreshTokens.userId, disabled.id));
    expect(tokens.map((t) => t.familyId)).toEqual([disabled.sessionId]);
  });

  it('a bad body is a 400 validation problem', async () => {
    const res = await h.request({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'not-an-address', password: '' },
    });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.password']);
  });

  it('after the allowed failures the account is throttled for that client, even with the right password', async () => {
    const user = await h.user('moderator');
    const bystander = await h.user('moderator');
    for (let i = 0; i < h.config.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      expectProblem(await login(user.email, `wrong-${i}`), 401, 'invalid_credentials');
    }
    const locked = await login(user.email, FIXTURE_PASSWORD);
    expectProblem(locked, 429, 'too_many_requests');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another spelling of the same address is the same account.
    expectProblem(await login(user.email.toUpperCase(), FIXTURE_PASSWORD), 429, 'too_many_requests');
    expect((await login(bystander.email, FIXTURE_PASSWORD)).statusCode).toBe(200);
    // The owner, from another address, is not locked out by those failures.
    expect((await login(user.email, FIXTURE_PASSWORD, '198.51.100.99')).statusCode).toBe(200);
  });

  it('a successful sign-in clears earlier failures', async () => {
    const user = await h.user('moderator');
    const below = h.config.LOGIN_MAX_FAILURES_PER_ACCOUNT - 1;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < below; i++) expect((await login(user.email, 'wrong')).statusCode).toBe(401);
      expect((await login(user.email, FIXTURE_PASSWORD)).statusCode).toBe(200);
    }
  });
});

describe('login throttle per IP', () => {
  let ip: Harness;
  let user: TestUser;

  beforeAll(async () => {
    // Production mode, where a proxy in front could tempt the app to trust X-Forwarded-For.
    ip = await createHarness({
      NODE_ENV: 'production',
      JWT_PRIVATE_KEY: serverKey.privateKey,
      LINK_SECRET: 'auth-test-link-secret-of-32-characters',
      WEBHOOK_SECRET_KEY: 'auth-test-webhook-secret-key-of-32-characters',
      APP_URL: 'https://werkstatt.example/',
      LOGIN_MAX_ATTEMPTS_PER_IP: '3',
    });
    user = await ip.user('moderator');
  });
  afterAll(() => ip.close());

  const attempt = (password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    ip.request({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password },
      remoteAddress,
      headers,
    });

  it('too many attempts from one address are refused with 429, other addresses still sign in', async () => {
    expect((await attempt('wrong', '198.51.100.7')).statusCode).toBe(401);
    expect((await attempt(FIXTURE_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    expect((await attempt('wrong', '198.51.100.7')).statusCode).toBe(401);
    const refused = await attempt(FIXTURE_PASSWORD, '198.51.100.7');
    expectProblem(refused, 429, 'too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(FIXTURE_PASSWORD, '198.51.100.8')).statusCode).toBe(200);
  });

  it('a forged X-Forwarded-For does not buy fresh attempts', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await attempt('wrong', '203.0.113.9', { 'x-forwarded-for': `10.0.0.${i}` })).statusCode).toBe(
        401,
      );
    }
    const res = await attempt(FIXTURE_PASSWORD, '203.0.113.9', { 'x-forwarded-for': '10.0.0.99' });
    expectProblem(res, 429, 'too_many_requests');
  });
});

describe('guessing tokens or API keys', () => {
  let guard: Harness;
  let user: TestUser;

  beforeAll(async () => {
    guard = await createHarness({ AUTH_MAX_FAILURES_PER_IP: '3' });
    user = await guard.user('moderator');
  });
  afterAll(() => guard.close());

  const call = (token: string, remoteAddress: string) =>
    guard.request({
      method: 'GET',
      url: '/v1/programs',
      headers: { authorization: `Bearer ${token}` },
      remoteAddress,
    });

  it('an address that sent too many invalid credentials gets 429 before any look-up; others are unaffected', async () => {
    for (const token of ['not-a-jwt', 'wst_guessedguessedguessedguessed', 'still-not-a-jwt']) {
      expect((await call(token, '198.51.100.20')).statusCode).toBe(401);
    }
    const refused = await call(user.token, '198.51.100.20');
    expectProblem(refused, 429, 'too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(user.token, '198.51.100.21')).statusCode).toBe(200);
  });

  it('parallel guesses cannot outrun the limit: of 15 at once, 3 are checked and 12 refused', async () => {
    const codes = await Promise.all(
      Array.from({ length: 15 }, (_, i) => call(`parallel-guess-${i}`, '198.51.100.40')),
    );
    expect(codes.map((r) => r.statusCode).sort()).toEqual([...Array(3).fill(401), ...Array(12).fill(429)]);
  });

  it('parallel API-key guesses cannot outrun the limit either: counted before their look-up', async () => {
    const codes = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        call(`wst_parallelguess${i}parallelguessparallelguess`, '198.51.100.41'),
      ),
    );
    expect(codes.map((r) => r.statusCode).sort()).toEqual([...Array(3).fill(401), ...Array(12).fill(429)]);
  });

  it('serves more valid access tokens at once from one address than its failure limit', async () => {
    // An office behind one NAT opening the console together: 15 sessions not yet in the credential
    // cache, checked at the same time, against a limit of 3 failures.
    const sessions = await Promise.all(Array.from({ length: 15 }, () => guard.user('moderator')));
    const codes = await Promise.all(sessions.map((s) => call(s.token, '198.51.100.42')));
    expect(codes.map((r) => r.statusCode)).toEqual(Array(15).fill(200));
    // And they left the address's failures untouched.
    for (const token of ['guess-x', 'guess-y', 'guess-z']) {
      expect((await call(token, '198.51.100.42')).statusCode).toBe(401);
    }
    expectProblem(await call('guess-w', '198.51.100.42'), 429, 'too_many_requests');
  });

  it("valid credentials do not use up the address's failures", async () => {
    for (let i = 0; i < 5; i++) {
      const fresh = await guard.user('moderator');
      expect((await call(fresh.token, '198.51.100.50')).statusCode).toBe(200);
    }
    for (const token of ['guess-a', 'guess-b', 'guess-c']) {
      expect((await call(token, '198.51.100.50')).statusCode).toBe(401);
    }
    expectProblem(await call('guess-d', '198.51.100.50'), 429, 'too_many_requests');
  });

  it('a credential already resolved keeps working from a blocked address; further guesses do not', async () => {
    const caller = await guard.user('moderator');
    expect((await call(caller.token, '198.51.100.30')).statusCode).toBe(200);
    for (const token of ['guess-1', 'guess-2', 'guess-3']) {
      expect((await call(token, '198.51.100.30')).statusCode).toBe(401);
    }
    expectProblem(await call('guess-4', '198.51.100.30'), 429, 'too_many_requests');
    expect((await call(caller.token, '198.51.100.30')).statusCode).toBe(200);
  });
});

describe('login throttle behind a trusted proxy', () => {
  let proxied: Harness;
  let user: TestUser;

  beforeAll(async () => {
    proxied = await createHarness({ LOGIN_MAX_ATTEMPTS_PER_IP: '2', TRUST_PROXY: '192.0.2.1' });
    user = await proxied.user('moderator');
  });
  afterAll(() => proxied.close());

  it('counts per client address the trusted proxy forwards', async () => {
    const via = (client: string) =>
      proxied.request({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: user.email, password: 'wrong' },
        remoteAddress: '192.0.2.1',
        headers: { 'x-forwarded-for': client },
      });
    expect((await via('198.51.100.1')).statusCode).toBe(401);
    expect((await via('198.51.100.1')).statusCode).toBe(401);
    expect((await via('198.51.100.1')).statusCode).toBe(429);
    expect((await via('198.51.100.2')).statusCode).toBe(401);
  });
});

describe('refresh tokens', () => {
  async function signIn() {
    const user = await h.user('municipality_editor', municipalityId);
    const res = await login(user.email, FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    return { user, tokens: res.json() as { accessToken: string; refreshToken: string } };
  }

  it('rotation returns a new refresh token and access token; the old one is marked used', async () => {
    const { user, tokens } = await signIn();
    const res = await refresh(tokens.refreshToken);
    expect(res.statusCode).toBe(200);
    const next = res.json();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.user.id).toBe(user.id);
    const me = await h.request({ method: 'GET', url: '/v1/me', token: next.accessToken });
    expect(me.json().id).toBe(user.id);
    const rows = await familyRows(await familyOf(tokens.refreshToken));
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.usedAt !== null)).toHaveLength(1);
    expect(rows.every((r) => r.revokedAt === null)).toBe(true);
  });

  it('reusing a rotated token is a 401 and revokes the whole family, newest token included', async () => {
    const { tokens } = await signIn();
    const second = (await refresh(tokens.refreshToken)).json().refreshToken as string;
    const third = (await refresh(second)).json().refreshToken as string;
    const reuse = await refresh(tokens.refreshToken);
    expectProblem(reuse, 401, 'invalid_refresh_token');
    expectProblem(await refresh(third), 401, 'invalid_refresh_token');
    const rows = await familyRows(await familyOf(tokens.refreshToken));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('two refreshes racing with the same token: one wins, the replay ends the family', async () => {
    const { tokens } = await signIn();
    const results = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    const rows = await familyRows(await familyOf(tokens.refreshToken));
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('an expired refresh token is a 401', async () => {
    const { tokens } = await signIn();
    const familyId = await familyOf(tokens.refreshToken);
    await h.owner
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.familyId, familyId));
    expectProblem(await refresh(tokens.refreshToken), 401, 'invalid_refresh_token');
    expect(await familyRows(familyId)).toHaveLength(1);
  });

  it("a disabled user's refresh is a 401 and revokes the family", async () => {
    const { user, tokens } = await signIn();
    await h.owner.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expectProblem(await refresh(tokens.refreshToken), 401, 'invalid_refresh_token');
    const rows = await familyRows(await familyOf(tokens.refreshToken));
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('an unknown refresh token is a 401', async () => {
    expectProblem(await refresh('x'.repeat(43)), 401, 'invalid_refresh_token');
  });

  it('logout revokes the family: neither the current nor an older token refreshes', async () => {
    const { tokens } = await signIn();
    const second = (await refresh(tokens.refreshToken)).json().refreshToken as string;
    const res = await h.request({
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: second },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const rows = await familyRows(await familyOf(second));
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    expectProblem(await refresh(second), 401, 'invalid_refresh_token');
  });

  it('other sign-ins of the same user survive a logout', async () => {
    const { user, tokens } = await signIn();
    const other = (await login(user.email, FIXTURE_PASSWORD)).json().refreshToken as string;
    await h.request({
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect((await refresh(other)).statusCode).toBe(200);
  });
});

describe('JWKS', () => {
  it('publishes the public key, which verifies an issued token', async () => {
    const res = await h.request({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const jwks = res.json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: h.config.JWT_KEY_ID, alg: 'ES256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const { accessToken } = (await login(admin.email, FIXTURE_PASSWORD)).json();
    const { payload, protectedHeader } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
      issuer: h.config.JWT_ISSUER,
      audience: h.config.JWT_AUDIENCE,
    });
    expect(payload.sub).toBe(admin.id);
    expect(protectedHeader.kid).toBe(h.config.JWT_KEY_ID);
  });
});
