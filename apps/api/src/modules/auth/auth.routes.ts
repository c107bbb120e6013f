import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, problemResponses } from '../../lib/schemas.js';
import { loginBody, me, refreshBody, tokenResponse } from './auth.schemas.js';
import type { AuthService } from './auth.service.js';
import type { TokenService } from './tokens.js';

const tags = ['auth'];
const authErrors = { 400: problemResponses[400], 401: problemResponses[401], 429: problemResponses[429] };

export async function authRoutes(app: FastifyInstance, opts: { auth: AuthService; tokens: TokenService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = opts;

  r.post(
    '/v1/auth/login',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'login',
        summary: 'Sign in with e-mail and password',
        description:
          'Returns a short-lived access token and a single-use refresh token. Attempts are throttled per account and client address (429 with Retry-After; other addresses are not affected), per client address, and slowed down per account after many failures. The access token belongs to the session of this sign-in.',
        tags,
        security: [],
        body: loginBody,
        response: { 200: tokenResponse, ...authErrors },
      },
    },
    async (request) => auth.login({ ...request.body, ip: request.ip }),
  );

  r.post(
    '/v1/auth/refresh',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'refreshToken',
        summary: 'Exchange a refresh token for new tokens',
        description:
          'Every refresh token works once. Presenting a used one ends all sessions of that sign-in.',
        tags,
        security: [],
        body: refreshBody,
        response: { 200: tokenResponse, ...authErrors },
      },
    },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  r.post(
    '/v1/auth/logout',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'logout',
        summary: 'Sign out: revoke the refresh token and its family',
        description:
          'No access token needed: the refresh token is the credential. Every refresh token of the same sign-in stops working; an unknown or already revoked token is also answered with 204, so the answer reveals nothing.',
        tags,
        security: [],
        body: refreshBody,
        response: { 204: z.null().describe('Signed out'), ...authErrors },
      },
    },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.code(204).send(null);
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
