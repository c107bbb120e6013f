/**
 * The strategy form's data: the values as typed (dates as TT.MM.JJJJ), the PUT body they stand for,
 * the checks that can be made before sending, and the comparison of two versions that a conflict
 * shows. Field names are the API's paths (`councilMeeting.body`, `fields.1.goal`), so a problem's
 * path finds its control.
 */
import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { germanDate, parseGermanDate } from '../workshops/berlin-time';

export type Strategy = Schema<'Strategy'>;
export type PutStrategy = Schema<'PutStrategyInput'>;
export type Visibility = Schema<'StrategyVisibility'>;
export type Maturity = '' | '0' | '1' | '2' | '3' | '4';

export interface FieldValues {
  actionFieldId: string;
  title: string;
  goal: string;
  rationale: string;
  maturityNow: Maturity;
  maturityTarget: Maturity;
}

export interface Values {
  programId: string;
  title: string;
  summary: string;
  vision: string;
  visibility: Visibility;
  nextReviewOn: string;
  councilBody: string;
  councilMeetingOn: string;
  councilAgendaItem: string;
  fields: FieldValues[];
}

/** The council's resolution: kept beside the form values, changed only through the adoption dialog. */
export interface Adoption {
  status: Schema<'StrategyStatus'>;
  adoptedOn: string | null;
  councilResolution: string | null;
}

export type FieldErrors = Partial<Record<string, string>>;

export const MAX_FIELDS = 20;
const s = de.strategy;

const maturityOf = (n: number | null): Maturity => (n === null ? '' : (String(n) as Maturity));
const numberOf = (m: Maturity): number | null => (m === '' ? null : Number(m));

export function valuesOf(strategy: Strategy): Values {
  return {
    programId: strategy.programId,
    title: strategy.title,
    summary: strategy.summary,
    vision: strategy.vision,
    visibility: strategy.visibility,
    nextReviewOn: strategy.nextReviewOn ? germanDate(strategy.nextReviewOn) : '',
    councilBody: strategy.councilMeeting?.body ?? '',
    councilMeetingOn: strategy.councilMeeting?.meetingOn ? germanDate(strategy.councilMeeting.meetingOn) : '',
    councilAgendaItem: strategy.councilMeeting?.agendaItem ?? '',
    fields: strategy.fields.map((f) => ({
      actionFieldId: f.actionFieldId,
      title: f.actionFieldTitle,
      goal: f.goal,
      rationale: f.rationale,
      maturityNow: maturityOf(f.maturityNow),
      maturityTarget: maturityOf(f.maturityTarget),
    })),
  };
}

export const adoptionOf = (strategy: Strategy | null): Adoption => ({
  status: strategy?.status ?? 'draft',
  adoptedOn: strategy?.adoptedOn ?? null,
  councilResolution: strategy?.councilResolution ?? null,
});

/** A new strategy's values: the only program chosen already, the title named after the municipality. */
export function emptyValues(programId: string, municipalityName: string): Values {
  return {
    programId,
    title: `Digitalstrategie ${municipalityName}`,
    summary: '',
    vision: '',
    visibility: 'private',
    nextReviewOn: '',
    councilBody: '',
    councilMeetingOn: '',
    councilAgendaItem: '',
    fields: [],
  };
}

/** Everything the browser can check before sending; messages by field name, in form order. */
export function checkValues(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.programId) errors.programId = s.errors.programId;
  if (!v.title.trim() || v.title.trim().length > 200) errors.title = s.errors.title;
  if (v.summary.length > 5000) errors.summary = s.errors.summary;
  if (v.nextReviewOn.trim() && !parseGermanDate(v.nextReviewOn)) errors.nextReviewOn = s.errors.nextReviewOn;
  if (v.vision.length > 20_000) errors.vision = s.errors.vision;
  v.fields.forEach((f, i) => {
    if (f.goal.trim().length > 1000) errors[`fields.${i}.goal`] = s.errors.goal(f.title);
    if (f.rationale.trim().length > 2000) errors[`fields.${i}.rationale`] = s.errors.rationale(f.title);
    if (f.maturityNow !== '' && f.maturityTarget !== '' && Number(f.maturityTarget) < Number(f.maturityNow)) {
      errors[`fields.${i}.maturityTarget`] = s.errors.maturity(f.title);
    }
  });
  const meetingGiven = v.councilMeetingOn.trim() || v.councilAgendaItem.trim();
  if ((meetingGiven && !v.councilBody.trim()) || v.councilBody.trim().length > 200) {
    errors['councilMeeting.body'] = s.errors.councilBody;
  }
  if (v.councilMeetingOn.trim() && !parseGermanDate(v.councilMeetingOn)) {
    errors['councilMeeting.meetingOn'] = s.errors.councilMeetingOn;
  }
  if (v.councilAgendaItem.trim().length > 200)
    errors['councilMeeting.agendaItem'] = s.errors.councilAgendaItem;
  return errors;
}

