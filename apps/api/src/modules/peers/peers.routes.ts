import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached } from '../../lib/http-cache.js';
import { commonErrors } from '../../lib/schemas.js';
import { findPeersQuery, measurePeersParams, measurePeersQuery, peerMeasureList } from './peers.schemas.js';
import * as peers from './peers.service.js';

const tags = ['peers'];
const rules =
  'Only measures of other municipalities whose strategy is public appear; private strategies never do. Ranked: the same action field (by key, in any program) scores 1, plus the German full-text rank.';

export async function peerRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/measures/peers',
    {
      schema: {
        operationId: 'findPeerMeasures',
        summary: 'Find measures of other municipalities (peer finder)',
        description: `Search by action field key, text, or both (either may match). ${rules} Public strategies are published data: any signed-in user and every API key with a read scope (public:read included) may search. The caller's own municipality is left out.`,
        tags,
        querystring: findPeersQuery,
        response: { 200: peerMeasureList, ...commonErrors },
      },
    },
    async (request, reply) => sendCached(request, reply, await peers.findPeers(request.ctx(), request.query)),
  );

  r.get(
    '/v1/municipalities/:id/measures/:measureId/peers',
    {
      schema: {
        operationId: 'findPeersOfMeasure',
        summary: 'Find who already works on something like this measure',
        description: `Measures with the same action field or similar text (any word of the measure's title and description). ${rules} Needs read access to the measure's municipality, which is never in the result.`,
        tags,
        params: measurePeersParams,
        querystring: measurePeersQuery,
        response: { 200: peerMeasureList, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await peers.findPeersOfMeasure(
          request.ctx(),
          request.params.id,
          request.params.measureId,
          request.query.limit,
        ),
      ),
  );
}
