import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { feedQuery, feedRules } from '../../lib/change-feed.js';
import { sendCached } from '../../lib/http-cache.js';
import { commonErrors } from '../../lib/schemas.js';
import { workshopFeedPage } from './public-feed.schemas.js';
import * as feeds from './public-feed.service.js';

export async function publicWorkshopFeedRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/public/workshops',
    {
      schema: {
        operationId: 'feedPublicWorkshops',
        summary: 'Changes of the workshops the program office scheduled',
        description: `Every workshop that is published, held or cancelled (drafts never appear), with the municipalities taking part. ${feedRules}`,
        tags: ['feeds'],
        querystring: feedQuery,
        response: { 200: workshopFeedPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await feeds.workshopFeed(request.ctx(), request.query)),
  );
}
