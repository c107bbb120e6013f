import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type RepresentationCache, sendRepresentation } from '../../lib/representation-cache.js';
import { commonErrors } from '../../lib/schemas.js';
import { roadmap } from './roadmap.schemas.js';
import * as service from './roadmap.service.js';
import { municipalityParams } from './strategy.schemas.js';

export async function roadmapRoutes(
  app: FastifyInstance,
  { representations }: { representations: RepresentationCache },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/municipalities/:id/roadmap',
    {
      schema: {
        operationId: 'getRoadmap',
        summary: "Get a municipality's roadmap",
        description:
          'Measures grouped by action field (chosen fields by priority first), each with its span in quarters, and counts by status per field and overall. 404 while there is no strategy. Readable with `public:read` when the strategy is published.',
        tags: ['roadmap'],
        params: municipalityParams,
        response: { 200: roadmap, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendRepresentation(request, reply, representations, request.params.id, (ctx) =>
        service.getRoadmap(ctx, request.params.id),
      ),
  );
}
