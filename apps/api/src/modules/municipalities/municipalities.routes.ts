import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { pageSchema } from '../../lib/pagination.js';
import {
  commonErrors,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import {
  createMunicipalityBody,
  listMunicipalitiesQuery,
  municipality,
  updateMunicipalityBody,
} from './municipalities.schemas.js';
import * as service from './municipalities.service.js';

const tags = ['municipalities'];

export async function municipalityRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/municipalities',
    {
      schema: {
        operationId: 'listMunicipalities',
        summary: 'List municipalities',
        description:
          'The program office and public API keys see the whole directory; municipality users and municipality-bound keys see only their own municipality. With `updatedSince`, deleted municipalities appear as tombstones.',
        tags,
        querystring: listMunicipalitiesQuery,
        response: { 200: pageSchema(municipality).meta({ id: 'MunicipalityPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listMunicipalities(request.ctx(), request.query)),
  );

  r.post(
    '/v1/municipalities',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createMunicipality',
        summary: 'Create a municipality',
        description: 'Program administrators only.',
        tags,
        headers: idempotencyHeaders,
        body: createMunicipalityBody,
        response: { 201: municipality, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createMunicipality(request.ctx(), request.body);
      return sendCreated(reply, `/v1/municipalities/${created.id}`, created);
    },
  );

  r.get(
    '/v1/municipalities/:id',
    {
      schema: {
        operationId: 'getMunicipality',
        summary: 'Get a municipality',
        description:
          "Another municipality's record is reported as not found to municipality users. The program office also reads a deleted municipality: its tombstone, with `deletedAt` set.",
        tags,
        params: idParams,
        response: { 200: municipality, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getMunicipality(request.ctx(), request.params.id)),
  );

  r.patch(
    '/v1/municipalities/:id',
    {
      schema: {
        operationId: 'updateMunicipality',
        summary: 'Update a municipality',
        description:
          'Program administrators only. Send `If-Match` with the ETag you edited to avoid lost updates.',
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: updateMunicipalityBody,
        response: { 200: municipality, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.updateMunicipality(request.ctx(), request.params.id, request.body)),
  );

  r.delete(
    '/v1/municipalities/:id',
    {
      schema: {
        operationId: 'deleteMunicipality',
        summary: 'Delete a municipality',
        description:
          'Program administrators only. Soft delete: the municipality disappears from lists, shows up as a tombstone in sync lists and to the program office, and every route under /v1/municipalities/{id}/ answers 404 from then on; its Amtlicher Regionalschlüssel stays reserved.',
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteMunicipality(request.ctx(), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
