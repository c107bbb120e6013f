import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { pageSchema } from '../../lib/pagination.js';
import { commonErrors, idempotencyHeaders, ifMatchHeaders, writeErrors } from '../../lib/schemas.js';
import {
  actionField,
  actionFieldParams,
  createActionFieldBody,
  listActionFieldsQuery,
  programParams,
  updateActionFieldBody,
} from './action-fields.schemas.js';
import * as service from './action-fields.service.js';

const tags = ['programs'];

export async function actionFieldRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/programs/:programId/action-fields',
    {
      schema: {
        operationId: 'listActionFields',
        summary: "List a program's action fields",
        description:
          'Ordered by `sortOrder`, then creation. Readable by every signed-in user and API key. With `updatedSince`, the list is ordered by change time and deleted fields appear as tombstones.',
        tags,
        params: programParams,
        querystring: listActionFieldsQuery,
        response: { 200: pageSchema(actionField).meta({ id: 'ActionFieldPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.listActionFields(request.ctx(), request.params.programId, request.query),
      ),
  );

  r.post(
    '/v1/programs/:programId/action-fields',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createActionField',
        summary: 'Add an action field to a program',
        description: 'Program administrators only.',
        tags,
        params: programParams,
        headers: idempotencyHeaders,
        body: createActionFieldBody,
        response: { 201: actionField, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const created = await service.createActionField(request.ctx(), programId, request.body);
      return sendCreated(reply, `/v1/programs/${programId}/action-fields/${created.id}`, created);
    },
  );

  r.get(
    '/v1/programs/:programId/action-fields/:id',
    {
      schema: {
        operationId: 'getActionField',
        summary: 'Get an action field',
        description:
          'Readable by every signed-in user and API key. Sent with an ETag for `If-Match` on changes.',
        tags,
        params: actionFieldParams,
        response: { 200: actionField, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.getActionField(request.ctx(), request.params.programId, request.params.id),
      ),
  );

  r.patch(
    '/v1/programs/:programId/action-fields/:id',
    {
      schema: {
        operationId: 'updateActionField',
        summary: 'Update an action field',
        description:
          'Program administrators only. Send `If-Match` with the ETag you edited to avoid lost updates.',
        tags,
        params: actionFieldParams,
        headers: ifMatchHeaders,
        body: updateActionFieldBody,
        response: { 200: actionField, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { programId, id } = request.params;
      return withEtag(reply, await service.updateActionField(request.ctx(), programId, id, request.body));
    },
  );

  r.delete(
    '/v1/programs/:programId/action-fields/:id',
    {
      schema: {
        operationId: 'deleteActionField',
        summary: 'Delete an action field',
        description:
          'Program administrators only. Soft delete: the field disappears from the catalog and shows up as a tombstone in sync lists; its key becomes free again.',
        tags,
        params: actionFieldParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteActionField(request.ctx(), request.params.programId, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
