import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached } from '../../lib/http-cache.js';
import { pageSchema } from '../../lib/pagination.js';
import { commonErrors } from '../../lib/schemas.js';
import { activityEntry, listActivityQuery } from './activity.schemas.js';
import * as service from './activity.service.js';
import { municipalityParams } from './strategy.schemas.js';

export async function activityRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/municipalities/:id/activity',
    {
      schema: {
        operationId: 'listMunicipalityActivity',
        summary: "Recent changes in a municipality's strategy workspace",
        description:
          'Newest first: changes to the strategy, ideas, measures and their steps, versions and documents, with who made them (votes are left out). Readable by whoever may read the municipality; not with `public:read`.',
        tags: ['strategy'],
        params: municipalityParams,
        querystring: listActivityQuery,
        response: { 200: pageSchema(activityEntry).meta({ id: 'ActivityPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listActivity(request.ctx(), request.params.id, request.query)),
  );
}
