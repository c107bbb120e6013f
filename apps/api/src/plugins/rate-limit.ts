import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { defaultApiKeyRateLimit } from '../config.js';
import type { Deps } from '../deps.js';
import { actorKey } from '../lib/actor.js';
import { tooManyRequests } from '../lib/errors.js';
import { countingStore } from '../lib/rate-limit-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Name of a route's own limit (`rateLimit`) in the RateLimit headers; default "route". */
    rateLimitPolicy?: string;
  }
}

const WINDOW_MS = 60_000;

/** The quota that applies to a request, as the RateLimit headers name it. */
function policyOf(request: FastifyRequest): string {
  const config = request.routeOptions.config;
  if (typeof config.rateLimit === 'object') return config.rateLimitPolicy ?? 'route';
  if (!request.actor) return 'ip';
  return request.actor.type === 'api_key' ? 'key' : 'user';
}

function windowSecondsOf(request: FastifyRequest): number {
  const own = request.routeOptions.config.rateLimit;
  const ms = typeof own === 'object' && typeof own.timeWindow === 'number' ? own.timeWindow : WINDOW_MS;
  return Math.ceil(ms / 1000);
}

/**
 * The limiter's numbers again as the IETF RateLimit and RateLimit-Policy fields
 * (draft-ietf-httpapi-ratelimit-headers, structured-field form). @fastify/rate-limit can only rename
 * its own three headers, so they are derived from those, which stay for existing clients.
 */
function addIetfHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const limit = reply.getHeader('x-ratelimit-limit');
  const remaining = reply.getHeader('x-ratelimit-remaining');
  const reset = reply.getHeader('x-ratelimit-reset');
  if (limit === undefined || remaining === undefined || reset === undefined) return;
  const policy = JSON.stringify(policyOf(request));
  reply.header('ratelimit-policy', `${policy};q=${limit};w=${windowSecondsOf(request)}`);
  reply.header('ratelimit', `${policy};r=${remaining};t=${reset}`);
}

/**
 * Requests per minute per API key (its own limit, else API_KEY_RATE_LIMIT_PER_MINUTE), per user, or
 * per IP for anonymous calls; counted in Redis when present, so all instances share one count (far
 * below a limit, each instance adds its count to Redis in batches: lib/rate-limit-store.ts).
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, deps: Pick<Deps, 'config' | 'redis'>) => {
    const keyDefault = defaultApiKeyRateLimit(deps.config);
    await app.register(rateLimit, {
      global: true,
      hook: 'preHandler',
      // The key's limit travels on the (cached) actor: no query per request.
      max: (request) =>
        request.actor?.type === 'api_key'
          ? (request.actor.rateLimitPerMinute ?? keyDefault)
          : deps.config.RATE_LIMIT_PER_MINUTE,
      timeWindow: WINDOW_MS,
      // Shared by all instances through Redis, mostly without a round trip per request (CountingStore).
      ...(deps.redis ? { store: countingStore(deps.redis, 'ratelimit:') } : {}),
      // A Redis outage must not take the API down with it.
      skipOnError: true,
      keyGenerator: (request) => (request.actor ? actorKey(request.actor) : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) => tooManyRequests(Math.ceil(context.ttl / 1000)),
    });
    // onSend also sees the 429 problem, whose headers the limiter set before it threw.
    app.addHook('onSend', async (request, reply, payload) => {
      addIetfHeaders(request, reply);
      return payload;
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
