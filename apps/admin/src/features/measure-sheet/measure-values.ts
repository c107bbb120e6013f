import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { changedLabels, type FieldErrors, problemToForm } from '../../ui/form';
import { germanDate, isoDate } from '../programs/program-values';

export type Measure = Schema<'Measure'>;
export type MeasureStatus = Measure['status'];
export type StartWindow = NonNullable<Measure['startWindow']>;
type UpdateBody = Schema<'UpdateMeasureInput'>;
type IndicatorBody = Schema<'IndicatorFieldsInput'>;

export const measureStatuses: readonly MeasureStatus[] = [
  'planned',
  'in_progress',
  'done',
  'on_hold',
  'dropped',
];
export const startWindows: readonly StartWindow[] = ['immediately', 'within_2_years', 'within_4_years'];

/** The API's path of a measure: the key of its ETag (If-Match). */
export const measurePath = (municipalityId: string, measureId: string) =>
  `/v1/municipalities/${municipalityId}/measures/${measureId}`;

/** The fact sheet's fields in form order, named as the API names them in `errors[].path`. */
export const measureFields = [
  'title',
  'actionFieldId',
  'description',
  'lead',
  'participants',
  'targetGroup',
  'expectedResult',
  'resources',
  'startWindow',
  'startDate',
  'endDate',
  'status',
  'progress',
  'budgetCents',
  'fundingSource',
  'grantProgram',
  'indicators',
] as const;
type BaseField = (typeof measureFields)[number];

export const indicatorParts = ['name', 'unit', 'baseline', 'target', 'currentValue', 'currentAsOf'] as const;
export type IndicatorPart = (typeof indicatorParts)[number];
/** An indicator's input, e.g. `indicators.0.name`, as the API names it in `errors[].path`. */
export type IndicatorField = `indicators.${number}.${IndicatorPart}`;
export type MeasureField = BaseField | IndicatorField;

export interface IndicatorValues {
  /** Stable across reordering and removal, for React keys only. */
  key: string;
  name: string;
  unit: string;
  baseline: string;
  target: string;
  currentValue: string;
  currentAsOf: string;
}

export interface MeasureValues {
  title: string;
  actionFieldId: string;
  description: string;
  lead: string;
  participants: string;
  targetGroup: string;
  expectedResult: string;
  resources: string;
  startWindow: StartWindow | 'none';
  startDate: string;
  endDate: string;
  status: MeasureStatus;
  progress: string;
  budget: string;
  fundingSource: string;
  grantProgram: string;
  indicators: IndicatorValues[];
}

// For input: no grouping, so "1234,5" is typed back as it is shown.
const plainNumber = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6, useGrouping: false });
const euroInput = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const euroCents = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 1250000 cents → "12.500", 1250050 → "12.500,50" (as a person types it). */
export const euroText = (cents: number): string =>
  (cents % 100 === 0 ? euroInput : euroCents).format(cents / 100);

/**
 * A euro amount as people in Germany write it ("12.500", "12500,5", "12.500,50 €") → cents; null
 * when it is no amount of at most two decimals, or negative.
 */
export function euroCentsOf(text: string): number | null {
  const t = text.replace(/\s|€|EUR/gi, '');
  if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(t)) return null;
  const [whole = '0', fraction = ''] = t.replace(/\./g, '').split(',');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) && cents <= 1e13 ? cents : null;
}

/** A German decimal ("1.234,5", "-3", "12,75") → number; null when it is none. */
export function numberOf(text: string): number | null {
  const t = text.replace(/\s/g, '');
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(t)) return null;
  const n = Number(t.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) && Math.abs(n) <= 1e12 ? n : null;
}

export const numberText = (n: number | null): string => (n === null ? '' : plainNumber.format(n));

let keys = 0;
export const newIndicatorKey = (): string => `indicator-${++keys}`;

export const emptyIndicator = (): IndicatorValues => ({
  key: newIndicatorKey(),
  name: '',
  unit: '',
  baseline: '',
  target: '',
  currentValue: '',
  currentAsOf: '',
});

