import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';

const check = z.enum(['ok', 'failing', 'not_configured']);
const readiness = z
  .object({ status: z.enum(['ok', 'unavailable']), checks: z.object({ postgres: check, redis: check }) })
  .meta({ id: 'Readiness' });

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

export async function healthRoutes(app: FastifyInstance, deps: Pick<Deps, 'db' | 'redis'>): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      config: { auth: 'none', rateLimit: false },
      schema: {
        operationId: 'getHealth',
        summary: 'Liveness: the process serves requests',
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
        tags: ['health'],
        security: [],
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        withTimeout(deps.db.execute(sql`select 1`), 2000).then(
          () => 'ok' as const,
          () => 'failing' as const,
        ),
        deps.redis
          ? withTimeout(deps.redis.ping(), 2000).then(
              () => 'ok' as const,
              () => 'failing' as const,
            )
          : ('not_configured' as const),
      ]);
      const ok = postgres === 'ok' && redis !== 'failing';
      return reply
        .code(ok ? 200 : 503)
        .send({ status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } });
    },
  );
}
