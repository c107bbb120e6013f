import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { pageSchema, syncQuery } from '../../lib/pagination.js';
import {
  commonErrors,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import { createProgramBody, program, updateProgramBody } from './programs.schemas.js';
import * as service from './programs.service.js';

const tags = ['programs'];

export async function programRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/programs',
    {
      schema: {
        operationId: 'listPrograms',
        summary: 'List programs',
        description:
          'Readable by every signed-in user and API key. With `updatedSince`, deleted programs appear as tombstones.',
        tags,
        querystring: z.object(syncQuery).strict(),
        response: { 200: pageSchema(program).meta({ id: 'ProgramPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listPrograms(request.ctx(), request.query)),
  );

  r.post(
    '/v1/programs',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createProgram',
        summary: 'Create a program',
        description: 'Program administrators only.',
        tags,
        headers: idempotencyHeaders,
        body: createProgramBody,
        response: { 201: program, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createProgram(request.ctx(), request.body);
      return sendCreated(reply, `/v1/programs/${created.id}`, created);
    },
  );

  r.get(
    '/v1/programs/:id',
    {
      schema: {
        operationId: 'getProgram',
        summary: 'Get a program',
        description:
          'Readable by every signed-in user and API key. Sent with an ETag for `If-Match` on changes.',
        tags,
        params: idParams,
        response: { 200: program, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getProgram(request.ctx(), request.params.id)),
  );

  r.patch(
    '/v1/programs/:id',
    {
      schema: {
        operationId: 'updateProgram',
        summary: 'Update a program',
        description:
          'Program administrators only. Send `If-Match` with the ETag you edited to avoid lost updates. A period that would leave non-cancelled workshops outside it → 409 `program_period_excludes_workshops` with their `workshopIds` (move or cancel them first).',
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: updateProgramBody,
        response: { 200: program, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.updateProgram(request.ctx(), request.params.id, request.body)),
  );

  r.delete(
    '/v1/programs/:id',
    {
      schema: {
        operationId: 'deleteProgram',
        summary: 'Delete a program',
        description:
          'Soft delete: the program disappears from lists and shows up as a tombstone in sync lists.',
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteProgram(request.ctx(), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