export const valuesOf = (m: Measure): MeasureValues => ({
  title: m.title,
  actionFieldId: m.actionFieldId,
  description: m.description,
  lead: m.lead ?? '',
  participants: m.participants ?? '',
  targetGroup: m.targetGroup ?? '',
  expectedResult: m.expectedResult ?? '',
  resources: m.resources ?? '',
  startWindow: m.startWindow ?? 'none',
  startDate: m.startDate ? germanDate(m.startDate) : '',
  endDate: m.endDate ? germanDate(m.endDate) : '',
  status: m.status,
  progress: String(m.progress),
  budget: m.budgetCents === null ? '' : euroText(m.budgetCents),
  fundingSource: m.fundingSource ?? '',
  grantProgram: m.grantProgram ?? '',
  indicators: m.indicators.map((i, n) => ({
    key: `saved-${n}`,
    name: i.name,
    unit: i.unit ?? '',
    baseline: numberText(i.baseline),
    target: numberText(i.target),
    currentValue: numberText(i.currentValue),
    currentAsOf: i.currentAsOf ? germanDate(i.currentAsOf) : '',
  })),
});

const orNull = (text: string): string | null => text.trim() || null;

function indicatorBodies(
  list: readonly IndicatorValues[],
  errors: FieldErrors<MeasureField>,
): IndicatorBody[] {
  const f = de.measureSheet.fieldErrors;
  const m = de.measureSheet.missing;
  return list.map((v, n) => {
    const at = (part: IndicatorPart): IndicatorField => `indicators.${n}.${part}`;
    const num = (part: 'baseline' | 'target' | 'currentValue') => {
      if (!v[part].trim()) return null;
      const value = numberOf(v[part]);
      if (value === null) errors[at(part)] = f.indicatorNumber;
      return value;
    };
    if (!v.name.trim()) errors[at('name')] = m.indicatorName;
    const currentAsOf = v.currentAsOf.trim() ? isoDate(v.currentAsOf) : null;
    if (v.currentAsOf.trim() && !currentAsOf) errors[at('currentAsOf')] = f.indicatorDate;
    const body = {
      name: v.name.trim(),
      unit: orNull(v.unit),
      baseline: num('baseline'),
      target: num('target'),
      currentValue: num('currentValue'),
      currentAsOf,
    };
    // The API keeps a current value only with the day it was measured.
    if (v.currentValue.trim() && !v.currentAsOf.trim()) errors[at('currentAsOf')] = m.currentAsOf;
    if (!v.currentValue.trim() && v.currentAsOf.trim()) errors[at('currentValue')] = m.currentValue;
    return body;
  });
}

/** Every field of the fact sheet as the API takes it; progress only while it is set by hand. */
function fullBody(v: MeasureValues, manualProgress: boolean, errors: FieldErrors<MeasureField>): UpdateBody {
  const f = de.measureSheet.fieldErrors;
  if (!v.title.trim()) errors.title = de.measureSheet.missing.title;
  if (!v.actionFieldId) errors.actionFieldId = de.measureSheet.missing.actionFieldId;
  const startDate = v.startDate.trim() ? isoDate(v.startDate) : null;
  if (v.startDate.trim() && !startDate) errors.startDate = f.startDate;
  const endDate = v.endDate.trim() ? isoDate(v.endDate) : null;
  if (v.endDate.trim() && (!endDate || (startDate && endDate < startDate))) errors.endDate = f.endDate;
  const budgetCents = v.budget.trim() ? euroCentsOf(v.budget) : null;
  if (v.budget.trim() && budgetCents === null) errors.budgetCents = f.budgetCents;
  let progress: number | undefined;
  if (manualProgress) {
    progress = /^\d{1,3}$/.test(v.progress.trim()) ? Number(v.progress.trim()) : Number.NaN;
    if (!(progress >= 0 && progress <= 100)) errors.progress = f.progress;
  }
  return {
    title: v.title.trim(),
    actionFieldId: v.actionFieldId,
    description: v.description.trim(),
    lead: orNull(v.lead),
    participants: orNull(v.participants),
    targetGroup: orNull(v.targetGroup),
    expectedResult: orNull(v.expectedResult),
    resources: orNull(v.resources),
    startWindow: v.startWindow === 'none' ? null : v.startWindow,
    startDate,
    endDate,
    status: v.status,
    ...(progress === undefined ? {} : { progress }),
    budgetCents,
    fundingSource: orNull(v.fundingSource),
    grantProgram: orNull(v.grantProgram),
    indicators: indicatorBodies(v.indicators, errors),
  };
}

