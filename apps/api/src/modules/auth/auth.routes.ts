import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, problemResponses } from '../../lib/schemas.js';
import {
  changePasswordBody,
  clientHeaders,
  loginBody,
  me,
  passwordResetRequestBody,
  refreshBody,
  setPasswordBody,
  type TokenResponse,
  tokenResponse,
} from './auth.schemas.js';
import { type AuthService, invalidRefresh } from './auth.service.js';
import {
  assertSameSiteBrowser,
  clearRefreshCookie,
  isBrowserClient,
  refreshCookie,
  setRefreshCookie,
} from './browser-session.js';
import type { CredentialCache } from './credential-cache.js';
import type { PasswordService } from './passwords.service.js';
import type { TokenService } from './tokens.js';

const tags = ['auth'];
const authErrors = { 400: problemResponses[400], 401: problemResponses[401], 429: problemResponses[429] };

const linkErrors = { ...authErrors, 422: problemResponses[422] };
const cookieErrors = {
  ...authErrors,
  403: {
    ...problemResponses[403],
    description:
      'Cookie mode without the header `X-Werkstatt-Client: browser` or from an origin that is not allowed (`cross_site_request_refused`).',
  },
};

const cookieMode =
  ' Cookie mode (header `X-Werkstatt-Client: browser`): the refresh token is set as the `werkstatt_refresh` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth, Max-Age = REFRESH_TOKEN_TTL_DAYS) and left out of the body.';
const cookieGuard =
  ' Without `refreshToken` in the body the request is in cookie mode: the token is read from the `werkstatt_refresh` cookie, and the request needs the header `X-Werkstatt-Client: browser` and an `Origin` of CORS_ORIGINS or APP_URL, otherwise 403 `cross_site_request_refused` and nothing changes.';

