import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import {
  commonErrors,
  conditionalWriteErrors,
  idempotencyHeaders,
  requiredIfMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import {
  createIdeaBody,
  idea,
  ideaPage,
  ideaParams,
  ideaVotes,
  listIdeasQuery,
  myDots,
  updateIdeaBody,
} from './ideas.schemas.js';
import * as service from './ideas.service.js';
import { measure } from './measures.schemas.js';
import { municipalityParams } from './strategy.schemas.js';

const tags = ['ideas'];
const base = '/v1/municipalities/:id/ideas';

export async function ideaRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    base,
    {
      schema: {
        operationId: 'listIdeas',
        summary: "List a municipality's ideas",
        description:
          'In creation order, or most dot votes first with `sort=-votes` (a vote cast while paging can move an idea across pages); optionally by action field and status. With `updatedSince`, deleted ideas appear as tombstones.',
        tags,
        params: municipalityParams,
        querystring: listIdeasQuery,
        response: { 200: ideaPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listIdeas(request.ctx(), request.params.id, request.query)),
  );

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createIdea',
        summary: 'Collect an idea',
        description:
          'Needs the strategy first (409 `strategy_required`): its program fixes the action fields.',
        tags,
        params: municipalityParams,
        headers: idempotencyHeaders,
        body: createIdeaBody,
        response: { 201: idea, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createIdea(request.ctx(), request.params.id, request.body);
      return sendCreated(reply, `/v1/municipalities/${request.params.id}/ideas/${created.id}`, created);
    },
  );

  r.get(
    `${base}/my-dots`,
    {
      schema: {
        operationId: 'getMyDots',
        summary: 'Your dot votes per action field and idea',
        description:
          "For each action field of the strategy's program: how many dots the caller has placed on the municipality's ideas and how many of the program's `dotVotesPerField` are left; and for each live idea carrying any of them, how many. For people who vote (not API keys); 409 `strategy_required` without a strategy.",
        tags,
        params: municipalityParams,
        response: { 200: myDots, ...commonErrors, 409: writeErrors[409] },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getMyDots(request.ctx(), request.params.id)),
  );

  r.get(
    `${base}/:ideaId`,
    {
      schema: {
        operationId: 'getIdea',
        summary: 'Get an idea',
        description:
          'Needs read access to the municipality. Sent with an ETag; 304 when If-None-Match still matches.',
        tags,
        params: ideaParams,
        response: { 200: idea, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.getIdea(request.ctx(), request.params.id, request.params.ideaId),
      ),
  );

  r.patch(
    `${base}/:ideaId`,
    {
      schema: {
        operationId: 'updateIdea',
        summary: 'Update an idea',
        description: 'Requires `If-Match` (428 without it, 412 when stale).',
        tags,
        params: ideaParams,
        headers: requiredIfMatchHeaders,
        body: updateIdeaBody,
        response: { 200: idea, ...conditionalWriteErrors },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.updateIdea(request.ctx(), request.params.id, request.params.ideaId, request.body),
      ),
  );

  r.delete(
    `${base}/:ideaId`,
    {
      schema: {
        operationId: 'deleteIdea',
        summary: 'Delete an idea',
        description: 'Soft delete; requires `If-Match`. A measure promoted from it stays.',
        tags,
        params: ideaParams,
        headers: requiredIfMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...conditionalWriteErrors },
      },
    },
    async (request, reply) => {
      await service.deleteIdea(request.ctx(), request.params.id, request.params.ideaId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    `${base}/:ideaId/votes`,
    {
      // A retried vote with the same Idempotency-Key counts once.
      config: { idempotent: true },
      schema: {
        operationId: 'voteForIdea',
        summary: 'Add one dot vote to an idea',
        description:
          "By moderators, program admins and users of the municipality (viewers included); not by API keys. Each person has the program's `dotVotesPerField` dots per action field (several may go on one idea); past that → 422 `dot_budget_exhausted`. Returns the new count and the caller's remaining dots.",
        tags,
        params: ideaParams,
        headers: idempotencyHeaders,
        response: { 200: ideaVotes, ...writeErrors },
      },
    },
    async (request) => service.voteForIdea(request.ctx(), request.params.id, request.params.ideaId),
  );

  r.delete(
    `${base}/:ideaId/votes`,
    {
      schema: {
        operationId: 'withdrawVote',
        summary: 'Withdraw one of your dot votes from an idea',
        description:
          "Takes back the caller's latest dot on the idea, so it can be placed again; 409 `no_vote_to_withdraw` when the caller has none there. Dots entered from the workshop wall (`votes` on create) are not anyone's and stay. Returns the new count and the caller's remaining dots.",
        tags,
        params: ideaParams,
        response: { 200: ideaVotes, ...writeErrors },
      },
    },
    async (request) => service.withdrawVote(request.ctx(), request.params.id, request.params.ideaId),
  );

  r.post(
    `${base}/:ideaId/promote`,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'promoteIdea',
        summary: 'Promote an idea to a measure',
        description:
          'Creates a measure from the idea (same field, title and description, ranked last in the field) and marks the idea `planned`, in one transaction. An idea already promoted → 409 `idea_already_promoted`.',
        tags,
        params: ideaParams,
        headers: idempotencyHeaders,
        response: { 201: measure, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.promoteIdea(request.ctx(), request.params.id, request.params.ideaId);
      return sendCreated(reply, `/v1/municipalities/${request.params.id}/measures/${created.id}`, created);
    },
  );
}