/**
 * The PATCH body: only the fields that differ from the version the form started from, so a save
 * never touches what the user left alone. Or what can be told without the server.
 */
export function changesOf(
  values: MeasureValues,
  base: Measure,
): { body: UpdateBody } | { errors: FieldErrors<MeasureField> } {
  const manual = base.progressSource === 'manual';
  const errors: FieldErrors<MeasureField> = {};
  const next = fullBody(values, manual, errors);
  if (Object.keys(errors).length > 0) return { errors };
  const before = fullBody(valuesOf(base), manual, {});
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key as keyof UpdateBody])) body[key] = value;
  }
  return { body: body as UpdateBody };
}

/**
 * True when two versions differ only in what the steps change (progress, counts, overdue, time):
 * the form then takes the newer ETag, so ticking a step does not turn the next save into a conflict.
 */
export function onlyRollupChanged(a: Measure, b: Measure): boolean {
  const { progress: _a, ...restA } = valuesOf(a);
  const { progress: _b, ...restB } = valuesOf(b);
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** The API's problems of a save, at the fields (indicator rows included), in German. */
export function measureProblem(error: unknown, indicatorCount: number) {
  const f = de.measureSheet.fieldErrors;
  const fields: Record<string, string> = {
    title: f.title,
    actionFieldId: f.actionFieldId,
    description: f.description,
    lead: f.lead,
    participants: f.participants,
    targetGroup: f.targetGroup,
    expectedResult: f.expectedResult,
    resources: f.resources,
    startWindow: f.startWindow,
    startDate: f.startDate,
    endDate: f.endDate,
    status: f.status,
    progress: f.progress,
    budgetCents: f.budgetCents,
    fundingSource: f.fundingSource,
    grantProgram: f.grantProgram,
    indicators: f.indicators,
  };
  for (let n = 0; n < indicatorCount; n++) {
    fields[`indicators.${n}.name`] = f.indicatorName;
    fields[`indicators.${n}.unit`] = f.indicatorUnit;
    fields[`indicators.${n}.baseline`] = f.indicatorNumber;
    fields[`indicators.${n}.target`] = f.indicatorNumber;
    fields[`indicators.${n}.currentValue`] = f.indicatorNumber;
    fields[`indicators.${n}.currentAsOf`] = f.indicatorDate;
  }
  return problemToForm<MeasureField>(error, {
    fields: fields as Record<MeasureField, string>,
    codes: {
      progress_derived_from_steps: { field: 'progress', message: f.progressFromSteps },
      forbidden: de.measureSheet.forbidden,
      not_found: de.measureSheet.notFound,
    },
  });
}

/** The form's inputs in order, indicator rows included (for the error summary). */
export const fieldOrder = (indicatorCount: number): MeasureField[] => {
  const rows = Array.from({ length: indicatorCount }, (_, n) =>
    indicatorParts.map((part): IndicatorField => `indicators.${n}.${part}`),
  ).flat();
  return [...measureFields.filter((f) => f !== 'indicators'), 'indicators', ...rows];
};

/** German labels of the fields another person changed (for the conflict dialog). */
export function changedFields(a: Measure, b: Measure): string[] {
  const f = de.measureSheet.form;
  return changedLabels(valuesOf(a), valuesOf(b), {
    title: f.title,
    actionFieldId: f.actionField,
    description: f.description,
    lead: f.lead,
    participants: f.participants,
    targetGroup: f.targetGroup,
    expectedResult: f.expectedResult,
    resources: f.resources,
    startWindow: f.startWindow,
    startDate: f.startDate,
    endDate: f.endDate,
    status: f.status,
    budget: f.budget,
    fundingSource: f.fundingSource,
    grantProgram: f.grantProgram,
    indicators: de.measureSheet.sections.indicators,
  });
}
