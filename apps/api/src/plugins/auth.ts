import { scopedDatabase } from '@werkstatt/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../deps.js';
import { type Actor, dataScopeOf, principalOf } from '../lib/actor.js';
import type { RequestContext } from '../lib/context.js';
import { isCredentialRejected } from '../lib/db-errors.js';
import { AppError, unauthorized } from '../lib/errors.js';
import { API_KEY_PREFIX, hashSecret, resolveActor } from '../modules/auth/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** SHA-256 of the bearer: the credential cache key. */
    credentialKey: string | null;
    /** The request context for services; throws 401 when nobody is signed in. */
    ctx(): RequestContext;
    /** The municipality whose route this is: its transactions check it is not deleted (plugins/municipality-in-use). */
    municipalityInUse: string | undefined;
  }
  interface FastifyContextConfig {
    /** 'none': the route ignores credentials (login); default under /v1: a valid token or key is required. */
    auth?: 'none' | 'required';
    /** Creating POST that honours the Idempotency-Key header. */
    idempotent?: boolean;
  }
}

export const bearerOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S{1,2048})$/i.exec(header);
  if (!match) throw unauthorized('Use "Authorization: Bearer <token>".');
  return match[1];
};

export const authPlugin = fp(
  async (app: FastifyInstance, deps: Pick<Deps, 'db' | 'tokens' | 'throttle' | 'credentials'>) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('credentialKey', null);
    app.decorateRequest('municipalityInUse', undefined);
    app.decorateRequest('ctx', function (this: FastifyRequest): RequestContext {
      const actor = this.actor;
      if (!actor) throw unauthorized();
      const ifMatch = this.headers['if-match'];
      const principal = principalOf(actor);
      return {
        actor,
        requestId: this.id,
        db: scopedDatabase(deps.db, dataScopeOf(actor), principal, this.municipalityInUse),
        inScope: (scope) => scopedDatabase(deps.db, scope, principal, this.municipalityInUse),
        ...(typeof ifMatch === 'string' ? { ifMatch } : {}),
      };
    });
    app.addHook('onRequest', async (request) => {
      // Everything under /v1 needs credentials unless the route opts out; docs and health are public.
      const url = request.routeOptions.url ?? '';
      if (request.is404 || !url.startsWith('/v1/') || request.routeOptions.config.auth === 'none') return;
      const bearer = bearerOf(request);
      if (!bearer) throw unauthorized();
      const key = hashSecret(bearer);
      request.credentialKey = key;
      const cached = deps.credentials.get(key);
      if (cached) {
        request.actor = cached;
        return;
      }
      // Only credentials not in the cache are checked against the failure throttle: a guessed token
      // or key is never cached, so the throttle still stops guessing, and known callers skip a Redis
      // round trip.
      // An API key is looked up in the database: it is counted before the look-up, so parallel
      // guesses cannot outrun the limit, and a valid key gives its count back. An access token is
      // checked by its signature first, which no guess passes: only a token found invalid counts, so
      // a burst of valid sign-ins from one address (an office behind one NAT) is never refused.
      const isKey = bearer.startsWith(API_KEY_PREFIX);
      if (isKey) await deps.throttle.beforeBearer(request.ip);
      else await deps.throttle.refuseIfBlocked(request.ip);
      let actor: Actor;
      try {
        actor = await deps.credentials.resolve(key, () => resolveActor(deps, bearer));
      } catch (err) {
        // Only an invalid credential is a failure; a database hiccup is not the caller's.
        const invalid = err instanceof AppError && err.status === 401;
        if (isKey && !invalid) await deps.throttle.onBearerSuccess(request.ip);
        if (!isKey && invalid) await deps.throttle.onBearerFailure(request.ip);
        throw err;
      }
      if (isKey) await deps.throttle.onBearerSuccess(request.ip);
      request.actor = actor;
    });
    // A transaction found the cached credentials revoked or changed: forget them, so the next
    // request resolves them afresh (and gets 401, or the new role).
    app.addHook('onError', async (request, _reply, error) => {
      if (request.credentialKey && isCredentialRejected(error))
        deps.credentials.delete(request.credentialKey);
    });
  },
  { name: 'auth' },
);
