import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { commonErrors, conditionalWriteErrors, requiredIfMatchHeaders } from '../../lib/schemas.js';
import { municipalityParams, putStrategyBody, strategy } from './strategy.schemas.js';
import * as service from './strategy.service.js';

const tags = ['strategy'];

export async function strategyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/municipalities/:id/strategy',
    {
      schema: {
        operationId: 'getStrategy',
        summary: "Get a municipality's strategy",
        description:
          '404 while the municipality has no strategy yet. API keys with only `public:read` read a published strategy (`visibility: public`); an unpublished one is 404 for them.',
        tags,
        params: municipalityParams,
        response: { 200: strategy, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getStrategy(request.ctx(), request.params.id)),
  );

  r.put(
    '/v1/municipalities/:id/strategy',
    {
      schema: {
        operationId: 'putStrategy',
        summary: "Create or replace a municipality's strategy",
        description:
          'Creates the strategy when there is none (201, no If-Match needed). Replacing an existing one requires `If-Match` (428 without it, 412 with a stale ETag). Adopting needs at least one chosen action field and `adoptedOn` (422 `strategy_not_adoptable`).',
        tags,
        params: municipalityParams,
        headers: requiredIfMatchHeaders,
        body: putStrategyBody,
        response: { 200: strategy, 201: strategy, ...conditionalWriteErrors },
      },
    },
    async (request, reply) => {
      const { created, strategy: dto } = await service.putStrategy(
        request.ctx(),
        request.params.id,
        request.body,
      );
      if (created) return sendCreated(reply, `/v1/municipalities/${request.params.id}/strategy`, dto);
      return withEtag(reply, dto);
    },
  );
}
