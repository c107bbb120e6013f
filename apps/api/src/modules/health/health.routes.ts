import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { checkReadiness } from './health.service.js';

const check = z.enum(['ok', 'failing', 'not_configured']);
const readiness = z
  .object({ status: z.enum(['ok', 'unavailable']), checks: z.object({ postgres: check, redis: check }) })
  .meta({ id: 'Readiness' });

export async function healthRoutes(app: FastifyInstance, deps: Pick<Deps, 'db' | 'redis'>): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      config: { auth: 'none', rateLimit: false },
      schema: {
        operationId: 'getHealth',
        summary: 'Liveness: the process serves requests',
        description:
          'No credentials and no rate limit, so an orchestrator never restarts a busy instance. Checks nothing but the process itself.',
        tags: ['health'],
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      config: { auth: 'none', rateLimit: false },
      schema: {
        operationId: 'getReadiness',
        summary: 'Readiness: Postgres and Redis answer',
        description:
          'No credentials and no rate limit. 200 when every configured dependency answers, otherwise 503 with the same body naming the failing check; Redis is `not_configured` when none is set up.',
        tags: ['health'],
        security: [],
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_request, reply) => {
      const { ok, checks } = await checkReadiness(deps);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
}
