import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../deps.js';
import { actorKey } from '../lib/actor.js';
import { tooManyRequests } from '../lib/errors.js';

/** Requests per minute per API key, per user, or per IP for anonymous calls; counted in Redis when present. */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, deps: Pick<Deps, 'config' | 'redis'>) => {
    await app.register(rateLimit, {
      global: true,
      hook: 'preHandler',
      max: deps.config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      nameSpace: 'ratelimit:',
      ...(deps.redis ? { redis: deps.redis } : {}),
      // A Redis outage must not take the API down with it.
      skipOnError: true,
      keyGenerator: (request) => (request.actor ? actorKey(request.actor) : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) => tooManyRequests(Math.ceil(context.ttl / 1000)),
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
