import type { Tx } from '@werkstatt/db';
import { recordAudit, recordAudits } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import {
  requireMunicipalityRead,
  requireMunicipalityWrite,
  requireVote,
} from '../../lib/municipality-access.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, toPage } from '../../lib/pagination.js';
import { iso } from '../../lib/schemas.js';
import * as data from './ideas.data.js';
import type {
  CreateIdeaInput,
  IdeaDto,
  IdeaVotesDto,
  ListIdeasQuery,
  MyDotsDto,
  UpdateIdeaInput,
} from './ideas.schemas.js';
import * as measuresData from './measures.data.js';
import type { MeasureDto } from './measures.schemas.js';
import { recordMeasureEvent, toMeasureDto } from './measures.service.js';
import {
  assertActionFieldInProgram,
  requireMunicipality,
  requireStrategyProgram,
} from './strategy.service.js';

export const toIdeaDto = (r: data.IdeaRow): IdeaDto => ({
  id: r.id,
  municipalityId: r.municipalityId,
  actionFieldId: r.actionFieldId,
  title: r.title,
  description: r.description,
  sourceWorkshopId: r.sourceWorkshopId,
  estimatedDuration: r.estimatedDuration,
  status: r.status,
  votes: r.votes,
  measureId: r.measureId,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

const alreadyPromoted = (measureId?: string) =>
  conflict('idea_already_promoted', 'This idea has already been promoted to a measure.', {
    ...(measureId ? { measureId } : {}),
  });

async function reload(tx: Tx, municipalityId: string, id: string): Promise<data.IdeaRow> {
  return (await data.findIdea(tx, municipalityId, id, { includeDeleted: true }))!;
}

export async function listIdeas(
  ctx: RequestContext,
  municipalityId: string,
  q: ListIdeasQuery,
): Promise<Page<IdeaDto>> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const rows = await ctx.db.transaction(async (tx) => {
    await requireMunicipality(tx, municipalityId);
    return data.listIdeas(
      tx,
      municipalityId,
      { actionFieldId: q.actionFieldId, status: q.status },
      q,
      q.sort,
    );
  });
  return toPage(rows, q, toIdeaDto, q.sort === '-votes' ? (r) => r.votes : undefined);
}

export async function getIdea(ctx: RequestContext, municipalityId: string, ideaId: string): Promise<IdeaDto> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const row = await ctx.db.transaction((tx) => data.findIdea(tx, municipalityId, ideaId));
  if (!row) throw notFound('Idea');
  return toIdeaDto(row);
}

export async function createIdea(
  ctx: RequestContext,
  municipalityId: string,
  input: CreateIdeaInput,
): Promise<IdeaDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  return ctx.db.transaction(async (tx) => {
    const programId = await requireStrategyProgram(tx, municipalityId);
    await assertActionFieldInProgram(tx, programId, input.actionFieldId);
    const id = await data.insertIdea(tx, { ...input, municipalityId });
    const dto = toIdeaDto(await reload(tx, municipalityId, id));
    await recordAudit(tx, ctx, {
      action: 'idea.created',
      entityType: 'idea',
      entityId: id,
      municipalityId,
      after: dto,
    });
    return dto;
  });
}

export async function updateIdea(
  ctx: RequestContext,
  municipalityId: string,
  ideaId: string,
  input: UpdateIdeaInput,
): Promise<IdeaDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  return changeResource(ctx, {
    what: 'Idea',
    entityType: 'idea',
    action: 'idea.updated',
    requireIfMatch: true,
    load: (tx) => data.findIdea(tx, municipalityId, ideaId, { forUpdate: true }),
    toDto: toIdeaDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      if (input.actionFieldId !== undefined && input.actionFieldId !== row.actionFieldId) {
        const programId = await requireStrategyProgram(tx, municipalityId);
        await assertActionFieldInProgram(tx, programId, input.actionFieldId);
      }
      await data.updateIdea(tx, row.id, input);
      return reload(tx, municipalityId, row.id);
    },
  });
}

export async function deleteIdea(ctx: RequestContext, municipalityId: string, ideaId: string) {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  await changeResource(ctx, {
    what: 'Idea',
    entityType: 'idea',
    action: 'idea.deleted',
    requireIfMatch: true,
    load: (tx) => data.findIdea(tx, municipalityId, ideaId, { forUpdate: true }),
    toDto: toIdeaDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      await data.updateIdea(tx, row.id, { deletedAt: new Date() });
      return reload(tx, municipalityId, row.id);
    },
  });
}

/** What a voter sees after placing or withdrawing a dot: the count and their remaining budget. */
async function votesView(
  tx: Tx,
  municipalityId: string,
  voterId: string,
  idea: data.IdeaRow,
  votes: number,
): Promise<IdeaVotesDto> {
  const programId = await requireStrategyProgram(tx, municipalityId);
  const dotsPerField = await data.dotVotesPerField(tx, programId);
  const used = await data.dotsUsed(tx, municipalityId, voterId, idea.actionFieldId);
  return {
    ideaId: idea.id,
    votes,
    actionFieldId: idea.actionFieldId,
    myVotes: await data.dotsOnIdea(tx, municipalityId, voterId, idea.id),
    dotsPerField,
    dotsLeft: Math.max(0, dotsPerField - used),
  };
}

