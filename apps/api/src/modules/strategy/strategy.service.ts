import type { Tx } from '@werkstatt/db';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, conflict, type FieldError, notFound, preconditionRequired } from '../../lib/errors.js';
import { assertIfMatch } from '../../lib/http-cache.js';
import { requireMunicipalityWrite } from '../../lib/municipality-access.js';
import { recordWebhookEvent } from '../../lib/webhook-events.js';
import * as data from './strategy.data.js';
import type { PutStrategyInput, StrategyDto } from './strategy.schemas.js';
import { strategyReader } from './strategy-access.js';

export const toStrategyDto = (s: data.StrategyRow, fields: data.StrategyFieldRow[]): StrategyDto => ({
  id: s.id,
  municipalityId: s.municipalityId,
  programId: s.programId,
  title: s.title,
  vision: s.vision,
  summary: s.summary,
  status: s.status,
  adoptedOn: s.adoptedOn,
  councilResolution: s.councilResolution,
  visibility: s.visibility,
  nextReviewOn: s.nextReviewOn,
  councilMeeting: s.resolutionBody
    ? { body: s.resolutionBody, meetingOn: s.resolutionMeetingOn, agendaItem: s.resolutionAgendaItem }
    : null,
  fields: fields.map((f) => ({
    actionFieldId: f.actionFieldId,
    actionFieldKey: f.actionFieldKey,
    actionFieldTitle: f.actionFieldTitle,
    priority: f.priority,
    rationale: f.rationale,
    goal: f.goal,
    maturityNow: f.maturityNow,
    maturityTarget: f.maturityTarget,
  })),
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

const loadDto = async (tx: Tx, row: data.StrategyRow) =>
  toStrategyDto(row, await data.listStrategyFields(tx, row.id));

export const unknownActionField = (errors: FieldError[]) =>
  new AppError(
    422,
    'unknown_action_field',
    'Unprocessable Content',
    'The action field is not part of the program this strategy uses.',
    { errors },
  );

/** 404 unless the municipality exists (and is visible): lists of a missing one are not empty but missing. */
export async function requireMunicipality(tx: Tx, municipalityId: string): Promise<void> {
  if (!(await data.municipalityExists(tx, municipalityId))) throw notFound('Municipality');
}

/**
 * The program whose action fields a municipality's ideas and measures use: the one its strategy was
 * written against. Without a strategy there is no catalog to check against, so it must come first.
 */
export async function requireStrategyProgram(tx: Tx, municipalityId: string): Promise<string> {
  const programId = await data.strategyProgramOf(tx, municipalityId);
  if (programId) return programId;
  if (!(await data.municipalityExists(tx, municipalityId))) throw notFound('Municipality');
  throw conflict(
    'strategy_required',
    'Create the strategy first: it fixes the program whose action fields ideas and measures use.',
  );
}

/** 422 unless the action field belongs to the program (and is not deleted). */
export async function assertActionFieldInProgram(
  tx: Tx,
  programId: string,
  actionFieldId: string,
  path = 'body.actionFieldId',
): Promise<void> {
  const found = await data.actionFieldsOfProgram(tx, programId, [actionFieldId]);
  if (!found.has(actionFieldId)) throw unknownActionField([{ path, message: 'unknown action field' }]);
}

function assertAdoptable(input: PutStrategyInput): void {
  if (input.status !== 'adopted') return;
  const errors: FieldError[] = [];
  if (input.fields.length === 0) {
    errors.push({ path: 'body.fields', message: 'an adopted strategy needs at least one action field' });
  }
  if (!input.adoptedOn) {
    errors.push({ path: 'body.adoptedOn', message: 'an adopted strategy needs the date of adoption' });
  }
  if (errors.length > 0) {
    throw new AppError(
      422,
      'strategy_not_adoptable',
      'Unprocessable Content',
      'A strategy can only be adopted with at least one chosen action field and the date of adoption.',
      { errors },
    );
  }
}

async function assertProgramAndFields(tx: Tx, input: PutStrategyInput): Promise<void> {
  if (!(await data.programExists(tx, input.programId))) {
    throw new AppError(422, 'unknown_program', 'Unprocessable Content', 'The program does not exist.', {
      errors: [{ path: 'body.programId', message: 'unknown program' }],
    });
  }
  const ids = input.fields.map((f) => f.actionFieldId);
  const found = await data.actionFieldsOfProgram(tx, input.programId, ids);
  const errors = ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ path: `body.fields.${i}.actionFieldId`, message: 'unknown action field' }],
  );
  if (errors.length > 0) throw unknownActionField(errors);
}