/** The whole strategy as the PUT sends it (values checked before). */
export function bodyOf(v: Values, adoption: Adoption): PutStrategy {
  const date = (text: string) => (text.trim() ? (parseGermanDate(text) ?? null) : null);
  return {
    programId: v.programId,
    title: v.title.trim(),
    vision: v.vision,
    summary: v.summary,
    status: adoption.status,
    adoptedOn: adoption.status === 'adopted' ? adoption.adoptedOn : null,
    councilResolution: adoption.status === 'adopted' ? adoption.councilResolution : null,
    visibility: v.visibility,
    nextReviewOn: date(v.nextReviewOn),
    councilMeeting: v.councilBody.trim()
      ? {
          body: v.councilBody.trim(),
          meetingOn: date(v.councilMeetingOn),
          agendaItem: v.councilAgendaItem.trim() || null,
        }
      : null,
    fields: v.fields.map((f) => ({
      actionFieldId: f.actionFieldId,
      goal: f.goal.trim(),
      rationale: f.rationale.trim(),
      maturityNow: numberOf(f.maturityNow),
      maturityTarget: numberOf(f.maturityTarget),
    })),
  };
}

/** The list with the item at `from` moved to `to` (both within the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined) return [...list];
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

/** The parts of the form a conflict compares, each as one unit. */
export const diffKeys = [
  'title',
  'summary',
  'vision',
  'visibility',
  'nextReviewOn',
  'council',
  'fields',
] as const;
export type DiffKey = (typeof diffKeys)[number] | 'status';

const councilKeys = ['councilBody', 'councilMeetingOn', 'councilAgendaItem'] as const;

function partOf(v: Values, key: (typeof diffKeys)[number]): unknown {
  if (key === 'council') return councilKeys.map((k) => v[k].trim());
  return v[key];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A version's part as one readable text, for the side-by-side comparison. */
export function describe(v: Values, key: (typeof diffKeys)[number]): string {
  switch (key) {
    case 'visibility':
      return s.visibilities[v.visibility];
    case 'council':
      return s.view.meeting(v.councilBody.trim(), v.councilMeetingOn.trim(), v.councilAgendaItem.trim());
    case 'fields':
      return v.fields
        .map((f, i) => {
          const maturity =
            f.maturityNow || f.maturityTarget
              ? ` (${s.maturityShort(f.maturityNow || '–', f.maturityTarget || '–')})`
              : '';
          return `${s.fieldLine(i + 1, f.title, f.goal.trim())}${maturity}`;
        })
        .join('\n');
    default:
      return v[key];
  }
}

export function describeAdoption(a: Adoption): string {
  if (a.status !== 'adopted' || !a.adoptedOn) return s.status.draft;
  const on = germanDate(a.adoptedOn);
  return a.councilResolution ? s.status.adoptedWith(on, a.councilResolution) : s.status.adopted(on);
}

export interface Difference {
  key: DiffKey;
  label: string;
  theirs: string;
  mine: string;
}

/**
 * What the other person changed: the parts where the saved version differs from the one the form
 * started from, each with the saved text and the user's.
 */
export function theirChanges(
  base: { values: Values; adoption: Adoption },
  theirs: { values: Values; adoption: Adoption },
  mine: Values,
): Difference[] {
  const changed: Difference[] = diffKeys
    .filter((key) => !same(partOf(base.values, key), partOf(theirs.values, key)))
    .map((key) => ({
      key,
      label: s.diffLabels[key],
      theirs: describe(theirs.values, key),
      mine: describe(mine, key),
    }));
  if (!same(base.adoption, theirs.adoption)) {
    const adoption = describeAdoption(theirs.adoption);
    changed.push({
      key: 'status',
      label: s.diffLabels.status,
      theirs: adoption,
      mine: describeAdoption(base.adoption),
    });
  }
  return changed;
}

/**
 * The user's edits carried onto the saved version: every part the user changed (against the version
 * the form started from) keeps the user's value, every other part takes the saved one.
 */
export function rebase(base: Values, theirs: Values, mine: Values): Values {
  const next: Values = { ...theirs };
  for (const key of diffKeys) {
    if (same(partOf(base, key), partOf(mine, key))) continue;
    if (key === 'council') for (const k of councilKeys) next[k] = mine[k];
    else Object.assign(next, { [key]: mine[key] });
  }
  return next;
}

/** The controls in the order of the form, for the summary of problems above it. */
export function fieldOrder(v: Values): string[] {
  return [
    'programId',
    'title',
    'summary',
    'visibility',
    'nextReviewOn',
    'vision',
    'fields',
    ...v.fields.flatMap((_, i) => [
      `fields.${i}.goal`,
      `fields.${i}.rationale`,
      `fields.${i}.maturityNow`,
      `fields.${i}.maturityTarget`,
    ]),
    'councilMeeting.body',
    'councilMeeting.meetingOn',
    'councilMeeting.agendaItem',
  ];
}
