import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Deps } from '../../deps.js';
import { bearerOf } from '../../plugins/auth.js';
import { requireMetricsToken } from './metrics.service.js';

export interface MetricsRouteOptions {
  /** METRICS_TOKEN; without one there is no route, and /metrics is a 404 like any unknown path. */
  token: string | undefined;
  registry: Registry;
  throttle: Pick<Deps['throttle'], 'beforeBearer' | 'onBearerSuccess'>;
}

/**
 * GET /metrics for Prometheus. An operations endpoint, so not part of the API contract (hidden from
 * the OpenAPI document); it sits behind the rate limiter like every route but the health checks.
 */
export async function metricsRoutes(app: FastifyInstance, opts: MetricsRouteOptions): Promise<void> {
  const { token, registry, throttle } = opts;
  if (!token) return;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // In the handler, so the rate limiter (a preHandler) has counted the request whatever its token.
    await requireMetricsToken(throttle, request.ip, bearerOf(request), token);
    const text = await registry.metrics();
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
}
