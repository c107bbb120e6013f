import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached } from '../../lib/http-cache.js';
import { commonErrors } from '../../lib/schemas.js';
import { programOverview } from './reports.schemas.js';
import * as service from './reports.service.js';

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/reports/overview',
    {
      schema: {
        operationId: 'getProgramOverview',
        summary: 'Program overview across all municipalities',
        description:
          'For the program office (program_admin, moderator): municipalities by strategy status, how often each action field was chosen, live measures by field and status, overdue measures, workshops held per month, pending workshop applications.',
        tags: ['reports'],
        response: { 200: programOverview, ...commonErrors },
      },
    },
    async (request, reply) => sendCached(request, reply, await service.getOverview(request.ctx())),
  );
}
