import { measureStatuses, startWindows } from '@werkstatt/db';
import { z } from 'zod';
import { pageSchema, syncQuery } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';
import { isoDate } from './strategy.schemas.js';

export const measureParams = z.object({ id: uuidParam, measureId: uuidParam }).strict();

export const startWindow = z.enum(startWindows).meta({
  id: 'StartWindow',
  description: 'When the measure starts: at once, within 2 years, within 4 years.',
});
export const measureStatus = z.enum(measureStatuses).meta({ id: 'MeasureStatus' });

const amount = z.number().min(-1e12).max(1e12);

export const indicator = z
  .object({
    name: z.string(),
    unit: z.string().nullable(),
    baseline: z.number().nullable(),
    target: z.number().nullable(),
    currentValue: z.number().nullable(),
    currentAsOf: isoDate.nullable(),
  })
  .meta({ id: 'Indicator', description: 'A measurable indicator: baseline, target and the latest value.' });

export const indicatorInput = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Ortsgemeinden mit freiem WLAN' }),
    unit: z.string().trim().min(1).max(50).nullable().default(null).meta({ example: 'Anzahl' }),
    baseline: amount.nullable().default(null),
    target: amount.nullable().default(null),
    currentValue: amount.nullable().default(null),
    currentAsOf: isoDate.nullable().default(null),
  })
  .strict()
  .refine((i) => (i.currentValue === null) === (i.currentAsOf === null), {
    path: ['currentAsOf'],
    message: 'currentValue and currentAsOf are given together',
  })
  .meta({ id: 'IndicatorFields', description: 'An indicator as clients send it.' });

export const measure = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    actionFieldId: z.uuid(),
    originIdeaId: z.uuid().nullable().meta({ description: 'The idea this measure was promoted from.' }),
    rank: z.number().int().meta({ description: 'Rank within its action field; 1 is the most important.' }),
    title: z.string(),
    description: z.string(),
    lead: z.string().nullable().meta({ description: 'Who is responsible (Federführung).' }),
    participants: z.string().nullable().meta({ description: 'Who else must be involved.' }),
    targetGroup: z.string().nullable(),
    expectedResult: z.string().nullable(),
    resources: z.string().nullable(),
    startWindow: startWindow.nullable(),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    status: measureStatus,
    progress: z.number().int().meta({ description: 'Percent done, 0–100.' }),
    progressSource: z.enum(['manual', 'steps']).meta({
      description: '`steps`: derived from the steps (done/total, rounded) and not settable by clients.',
    }),
    stepsTotal: z.number().int(),
    stepsDone: z.number().int(),
    overdue: z.boolean().meta({
      description:
        'Not done or dropped, and the end date has passed or an open step is past due (Europe/Berlin dates).',
    }),
    budgetCents: z.number().int().nullable().meta({ description: 'Budget in euro cents.' }),
    fundingSource: z.string().nullable(),
    grantProgram: z.string().nullable(),
    indicators: z.array(indicator),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  })
  .meta({ id: 'Measure', description: 'A measure as a fact sheet (Maßnahmensteckbrief).' });
export type MeasureDto = z.infer<typeof measure>;

const text = (max: number) => z.string().trim().min(1).max(max).nullable();

const measureFields = {
  actionFieldId: z.uuid().meta({ description: 'An action field of the strategy’s program.' }),
  rank: z.number().int().min(1).max(10_000),
  title: z.string().trim().min(1).max(200).meta({ example: 'Freies WLAN im Bürgerhaus' }),
  description: z.string().max(10_000),
  lead: text(200).meta({ example: 'Bauamt' }),
  participants: text(2000),
  targetGroup: text(1000),
  expectedResult: text(2000),
  resources: text(2000),
  startWindow: startWindow.nullable(),
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  status: measureStatus,
  progress: z.number().int().min(0).max(100),
  budgetCents: z.number().int().min(0).max(1e13).nullable().meta({ example: 1_250_000 }),
  fundingSource: text(500).meta({ example: 'Haushalt 2027 und Fördermittel' }),
  grantProgram: text(300),
  indicators: z.array(indicatorInput).max(20),
};

const datesInOrder = (m: { startDate?: string | null; endDate?: string | null }) =>
  !m.startDate || !m.endDate || m.endDate >= m.startDate;
const datesMessage = { path: ['endDate'], message: 'must not be before startDate' };

