import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached, sendCreated } from '../../lib/http-cache.js';
import { commonErrors, idempotencyHeaders, writeErrors } from '../../lib/schemas.js';
import { municipalityParams } from './strategy.schemas.js';
import {
  createVersionBody,
  diffParams,
  listVersionsQuery,
  strategyVersion,
  versionDiff,
  versionPage,
  versionParams,
} from './versions.schemas.js';
import * as service from './versions.service.js';

const tags = ['strategy'];
const base = '/v1/municipalities/:id/strategy/versions';

export async function versionRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createStrategyVersion',
        summary: 'Freeze the strategy as a new version (Fassung)',
        description:
          'Snapshots the strategy with its fields and goals, measures with steps and indicators, and ideas. The snapshot never changes afterwards.',
        tags,
        params: municipalityParams,
        headers: idempotencyHeaders,
        body: createVersionBody,
        response: { 201: strategyVersion, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createVersion(request.ctx(), request.params.id, request.body);
      return sendCreated(
        reply,
        `/v1/municipalities/${request.params.id}/strategy/versions/${created.id}`,
        created,
      );
    },
  );

  r.get(
    base,
    {
      schema: {
        operationId: 'listStrategyVersions',
        summary: "List a strategy's versions",
        description: 'Oldest first, without the snapshots.',
        tags,
        params: municipalityParams,
        querystring: listVersionsQuery,
        response: { 200: versionPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listVersions(request.ctx(), request.params.id, request.query)),
  );

  r.get(
    `${base}/:versionId`,
    {
      schema: {
        operationId: 'getStrategyVersion',
        summary: 'Get a version with its snapshot',
        description:
          'The frozen snapshot as it was saved; it never changes. Needs read access to the municipality; who made the version is `null` without `personal:read`.',
        tags,
        params: versionParams,
        response: { 200: strategyVersion, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.getVersion(request.ctx(), request.params.id, request.params.versionId),
      ),
  );

  r.get(
    `${base}/:a/diff/:b`,
    {
      schema: {
        operationId: 'diffStrategyVersions',
        summary: 'Compare two versions',
        description:
          'Measures and chosen fields added, removed and changed from version `a` to version `b` (changed ones with field names and values before and after), and changes of the strategy itself.',
        tags,
        params: diffParams,
        response: { 200: versionDiff, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { id, a, b } = request.params;
      return sendCached(request, reply, await service.diffVersions(request.ctx(), id, a, b));
    },
  );
}
