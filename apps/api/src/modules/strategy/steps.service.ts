import type { Tx } from '@werkstatt/db';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import { assertIfMatch } from '../../lib/http-cache.js';
import { requireMunicipalityWrite } from '../../lib/municipality-access.js';
import { changeResource } from '../../lib/mutations.js';
import * as data from './measures.data.js';
import {
  type CreateStepInput,
  MAX_STEPS_PER_MEASURE,
  type StepDto,
  type UpdateStepInput,
} from './measures.schemas.js';
import { strategyReader } from './strategy-access.js';

export { MAX_STEPS_PER_MEASURE };

export const toStepDto = (r: data.StepRow): StepDto => ({
  id: r.id,
  measureId: r.measureId,
  title: r.title,
  dueOn: r.dueOn,
  doneAt: r.doneAt ? r.doneAt.toISOString() : null,
  order: r.position,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const progressOf = (m: data.MeasureRow) => ({
  progress: m.progress,
  stepsTotal: m.stepsTotal,
  stepsDone: m.stepsDone,
});

async function lockMeasure(tx: Tx, municipalityId: string, measureId: string): Promise<data.MeasureRow> {
  const measure = await data.findMeasure(tx, municipalityId, measureId, { forUpdate: true });
  if (!measure) throw notFound('Measure');
  return measure;
}

/** Re-derives the measure's progress from its steps and audits the derived change, if any. */
async function refreshProgress(tx: Tx, ctx: RequestContext, before: data.MeasureRow): Promise<void> {
  await data.refreshStepProgress(tx, before.id);
  const after = await data.findMeasure(tx, before.municipalityId, before.id);
  const [b, a] = [progressOf(before), progressOf(after!)];
  if (b.progress === a.progress && b.stepsTotal === a.stepsTotal && b.stepsDone === a.stepsDone) return;
  await recordAudit(tx, ctx, {
    action: 'measure.progress_derived',
    entityType: 'measure',
    entityId: before.id,
    municipalityId: before.municipalityId,
    before: b,
    after: a,
  });
}

export async function listSteps(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
): Promise<{ data: StepDto[] }> {
  const reader = await strategyReader(ctx, municipalityId);
  const rows = await reader.db.transaction(async (tx) => {
    if (!(await data.findMeasure(tx, municipalityId, measureId))) throw notFound('Measure');
    return data.listSteps(tx, measureId);
  });
  return { data: rows.map(toStepDto) };
}

export async function getStep(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
  stepId: string,
): Promise<StepDto> {
  const reader = await strategyReader(ctx, municipalityId);
  const row = await reader.db.transaction(async (tx) => {
    if (!(await data.findMeasure(tx, municipalityId, measureId))) return undefined;
    return data.findStep(tx, measureId, stepId);
  });
  if (!row) throw notFound('Step');
  return toStepDto(row);
}

export async function createStep(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
  input: CreateStepInput,
): Promise<StepDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  return ctx.db.transaction(async (tx) => {
    const measure = await lockMeasure(tx, municipalityId, measureId);
    const stats = await data.stepStats(tx, measureId);
    if (stats.count >= MAX_STEPS_PER_MEASURE) {
      throw unprocessable('too_many_steps', `A measure has at most ${MAX_STEPS_PER_MEASURE} steps.`);
    }
    const dto = toStepDto(
      await data.insertStep(tx, {
        municipalityId,
        measureId,
        title: input.title,
        dueOn: input.dueOn,
        doneAt: input.doneAt ? new Date(input.doneAt) : null,
        position: input.order ?? stats.nextPosition,
      }),
    );
    await recordAudit(tx, ctx, {
      action: 'measure_step.created',
      entityType: 'measure_step',
      entityId: dto.id,
      municipalityId,
      after: dto,
    });
    await refreshProgress(tx, ctx, measure);
    return dto;
  });
}

export async function updateStep(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
  stepId: string,
  input: UpdateStepInput,
): Promise<StepDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  let measure: data.MeasureRow | undefined;
  return changeResource(ctx, {
    what: 'Step',
    entityType: 'measure_step',
    action: 'measure_step.updated',
    requireIfMatch: true,
    // The measure is locked first, so step changes of one measure run one after another.
    load: async (tx) => {
      measure = await data.findMeasure(tx, municipalityId, measureId, { forUpdate: true });
      return measure ? data.findStep(tx, measureId, stepId, { forUpdate: true }) : undefined;
    },
    toDto: toStepDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      const { order, doneAt, ...rest } = input;
      const updated = await data.updateStep(tx, row.id, {
        ...rest,
        ...(order !== undefined ? { position: order } : {}),
        ...(doneAt !== undefined ? { doneAt: doneAt ? new Date(doneAt) : null } : {}),
      });
      await refreshProgress(tx, ctx, measure!);
      return updated;
    },
  });
}

export async function deleteStep(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
  stepId: string,
): Promise<void> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  await ctx.db.transaction(async (tx) => {
    const measure = await data.findMeasure(tx, municipalityId, measureId, { forUpdate: true });
    const row = measure && (await data.findStep(tx, measureId, stepId, { forUpdate: true }));
    if (!measure || !row) throw notFound('Step');
    const before = toStepDto(row);
    assertIfMatch(ctx.ifMatch, before, { required: true });
    await data.deleteStep(tx, row.id);
    await recordAudit(tx, ctx, {
      action: 'measure_step.deleted',
      entityType: 'measure_step',
      entityId: row.id,
      municipalityId,
      before,
      after: null,
    });
    await refreshProgress(tx, ctx, measure);
  });
}
