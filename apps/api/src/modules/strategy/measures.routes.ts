import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { type RepresentationCache, sendRepresentation } from '../../lib/representation-cache.js';
import {
  commonErrors,
  conditionalWriteErrors,
  idempotencyHeaders,
  requiredIfMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import {
  bulkUpdateBody,
  createMeasureBody,
  createStepBody,
  listMeasuresQuery,
  measure,
  measureList,
  measurePage,
  measureParams,
  step,
  stepList,
  stepParams,
  updateMeasureBody,
  updateStepBody,
} from './measures.schemas.js';
import * as service from './measures.service.js';
import * as steps from './steps.service.js';
import { municipalityParams } from './strategy.schemas.js';

const tags = ['measures'];
const base = '/v1/municipalities/:id/measures';

export async function measureRoutes(
  app: FastifyInstance,
  { representations }: { representations: RepresentationCache },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    base,
    {
      schema: {
        operationId: 'listMeasures',
        summary: "List a municipality's measures",
        description:
          'In creation order. Filters: action field, status, start window, `overdue`, and `q` (German full-text search in title and description). With `updatedSince`, deleted measures appear as tombstones. Readable with `public:read` when the strategy is published.',
        tags,
        params: municipalityParams,
        querystring: listMeasuresQuery,
        response: { 200: measurePage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendRepresentation(request, reply, representations, request.params.id, (ctx) =>
        service.listMeasures(ctx, request.params.id, request.query),
      ),
  );

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createMeasure',
        summary: 'Create a measure',
        description:
          'Needs the strategy first (409 `strategy_required`): its program fixes the action fields.',
        tags,
        params: municipalityParams,
        headers: idempotencyHeaders,
        body: createMeasureBody,
        response: { 201: measure, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createMeasure(request.ctx(), request.params.id, request.body);
      return sendCreated(reply, `/v1/municipalities/${request.params.id}/measures/${created.id}`, created);
    },
  );

  r.post(
    `${base}/bulk-update`,
    {
      schema: {
        operationId: 'bulkUpdateMeasures',
        summary: 'Change status or progress of many measures at once',
        description:
          'Up to 200 items, all or nothing: if any id is unknown, any `ifMatch` stale or any progress not settable, nothing changes and the 422 problem (`bulk_update_rejected`) lists each failed item.',
        tags,
        params: municipalityParams,
        body: bulkUpdateBody,
        response: { 200: measureList, ...writeErrors },
      },
    },
    async (request) => service.bulkUpdateMeasures(request.ctx(), request.params.id, request.body),
  );

  r.get(
    `${base}/:measureId`,
    {
      schema: {
        operationId: 'getMeasure',
        summary: 'Get a measure (fact sheet)',
        description:
          'The fact sheet with its indicators and progress. Needs read access to the municipality, or `public:read` when the strategy is published. Sent with an ETag; 304 when If-None-Match still matches.',
        tags,
        params: measureParams,
        response: { 200: measure, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.getMeasure(request.ctx(), request.params.id, request.params.measureId),
      ),
  );

  r.patch(
    `${base}/:measureId`,
    {
      schema: {
        operationId: 'updateMeasure',
        summary: 'Update a measure',
        description:
          'Requires `If-Match` (428 without it, 412 when stale). `progress` cannot be set while the measure has steps (422 `progress_derived_from_steps`).',
        tags,
        params: measureParams,
        headers: requiredIfMatchHeaders,
        body: updateMeasureBody,
        response: { 200: measure, ...conditionalWriteErrors },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.updateMeasure(request.ctx(), request.params.id, request.params.measureId, request.body),
      ),
  );

  r.delete(
    `${base}/:measureId`,
    {
      schema: {
        operationId: 'deleteMeasure',
        summary: 'Delete a measure',
        description: 'Soft delete; requires `If-Match`. Its idea may then be promoted again.',
        tags,
        params: measureParams,
        headers: requiredIfMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...conditionalWriteErrors },
      },
    },
    async (request, reply) => {
      await service.deleteMeasure(request.ctx(), request.params.id, request.params.measureId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    `${base}/:measureId/steps`,
    {
      schema: {
        operationId: 'listMeasureSteps',
        summary: "List a measure's steps",
        description: `All steps at once, in their order: a measure has at most ${steps.MAX_STEPS_PER_MEASURE} steps (adding more is 422 \`too_many_steps\`), so the list is not paginated. Readable like the measure.`,
        tags,
        params: measureParams,
        response: { 200: stepList, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await steps.listSteps(request.ctx(), request.params.id, request.params.measureId),
      ),
  );

  r.post(
    `${base}/:measureId/steps`,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createMeasureStep',
        summary: 'Add a step to a measure',
        description: 'The measure’s progress is then derived from its steps. At most 100 steps per measure.',
        tags,
        params: measureParams,
        headers: idempotencyHeaders,
        body: createStepBody,
        response: { 201: step, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { id, measureId } = request.params;
      const created = await steps.createStep(request.ctx(), id, measureId, request.body);
      return sendCreated(
        reply,
        `/v1/municipalities/${id}/measures/${measureId}/steps/${created.id}`,
        created,
      );
    },
  );

  r.get(
    `${base}/:measureId/steps/:stepId`,
    {
      schema: {
        operationId: 'getMeasureStep',
        summary: 'Get a step',
        description: 'Readable like its measure. Sent with an ETag; 304 when If-None-Match still matches.',
        tags,
        params: stepParams,
        response: { 200: step, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { id, measureId, stepId } = request.params;
      return sendCached(request, reply, await steps.getStep(request.ctx(), id, measureId, stepId));
    },
  );

  r.patch(
    `${base}/:measureId/steps/:stepId`,
    {
      schema: {
        operationId: 'updateMeasureStep',
        summary: 'Update a step (e.g. tick it off)',
        description:
          'Requires `If-Match` (428 without it, 412 when stale). Re-derives the measure’s progress.',
        tags,
        params: stepParams,
        headers: requiredIfMatchHeaders,
        body: updateStepBody,
        response: { 200: step, ...conditionalWriteErrors },
      },
    },
    async (request, reply) => {
      const { id, measureId, stepId } = request.params;
      return withEtag(reply, await steps.updateStep(request.ctx(), id, measureId, stepId, request.body));
    },
  );

  r.delete(
    `${base}/:measureId/steps/:stepId`,
    {
      schema: {
        operationId: 'deleteMeasureStep',
        summary: 'Delete a step',
        description: 'Requires `If-Match`. Re-derives the measure’s progress.',
        tags,
        params: stepParams,
        headers: requiredIfMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...conditionalWriteErrors },
      },
    },
    async (request, reply) => {
      const { id, measureId, stepId } = request.params;
      await steps.deleteStep(request.ctx(), id, measureId, stepId);
      return reply.code(204).send(null);
    },
  );
}
