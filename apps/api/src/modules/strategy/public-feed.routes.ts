import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { feedQuery, feedRules } from '../../lib/change-feed.js';
import { encodedJson, sendCached, sendJson } from '../../lib/http-cache.js';
import { commonErrors } from '../../lib/schemas.js';
import { measureFeedPage, strategyFeedPage } from './public-feed.schemas.js';
import * as feeds from './public-feed.service.js';

const tags = ['feeds'];

export async function publicFeedRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/public/measures',
    {
      schema: {
        operationId: 'feedPublicMeasures',
        summary: 'Changes of the measures every municipality published',
        description: `The measures of every published strategy. ${feedRules}`,
        tags,
        querystring: feedQuery,
        response: { 200: measureFeedPage, ...commonErrors },
      },
    },
    // The page comes as JSON text, encoded by Postgres (see public-feed.data).
    async (request, reply) =>
      sendJson(request, reply, encodedJson(await feeds.measureFeed(request.ctx(), request.query))),
  );

  r.get(
    '/v1/public/strategies',
    {
      schema: {
        operationId: 'feedPublicStrategies',
        summary: 'Changes of the strategies municipalities published',
        description: `Every published strategy with its chosen action fields and goals. ${feedRules}`,
        tags,
        querystring: feedQuery,
        response: { 200: strategyFeedPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await feeds.strategyFeed(request.ctx(), request.query)),
  );
}
