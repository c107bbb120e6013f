import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';

const t = de.versions.compare;

export type VersionDiff = Schema<'StrategyVersionDiff'>;
export type Mark = 'added' | 'removed' | 'changed';

/** One changed value: its German label and the value before (left) and after (right), as text. */
export interface ValueRow {
  key: string;
  label: string;
  before: string;
  after: string;
}

/** A step of a measure that was added, removed or changed. */
export interface StepRow {
  key: string;
  mark: Mark;
  title: string;
  before: string | null;
  after: string | null;
}

export interface DiffItem {
  key: string;
  mark: Mark;
  title: string;
  rows: ValueRow[];
  steps: StepRow[];
}

export interface DiffSection {
  key: 'strategy' | 'fields' | 'measures';
  title: string;
  items: DiffItem[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const number = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });

const day = (iso: string) => formatDate(`${iso}T12:00:00Z`);

interface Indicator {
  name: string;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  currentValue: number | null;
  currentAsOf: string | null;
}

function indicatorText(i: Indicator): string {
  const unit = i.unit ? ` ${i.unit}` : '';
  const parts = [
    i.baseline === null ? null : `${t.baseline} ${number.format(i.baseline)}${unit}`,
    i.target === null ? null : `${t.target} ${number.format(i.target)}${unit}`,
    i.currentValue === null
      ? null
      : `${t.current} ${number.format(i.currentValue)}${unit}${i.currentAsOf ? ` (${t.asOf(day(i.currentAsOf))})` : ''}`,
  ].filter(Boolean);
  return t.indicator(i.name, parts.join(', ') || t.empty);
}

interface Meeting {
  body: string;
  meetingOn: string | null;
  agendaItem: string | null;
}

/**
 * A value of the snapshot as text: dates as dd.mm.yyyy, money in euros, enums in German, empty as „—“.
 * `fieldTitles` names action fields by id, where the comparison knows them.
 */
export function formatValue(
  key: string,
  value: unknown,
  fieldTitles: ReadonlyMap<string, string> = new Map(),
): string {
  if (value === null || value === undefined || value === '') return t.empty;
  switch (key) {
    case 'budgetCents':
      return typeof value === 'number' ? euro.format(value / 100) : String(value);
    case 'progress':
      return `${value} %`;
    case 'maturityNow':
    case 'maturityTarget':
      return typeof value === 'number' ? t.maturity(value) : String(value);
    case 'actionFieldId':
      return fieldTitles.get(String(value)) ?? t.otherField;
    case 'originIdeaId':
      return t.fromIdea;
    case 'indicators':
      return Array.isArray(value) && value.length > 0
        ? (value as Indicator[]).map(indicatorText).join('\n')
        : t.empty;
    case 'councilMeeting': {
      const m = value as Meeting;
      return [
        m.body,
        m.meetingOn ? t.meeting(day(m.meetingOn)) : null,
        m.agendaItem ? t.agendaItem(m.agendaItem) : null,
      ]
        .filter(Boolean)
        .join(', ');
    }
  }
  if (typeof value === 'string') {
    if (ISO_DAY.test(value)) return day(value);
    return t.values[value] ?? value;
  }
  if (typeof value === 'number') return number.format(value);
  if (typeof value === 'boolean') return value ? t.yes : t.empty;
  return JSON.stringify(value);
}

interface Step {
  id: string;
  title: string;
  dueOn: string | null;
  doneAt: string | null;
  order: number;
}

const stepText = (s: Step) =>
  [s.title, s.dueOn ? t.due(day(s.dueOn)) : null, s.doneAt ? t.done : null].filter(Boolean).join(', ');

/** The steps of a measure compared by id: added, removed, and changed in title, due date or done. */
export function diffSteps(before: unknown, after: unknown): StepRow[] {
  const a = (Array.isArray(before) ? before : []) as Step[];
  const b = (Array.isArray(after) ? after : []) as Step[];
  const inA = new Map(a.map((s) => [s.id, s]));
  const inB = new Map(b.map((s) => [s.id, s]));
  const rows: StepRow[] = [];
  for (const s of b) {
    const old = inA.get(s.id);
    if (!old) rows.push({ key: s.id, mark: 'added', title: s.title, before: null, after: stepText(s) });
    else if (stepText(old) !== stepText(s)) {
      rows.push({ key: s.id, mark: 'changed', title: s.title, before: stepText(old), after: stepText(s) });
    }
  }
  for (const s of a) {
    if (!inB.has(s.id))
      rows.push({ key: s.id, mark: 'removed', title: s.title, before: stepText(s), after: null });
  }
  return rows;
}

type Change = { field: string; before?: unknown; after?: unknown };

function rowsOf(changes: Change[], fieldTitles: ReadonlyMap<string, string>): ValueRow[] {
  return changes
    .filter((c) => c.field !== 'steps')
    .map((c) => ({
      key: c.field,
      label: t.labels[c.field] ?? c.field,
      before: formatValue(c.field, c.before, fieldTitles),
      after: formatValue(c.field, c.after, fieldTitles),
    }));
}

function stepsOf(changes: Change[]): StepRow[] {
  const steps = changes.find((c) => c.field === 'steps');
  return steps ? diffSteps(steps.before, steps.after) : [];
}

/**
 * The comparison as the page shows it: the strategy, the chosen fields with their goals, and the
 * measures with their steps, each item marked added, removed or changed. Empty sections are left out.
 */
export function diffSections(
  diff: VersionDiff,
  knownTitles: ReadonlyMap<string, string> = new Map(),
): DiffSection[] {
  const fieldTitles = new Map<string, string>(knownTitles);
  for (const f of [...diff.fields.added, ...diff.fields.removed, ...diff.fields.changed]) {
    fieldTitles.set(f.actionFieldId, f.title);
  }
  const strategyRows = rowsOf(diff.strategy.changes, fieldTitles);
  const sections: DiffSection[] = [
    {
      key: 'strategy',
      title: t.sections.strategy,
      items:
        strategyRows.length > 0
          ? [{ key: 'strategy', mark: 'changed', title: t.sections.strategy, rows: strategyRows, steps: [] }]
          : [],
    },
    {
      key: 'fields',
      title: t.sections.fields,
      items: [
        ...diff.fields.added.map((f) => item(f.actionFieldId, 'added', f.title)),
        ...diff.fields.changed.map((f) => ({
          ...item(f.actionFieldId, 'changed', f.title),
          rows: rowsOf(f.changes, fieldTitles),
        })),
        ...diff.fields.removed.map((f) => item(f.actionFieldId, 'removed', f.title)),
      ],
    },
    {
      key: 'measures',
      title: t.sections.measures,
      items: [
        ...diff.measures.added.map((m) => item(m.id, 'added', m.title)),
        ...diff.measures.changed.map((m) => ({
          ...item(m.id, 'changed', m.title),
          rows: rowsOf(m.changes, fieldTitles),
          steps: stepsOf(m.changes),
        })),
        ...diff.measures.removed.map((m) => item(m.id, 'removed', m.title)),
      ],
    },
  ];
  return sections.filter((s) => s.items.length > 0);
}

const item = (key: string, mark: Mark, title: string): DiffItem => ({
  key,
  mark,
  title,
  rows: [],
  steps: [],
});

/** How many things were added, removed or changed. */
export const changeCount = (sections: DiffSection[]): number =>
  sections.reduce((n, s) => n + s.items.length, 0);

/** Whether a measure moved to another action field: then the page loads the fields' titles. */
export const movesMeasures = (diff: VersionDiff): boolean =>
  diff.measures.changed.some((m) => m.changes.some((c) => c.field === 'actionFieldId'));