/**
 * Places one of the caller's dots on an idea. Each person has the program's budget of dots per
 * action field (several may go on one idea); the voter lock makes the check exact under parallel votes.
 */
export async function voteForIdea(
  ctx: RequestContext,
  municipalityId: string,
  ideaId: string,
): Promise<IdeaVotesDto> {
  requireVote(ctx.actor, municipalityId);
  const voterId = ctx.actor.id;
  return ctx.db.transaction(async (tx) => {
    await data.lockVoter(tx, municipalityId, voterId);
    const idea = await data.findIdea(tx, municipalityId, ideaId);
    if (!idea) throw notFound('Idea');
    const before = await votesView(tx, municipalityId, voterId, idea, idea.votes);
    if (before.dotsLeft === 0) {
      throw unprocessable(
        'dot_budget_exhausted',
        `You have placed all ${before.dotsPerField} dots for this action field. Withdraw one to vote again.`,
        { actionFieldId: idea.actionFieldId, dotsPerField: before.dotsPerField, dotsLeft: 0 },
      );
    }
    await data.insertDot(tx, { municipalityId, ideaId, userId: voterId });
    const votes = await data.addVote(tx, municipalityId, ideaId);
    if (votes === undefined) throw notFound('Idea');
    await recordAudit(tx, ctx, {
      action: 'idea.voted',
      entityType: 'idea',
      entityId: ideaId,
      municipalityId,
      before: { votes: votes - 1 },
      after: { votes },
    });
    return votesView(tx, municipalityId, voterId, idea, votes);
  });
}

/** Takes back the caller's latest dot on an idea; 409 when they have none there. */
export async function withdrawVote(
  ctx: RequestContext,
  municipalityId: string,
  ideaId: string,
): Promise<IdeaVotesDto> {
  requireVote(ctx.actor, municipalityId);
  const voterId = ctx.actor.id;
  return ctx.db.transaction(async (tx) => {
    await data.lockVoter(tx, municipalityId, voterId);
    const idea = await data.findIdea(tx, municipalityId, ideaId);
    if (!idea) throw notFound('Idea');
    if (!(await data.deleteLatestDot(tx, municipalityId, voterId, ideaId))) {
      throw conflict('no_vote_to_withdraw', 'You have no dot on this idea to withdraw.');
    }
    const votes = await data.removeVote(tx, municipalityId, ideaId);
    if (votes === undefined) throw notFound('Idea');
    await recordAudit(tx, ctx, {
      action: 'idea.vote_withdrawn',
      entityType: 'idea',
      entityId: ideaId,
      municipalityId,
      before: { votes: votes + 1 },
      after: { votes },
    });
    return votesView(tx, municipalityId, voterId, idea, votes);
  });
}

/**
 * How many dots the caller has placed and has left per action field, and where they lie, before
 * voting. Per caller, so it stays out of the idea list (which is shared through the representation cache).
 */
export async function getMyDots(ctx: RequestContext, municipalityId: string): Promise<MyDotsDto> {
  requireVote(ctx.actor, municipalityId);
  const voterId = ctx.actor.id;
  return ctx.db.transaction(async (tx) => {
    const programId = await requireStrategyProgram(tx, municipalityId);
    const dotsPerField = await data.dotVotesPerField(tx, programId);
    const fields = await data.dotsUsedPerField(tx, municipalityId, voterId, programId);
    return {
      dotsPerField,
      fields: fields.map((f) => ({
        actionFieldId: f.actionFieldId,
        dotsUsed: f.used,
        dotsLeft: Math.max(0, dotsPerField - f.used),
      })),
      ideas: await data.dotsPerIdea(tx, municipalityId, voterId),
    };
  });
}

/**
 * Turns an idea into a measure of the same field and marks the idea planned, in one transaction:
 * either both happen or neither. The idea's row lock (and a unique index) make a second promotion 409.
 */
export async function promoteIdea(
  ctx: RequestContext,
  municipalityId: string,
  ideaId: string,
): Promise<MeasureDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  try {
    return await ctx.db.transaction(async (tx) => {
      const idea = await data.findIdea(tx, municipalityId, ideaId, { forUpdate: true });
      if (!idea) throw notFound('Idea');
      if (idea.measureId) throw alreadyPromoted(idea.measureId);
      await data.updateIdea(tx, idea.id, { status: 'planned' });
      const measureId = await measuresData.insertMeasure(tx, {
        municipalityId,
        actionFieldId: idea.actionFieldId,
        originIdeaId: idea.id,
        title: idea.title,
        description: idea.description,
        rank: await measuresData.nextRank(tx, municipalityId, idea.actionFieldId),
      });
      const [measureRow] = await measuresData.findMeasuresByIds(tx, municipalityId, [measureId]);
      const measure = toMeasureDto(measureRow!);
      await recordAudits(tx, ctx, [
        {
          action: 'idea.promoted',
          entityType: 'idea',
          entityId: idea.id,
          municipalityId,
          before: toIdeaDto(idea),
          after: toIdeaDto(await reload(tx, municipalityId, idea.id)),
        },
        {
          action: 'measure.created',
          entityType: 'measure',
          entityId: measureId,
          municipalityId,
          after: measure,
        },
      ]);
      await recordMeasureEvent(tx, 'measure.created', measure);
      return measure;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'measures_origin_idea_key')) throw alreadyPromoted();
    throw err;
  }
}
