import type { Tx } from '@werkstatt/db';
import { recordAudit, recordAudits } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { etagOf, ifMatchSatisfied } from '../../lib/http-cache.js';
import { requireMunicipalityWrite } from '../../lib/municipality-access.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, toPage } from '../../lib/pagination.js';
import { iso } from '../../lib/schemas.js';
import { recordWebhookEvent, recordWebhookEvents } from '../../lib/webhook-events.js';
import * as data from './measures.data.js';
import type {
  BulkUpdateInput,
  CreateMeasureInput,
  ListMeasuresQuery,
  MeasureDto,
  UpdateMeasureInput,
} from './measures.schemas.js';
import {
  assertActionFieldInProgram,
  requireMunicipality,
  requireStrategyProgram,
} from './strategy.service.js';
import { strategyReader } from './strategy-access.js';

export const toMeasureDto = (r: data.MeasureRow): MeasureDto => ({
  id: r.id,
  municipalityId: r.municipalityId,
  actionFieldId: r.actionFieldId,
  originIdeaId: r.originIdeaId,
  rank: r.rank,
  title: r.title,
  description: r.description,
  lead: r.lead,
  participants: r.participants,
  targetGroup: r.targetGroup,
  expectedResult: r.expectedResult,
  resources: r.resources,
  startWindow: r.startWindow,
  startDate: r.startDate,
  endDate: r.endDate,
  status: r.status,
  progress: r.progress,
  progressSource: r.stepsTotal > 0 ? 'steps' : 'manual',
  stepsTotal: r.stepsTotal,
  stepsDone: r.stepsDone,
  overdue: r.overdue,
  budgetCents: r.budgetCents,
  fundingSource: r.fundingSource,
  grantProgram: r.grantProgram,
  indicators: r.indicators.map((i) => ({
    name: i.name,
    unit: i.unit,
    baseline: i.baseline,
    target: i.target,
    currentValue: i.currentValue,
    currentAsOf: i.currentAsOf,
  })),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

const progressFromSteps = (path: string) =>
  new AppError(
    422,
    'progress_derived_from_steps',
    'Unprocessable Content',
    'This measure has steps, so its progress follows from them and cannot be set.',
    { errors: [{ path, message: 'derived from the steps' }] },
  );

/** A measure's webhook event, with the measure as GET returns it. */
export const recordMeasureEvent = (
  tx: Tx,
  type: 'measure.created' | 'measure.updated',
  measure: MeasureDto,
): Promise<string> =>
  recordWebhookEvent(tx, { type, municipalityIds: [measure.municipalityId], data: measure });

async function reload(tx: Tx, municipalityId: string, id: string): Promise<data.MeasureRow> {
  const [row] = await data.findMeasuresByIds(tx, municipalityId, [id]);
  return row!;
}

export async function listMeasures(
  ctx: RequestContext,
  municipalityId: string,
  q: ListMeasuresQuery,
): Promise<Page<MeasureDto>> {
  const reader = await strategyReader(ctx, municipalityId);
  const filters = {
    actionFieldId: q.actionFieldId,
    status: q.status,
    startWindow: q.startWindow,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    q: q.q,
  };
  // A missing or deleted municipality is a 404 from the transaction's opening, as on every route
  // under it (plugins/municipality-in-use), so the page is the one statement: COMMIT leaves with it.
  const rows = await reader.db.transaction((tx) => data.listMeasures(tx, municipalityId, filters, q), {
    oneStatement: true,
  });
  return toPage(rows, q, toMeasureDto);
}

export async function getMeasure(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
): Promise<MeasureDto> {
  const reader = await strategyReader(ctx, municipalityId);
  const row = await reader.db.transaction((tx) => data.findMeasure(tx, municipalityId, measureId));
  if (!row) throw notFound('Measure');
  return toMeasureDto(row);
}

export async function createMeasure(
  ctx: RequestContext,
  municipalityId: string,
  input: CreateMeasureInput,
): Promise<MeasureDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  return ctx.db.transaction(async (tx) => {
    const programId = await requireStrategyProgram(tx, municipalityId);
    await assertActionFieldInProgram(tx, programId, input.actionFieldId);
    const id = await data.insertMeasure(tx, {
      ...input,
      municipalityId,
      rank: input.rank ?? (await data.nextRank(tx, municipalityId, input.actionFieldId)),
    });
    const dto = toMeasureDto(await reload(tx, municipalityId, id));
    await recordAudit(tx, ctx, {
      action: 'measure.created',
      entityType: 'measure',
      entityId: id,
      municipalityId,
      after: dto,
    });
    await recordMeasureEvent(tx, 'measure.created', dto);
    return dto;
  });
}

export async function updateMeasure(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
  input: UpdateMeasureInput,
): Promise<MeasureDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  return changeResource(ctx, {
    what: 'Measure',
    entityType: 'measure',
    action: 'measure.updated',
    requireIfMatch: true,
    load: (tx) => data.findMeasure(tx, municipalityId, measureId, { forUpdate: true }),
    toDto: toMeasureDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      if (input.progress !== undefined && row.stepsTotal > 0) throw progressFromSteps('body.progress');
      const startDate = input.startDate === undefined ? row.startDate : input.startDate;
      const endDate = input.endDate === undefined ? row.endDate : input.endDate;
      if (startDate && endDate && endDate < startDate) {
        throw badRequest('The measure cannot end before it starts.', [
          { path: 'body.endDate', message: 'must not be before startDate' },
        ]);
      }
      const values: Partial<data.MeasureValues> = { ...input };
      if (input.actionFieldId !== undefined && input.actionFieldId !== row.actionFieldId) {
        const programId = await requireStrategyProgram(tx, municipalityId);
        await assertActionFieldInProgram(tx, programId, input.actionFieldId);
        // Moving to another field without a rank puts the measure at the end of that field.
        values.rank = input.rank ?? (await data.nextRank(tx, municipalityId, input.actionFieldId));
      }
      await data.updateMeasure(tx, row.id, values);
      const updated = await reload(tx, municipalityId, row.id);
      await recordMeasureEvent(tx, 'measure.updated', toMeasureDto(updated));
      return updated;
    },
  });
}

