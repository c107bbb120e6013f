import type { FastifyRequest } from 'fastify';

/**
 * What a request is called in metrics and traces: its route's operationId, else its URL pattern
 * (`/docs/static/*`), never the raw URL, so there are as many names as routes.
 */
export function operationOf(request: FastifyRequest): string {
  if (request.is404) return 'unmatched';
  const schema = request.routeOptions.schema as { operationId?: string } | undefined;
  return schema?.operationId ?? request.routeOptions.url ?? 'unmatched';
}