export const createMeasureBody = z
  .object({
    ...measureFields,
    rank: measureFields.rank
      .optional()
      .meta({ description: 'Default: after the last measure of the field.' }),
    description: measureFields.description.default(''),
    lead: measureFields.lead.default(null),
    participants: measureFields.participants.default(null),
    targetGroup: measureFields.targetGroup.default(null),
    expectedResult: measureFields.expectedResult.default(null),
    resources: measureFields.resources.default(null),
    startWindow: measureFields.startWindow.default(null),
    startDate: measureFields.startDate.default(null),
    endDate: measureFields.endDate.default(null),
    status: measureFields.status.default('planned'),
    progress: measureFields.progress.default(0),
    budgetCents: measureFields.budgetCents.default(null),
    fundingSource: measureFields.fundingSource.default(null),
    grantProgram: measureFields.grantProgram.default(null),
    indicators: measureFields.indicators.default([]),
  })
  .strict()
  .refine(datesInOrder, datesMessage)
  .meta({ id: 'CreateMeasure' });
export type CreateMeasureInput = z.infer<typeof createMeasureBody>;

export const updateMeasureBody = z
  .object(measureFields)
  .partial()
  .strict()
  .refine((m) => Object.keys(m).length > 0, 'at least one field must be given')
  .refine(datesInOrder, datesMessage)
  .meta({ id: 'UpdateMeasure', description: 'Only the given fields change.' });
export type UpdateMeasureInput = z.infer<typeof updateMeasureBody>;

export const listMeasuresQuery = z
  .object({
    ...syncQuery,
    actionFieldId: z.uuid().optional(),
    status: measureStatus.optional(),
    startWindow: startWindow.optional(),
    overdue: z
      .enum(['true', 'false'])
      .optional()
      .meta({ description: '`true`: only overdue measures; `false`: only those not overdue.' }),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'German full-text search in title and description.', example: 'WLAN' }),
  })
  .strict();
export type ListMeasuresQuery = z.infer<typeof listMeasuresQuery>;

export const measurePage = pageSchema(measure).meta({ id: 'MeasurePage' });

export const bulkUpdateItem = z
  .object({
    id: z.uuid(),
    status: measureStatus.optional(),
    progress: measureFields.progress.optional(),
    ifMatch: z
      .string()
      .max(200)
      .optional()
      .meta({ description: 'ETag of the measure you edited; a stale one fails the whole request.' }),
  })
  .strict()
  .refine((i) => i.status !== undefined || i.progress !== undefined, 'give status or progress')
  .meta({ id: 'MeasureBulkUpdateItem' });

/** One bulk update changes at most this many measures, and answers with them. */
export const MAX_BULK_UPDATE_ITEMS = 200;

export const bulkUpdateBody = z
  .object({
    items: z
      .array(bulkUpdateItem)
      .min(1)
      .max(MAX_BULK_UPDATE_ITEMS)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'ids must be distinct'),
  })
  .strict()
  .meta({ id: 'MeasureBulkUpdate' });
export type BulkUpdateInput = z.infer<typeof bulkUpdateBody>;

export const measureList = z
  .object({ data: z.array(measure).max(MAX_BULK_UPDATE_ITEMS) })
  .meta({ id: 'MeasureList', description: 'The changed measures, in the order they were sent.' });

// Steps (Umsetzungsschritte)

export const stepParams = z.object({ id: uuidParam, measureId: uuidParam, stepId: uuidParam }).strict();

export const step = z
  .object({
    id: z.uuid(),
    measureId: z.uuid(),
    title: z.string(),
    dueOn: isoDate.nullable(),
    doneAt: timestamp.nullable(),
    order: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'MeasureStep', description: 'One checklist item of a measure (Umsetzungsschritt).' });
export type StepDto = z.infer<typeof step>;

// A checklist, not a project plan: the bound keeps the list unpaged and the progress meaningful.
export const MAX_STEPS_PER_MEASURE = 100;

export const stepList = z.object({ data: z.array(step).max(MAX_STEPS_PER_MEASURE) }).meta({
  id: 'MeasureStepList',
  description: `All steps of the measure in order (at most ${MAX_STEPS_PER_MEASURE}, so no paging).`,
});

const stepFields = {
  title: z.string().trim().min(1).max(300).meta({ example: 'Angebote für Access Points einholen' }),
  dueOn: isoDate.nullable(),
  doneAt: z.iso.datetime().nullable().meta({ description: 'When it was done; null while open.' }),
  order: z.number().int().min(1).max(10_000),
};

export const createStepBody = z
  .object({
    ...stepFields,
    dueOn: stepFields.dueOn.default(null),
    doneAt: stepFields.doneAt.default(null),
    order: stepFields.order.optional().meta({ description: 'Default: after the last step.' }),
  })
  .strict()
  .meta({ id: 'CreateMeasureStep' });
export type CreateStepInput = z.infer<typeof createStepBody>;

export const updateStepBody = z
  .object(stepFields)
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateMeasureStep' });
export type UpdateStepInput = z.infer<typeof updateStepBody>;