export async function deleteMeasure(ctx: RequestContext, municipalityId: string, measureId: string) {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  await changeResource(ctx, {
    what: 'Measure',
    entityType: 'measure',
    action: 'measure.deleted',
    requireIfMatch: true,
    load: (tx) => data.findMeasure(tx, municipalityId, measureId, { forUpdate: true }),
    toDto: toMeasureDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      const deletedAt = new Date();
      await data.updateMeasure(tx, row.id, { deletedAt });
      await recordWebhookEvent(tx, {
        type: 'measure.deleted',
        municipalityIds: [municipalityId],
        data: { id: row.id, municipalityId, deletedAt: deletedAt.toISOString() },
      });
      return reload(tx, municipalityId, row.id);
    },
  });
}

interface BulkFailure {
  index: number;
  id: string;
  code: 'not_found' | 'precondition_failed' | 'progress_derived_from_steps';
  detail: string;
  currentEtag?: string;
}

/**
 * Changes status and/or progress of up to 200 measures at once, all or nothing: every measure is
 * locked and checked first; if any item fails, nothing is written and the problem lists each failure.
 */
export async function bulkUpdateMeasures(
  ctx: RequestContext,
  municipalityId: string,
  input: BulkUpdateInput,
): Promise<{ data: MeasureDto[] }> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  return ctx.db.transaction(async (tx) => {
    await requireMunicipality(tx, municipalityId);
    const ids = input.items.map((i) => i.id);
    const locked = new Map((await data.lockMeasures(tx, municipalityId, ids)).map((r) => [r.id, r]));
    const failures: BulkFailure[] = [];
    input.items.forEach((item, index) => {
      const row = locked.get(item.id);
      if (!row) {
        failures.push({ index, id: item.id, code: 'not_found', detail: 'Measure was not found.' });
        return;
      }
      const current = toMeasureDto(row);
      if (item.ifMatch !== undefined && !ifMatchSatisfied(item.ifMatch, current)) {
        failures.push({
          index,
          id: item.id,
          code: 'precondition_failed',
          detail: 'The measure was changed by someone else.',
          currentEtag: etagOf(current),
        });
      } else if (item.progress !== undefined && row.stepsTotal > 0) {
        failures.push({
          index,
          id: item.id,
          code: 'progress_derived_from_steps',
          detail: 'This measure has steps, so its progress follows from them.',
        });
      }
    });
    if (failures.length > 0) {
      throw new AppError(
        422,
        'bulk_update_rejected',
        'Unprocessable Content',
        `${failures.length} of ${input.items.length} items cannot be applied; nothing was changed.`,
        {
          items: failures,
          errors: failures.map((f) => ({ path: `body.items.${f.index}`, message: f.detail })),
        },
      );
    }
    const before = new Map([...locked].map(([id, row]) => [id, toMeasureDto(row)]));
    await data.applyBulkChanges(
      tx,
      municipalityId,
      input.items.map((i) => ({ id: i.id, status: i.status ?? null, progress: i.progress ?? null })),
    );
    const after = new Map(
      (await data.findMeasuresByIds(tx, municipalityId, ids)).map((r) => [r.id, toMeasureDto(r)]),
    );
    await recordAudits(
      tx,
      ctx,
      ids.map((id) => ({
        action: 'measure.updated',
        entityType: 'measure',
        entityId: id,
        municipalityId,
        before: before.get(id),
        after: after.get(id),
      })),
    );
    await recordWebhookEvents(
      tx,
      ids.map((id) => ({ type: 'measure.updated', municipalityIds: [municipalityId], data: after.get(id) })),
    );
    return { data: ids.map((id) => after.get(id)!) };
  });
}
