import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached } from '../../lib/http-cache.js';
import { pageSchema } from '../../lib/pagination.js';
import { commonErrors, idParams } from '../../lib/schemas.js';
import { auditEvent, listAuditEventsQuery } from './audit-events.schemas.js';
import * as service from './audit-events.service.js';

const tags = ['audit'];

export async function auditEventRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/audit-events',
    {
      schema: {
        operationId: 'listAuditEvents',
        summary: 'List audit events',
        description:
          "Newest first. Program administrators see every event, municipality administrators their municipality's; other users and API keys get 403.",
        tags,
        querystring: listAuditEventsQuery,
        response: { 200: pageSchema(auditEvent).meta({ id: 'AuditEventPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listAuditEvents(request.ctx(), request.query)),
  );

  r.get(
    '/v1/audit-events/:id',
    {
      schema: {
        operationId: 'getAuditEvent',
        summary: 'Get an audit event',
        description: "Another municipality's event is reported as not found.",
        tags,
        params: idParams,
        response: { 200: auditEvent, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getAuditEvent(request.ctx(), request.params.id)),
  );
}