export async function authRoutes(
  app: FastifyInstance,
  opts: {
    auth: AuthService;
    passwords: PasswordService;
    tokens: TokenService;
    credentials: CredentialCache;
    browserOrigins: readonly string[];
    refreshTtlDays: number;
  },
) {
  // Cookies are parsed for the auth routes only: no other route reads one.
  await app.register(cookie);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = opts;

  /** Body mode answers as it is; cookie mode moves the refresh token into the cookie. */
  const answer = (request: FastifyRequest, reply: FastifyReply, tokens: TokenResponse): TokenResponse => {
    if (!isBrowserClient(request)) return tokens;
    const { refreshToken, ...rest } = tokens;
    if (refreshToken) setRefreshCookie(reply, refreshToken, opts.refreshTtlDays);
    return rest;
  };

  /** The token of a refresh or logout: from the body (scripts) or, guarded against CSRF, the cookie. */
  const presentedToken = (request: FastifyRequest, body: { refreshToken?: string } | null | undefined) => {
    if (body?.refreshToken) return { token: body.refreshToken, cookie: false };
    assertSameSiteBrowser(request, opts.browserOrigins);
    return { token: refreshCookie(request), cookie: true };
  };

  r.post(
    '/v1/auth/login',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'login',
        summary: 'Sign in with e-mail and password',
        description:
          'Returns a short-lived access token and a single-use refresh token. Attempts are throttled per account and client address (429 with Retry-After; other addresses are not affected), per client address, and slowed down per account after many failures. The access token belongs to the session of this sign-in.' +
          cookieMode +
          ' In cookie mode the `Origin` must be one of CORS_ORIGINS or APP_URL (403 `cross_site_request_refused`).',
        tags,
        security: [],
        headers: clientHeaders,
        body: loginBody,
        response: { 200: tokenResponse, ...cookieErrors },
      },
    },
    async (request, reply) => {
      if (isBrowserClient(request)) assertSameSiteBrowser(request, opts.browserOrigins);
      return answer(request, reply, await auth.login({ ...request.body, ip: request.ip }));
    },
  );

  r.post(
    '/v1/auth/refresh',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'refreshToken',
        summary: 'Exchange a refresh token for new tokens',
        description:
          'Every refresh token works once. Presenting a used one ends all sessions of that sign-in.' +
          cookieGuard +
          ' In cookie mode the new refresh token replaces the cookie and is left out of the body. Send no body or `{}`.',
        tags,
        security: [],
        headers: clientHeaders,
        body: refreshBody.nullish(),
        response: { 200: tokenResponse, ...cookieErrors },
      },
    },
    async (request, reply) => {
      const presented = presentedToken(request, request.body);
      if (!presented.token) throw invalidRefresh();
      const tokens = await auth.refresh(presented.token);
      if (!presented.cookie) return tokens;
      const { refreshToken, ...rest } = tokens;
      setRefreshCookie(reply, refreshToken!, opts.refreshTtlDays);
      return rest;
    },
  );

  r.post(
    '/v1/auth/logout',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'logout',
        summary: 'Sign out: revoke the refresh token and its family',
        description:
          'No access token needed: the refresh token is the credential. Every refresh token of the same sign-in stops working; an unknown or already revoked token is also answered with 204, so the answer reveals nothing.' +
          cookieGuard +
          ' In cookie mode the cookie is cleared.',
        tags,
        security: [],
        headers: clientHeaders,
        body: refreshBody.nullish(),
        response: { 204: z.null().describe('Signed out'), ...cookieErrors },
      },
    },
    async (request, reply) => {
      const presented = presentedToken(request, request.body);
      if (presented.token) await auth.logout(presented.token);
      if (presented.cookie) clearRefreshCookie(reply);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/auth/logout-all',
    {
      schema: {
        operationId: 'logoutEverywhere',
        summary: 'Sign out everywhere: end every session of the signed-in user',
        description:
          'Revokes every refresh token of the user, from every sign-in and device; their access tokens are refused from the next request on, this one too. With the header `X-Werkstatt-Client: browser` the `werkstatt_refresh` cookie is cleared. API keys have no sessions (403).',
        tags,
        headers: clientHeaders,
        response: { 204: z.null().describe('Every session ended'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const userId = await auth.logoutAll(request.ctx());
      opts.credentials.forget(userId);
      if (isBrowserClient(request)) clearRefreshCookie(reply);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/auth/password-reset',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'requestPasswordReset',
        summary: 'Ask for a password reset link ("Passwort vergessen")',
        description:
          'Always 202 with an empty body, whether or not the address has an account: only an address of an active account receives a mail with a link to set a new password (APP_URL/passwort-zuruecksetzen/{token}, valid for PASSWORD_RESET_TTL_MINUTES, once; a newer link voids it). Limited per client address and per e-mail address (429 with Retry-After), counted alike for every address.',
        tags,
        security: [],
        body: passwordResetRequestBody,
        response: { 202: z.null().describe('Accepted'), ...authErrors },
      },
    },
    async (request, reply) => {
      await opts.passwords.requestReset({ email: request.body.email, ip: request.ip, requestId: request.id });
      return reply.code(202).send(null);
    },
  );

  r.post(
    '/v1/auth/set-password',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'setPasswordWithToken',
        summary: 'Set a password with the link of an invitation or a password reset',
        description:
          'The token is the secret of the link in the mail. It works once, until it expires, and only while it is the newest link of its account. Every session of the account ends; the user then signs in with the new password. An invalid, used or expired token is 422 `invalid_password_link`. Limited per client address (429).',
        tags,
        security: [],
        body: setPasswordBody,
        response: { 204: z.null().describe('Password set'), ...linkErrors },
      },
    },
    async (request, reply) => {
      const { userId } = await opts.passwords.setWithToken({
        ...request.body,
        ip: request.ip,
        requestId: request.id,
      });
      opts.credentials.forget(userId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/me/password',
    {
      schema: {
        operationId: 'changeOwnPassword',
        summary: 'Change your own password',
        description:
          'Needs the current password (wrong: 422 `current_password_wrong`, nothing changes). Every session of the user ends, this one too; the answer holds the tokens of a new session. Attempts are limited per user (429).' +
          cookieMode,
        tags,
        headers: clientHeaders,
        body: changePasswordBody,
        response: { 200: tokenResponse, 422: problemResponses[422], ...commonErrors },
      },
    },
    async (request, reply) => {
      const tokens = await opts.auth.changeOwnPassword(request.ctx(), request.body);
      opts.credentials.forget(tokens.user.id);
      return answer(request, reply, tokens);
    },
  );

  r.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        summary: 'The signed-in user',
        description:
          'The profile behind the access token, with the municipality the user belongs to (`null` for the program office). API keys have no profile (403).',
        tags,
        response: { 200: me, ...commonErrors },
      },
    },
    async (request) => auth.me(request.ctx()),
  );

  r.get(
    '/.well-known/jwks.json',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'getJwks',
        summary: 'Public keys that sign access tokens',
        description:
          'A JSON Web Key Set (RFC 7517) for verifying access tokens without calling the API; a key is listed by its `kid` as long as tokens signed with it can be valid.',
        tags,
        security: [],
        response: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async () => opts.tokens.jwks(),
  );
}