export async function getStrategy(ctx: RequestContext, municipalityId: string): Promise<StrategyDto> {
  const reader = await strategyReader(ctx, municipalityId);
  const dto = await reader.db.transaction(async (tx) => {
    const row = await data.findStrategy(tx, municipalityId);
    return row ? loadDto(tx, row) : undefined;
  });
  if (!dto) throw notFound('Strategy');
  return dto;
}

/**
 * Creates the strategy (no If-Match needed) or replaces it (If-Match required: 428 without, 412 when
 * stale). The strategy row is locked first, so two editors holding the same ETag cannot both win.
 */
export async function putStrategy(
  ctx: RequestContext,
  municipalityId: string,
  input: PutStrategyInput,
): Promise<{ created: boolean; strategy: StrategyDto }> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await data.findStrategy(tx, municipalityId, { forUpdate: true });
      if (!row && !(await data.municipalityExists(tx, municipalityId))) throw notFound('Municipality');
      const before = row ? await loadDto(tx, row) : null;
      if (before) assertIfMatch(ctx.ifMatch, before, { required: true });
      assertAdoptable(input);
      await assertProgramAndFields(tx, input);
      if (row && row.programId !== input.programId) {
        const blocking = await data.countRefsOutsideProgram(tx, municipalityId, input.programId);
        if (blocking > 0) {
          throw conflict(
            'program_change_blocked',
            `${blocking} ideas or measures use action fields of the current program. Move or delete them before changing the program.`,
          );
        }
      }
      const values = {
        programId: input.programId,
        title: input.title,
        vision: input.vision,
        summary: input.summary,
        status: input.status,
        adoptedOn: input.adoptedOn,
        councilResolution: input.councilResolution,
        visibility: input.visibility,
        nextReviewOn: input.nextReviewOn,
        resolutionBody: input.councilMeeting?.body ?? null,
        resolutionMeetingOn: input.councilMeeting?.meetingOn ?? null,
        resolutionAgendaItem: input.councilMeeting?.agendaItem ?? null,
      };
      const saved = row
        ? await data.updateStrategy(tx, row.id, values)
        : await data.insertStrategy(tx, { ...values, municipalityId });
      await data.replaceStrategyFields(tx, saved, input.fields);
      const after = await loadDto(tx, saved);
      await recordAudit(tx, ctx, {
        action: row ? 'strategy.updated' : 'strategy.created',
        entityType: 'strategy',
        entityId: saved.id,
        municipalityId,
        before,
        after,
      });
      // Only the moments a portal cares about: made public, and adopted by the council.
      if (after.visibility === 'public' && before?.visibility !== 'public') {
        await recordWebhookEvent(tx, {
          type: 'strategy.published',
          municipalityIds: [municipalityId],
          data: after,
        });
      }
      if (after.status === 'adopted' && before?.status !== 'adopted') {
        await recordWebhookEvent(tx, {
          type: 'strategy.adopted',
          municipalityIds: [municipalityId],
          data: after,
        });
      }
      return { created: !row, strategy: after };
    });
  } catch (err) {
    // Someone created the strategy between our look-up and insert: it now exists, so If-Match applies.
    if (isUniqueViolation(err, 'strategies_municipality_key')) throw preconditionRequired();
    throw err;
  }
}
