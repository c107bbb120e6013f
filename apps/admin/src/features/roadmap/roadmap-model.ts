import type { Schema } from '@werkstatt/api-client';
import { germanDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { type DateSpan, quarterIndex, quarterOf, type Timeline, timelineFor } from './timeline';

export type MeasureStatus = Schema<'MeasureStatus'>;
type Roadmap = Schema<'Roadmap'>;

export const measureStatuses = Object.keys(de.roadmap.status) as MeasureStatus[];

/**
 * One colour per field in the PDF's order, darkened where needed so each bar keeps 3:1 against white
 * (WCAG 1.4.11); the field's name stands in its group row, so the colour is never the only cue.
 */
export const fieldPalette = [
  '#1f6aa5',
  '#a85a00',
  '#1f7a47',
  '#b03a58',
  '#6a4e96',
  '#7a5e28',
  '#a8408f',
  '#4f6d7a',
  '#726a00',
  '#137a8a',
  '#8a4480',
  '#4d7319',
] as const;

export interface RoadmapRow {
  id: string;
  /** "2.3": field 2, its third measure by rank, as the PDF numbers them. */
  number: string;
  title: string;
  status: MeasureStatus;
  progress: number;
  overdue: boolean;
  startWindow: Schema<'StartWindow'> | null;
  startDate: string | null;
  endDate: string | null;
  fieldId: string;
  fieldTitle: string;
  color: string;
}

export interface DatedRow extends RoadmapRow {
  startDate: string;
  endDate: string;
}

export interface RoadmapGroup {
  fieldId: string;
  /** "2" */
  number: string;
  title: string;
  color: string;
  rows: DatedRow[];
  /** The field's dated measures in this view, also when a printed part shows only some of them. */
  size: number;
}

export interface RoadmapFilters {
  feld?: string;
  status?: MeasureStatus;
}

export interface RoadmapView {
  /** Fields with their measures that have both dates, in the API's order (priority first). */
  groups: RoadmapGroup[];
  /** Measures lacking a start or an end date, listed below the chart as the PDF does. */
  undated: RoadmapRow[];
  /** Null when no measure has dates. */
  timeline: Timeline | null;
  datedCount: number;
  /** Measures before filtering. */
  total: number;
}

const isDated = (row: RoadmapRow): row is DatedRow => row.startDate !== null && row.endDate !== null;

/**
 * The roadmap as the page draws it. Numbers and colours come from the whole roadmap, so a filtered view
 * keeps "2.3" and its colour; a measure needs both dates for a bar, like in the PDF.
 */
export function buildRoadmap(roadmap: Roadmap, filters: RoadmapFilters, today: string): RoadmapView {
  const groups: RoadmapGroup[] = [];
  const undated: RoadmapRow[] = [];
  let total = 0;
  roadmap.fields.forEach((field, f) => {
    const color = fieldPalette[f % fieldPalette.length] as string;
    const group: RoadmapGroup = {
      fieldId: field.actionFieldId,
      number: String(f + 1),
      title: field.title,
      color,
      rows: [],
      size: 0,
    };
    field.measures.forEach((m, i) => {
      total += 1;
      if (filters.feld && filters.feld !== field.actionFieldId) return;
      if (filters.status && filters.status !== m.status) return;
      const row: RoadmapRow = {
        id: m.id,
        number: `${f + 1}.${i + 1}`,
        title: m.title,
        status: m.status,
        progress: m.progress,
        overdue: m.overdue,
        startWindow: m.startWindow,
        startDate: m.startDate,
        endDate: m.endDate,
        fieldId: field.actionFieldId,
        fieldTitle: field.title,
        color,
      };
      if (isDated(row)) group.rows.push(row);
      else undated.push(row);
    });
    group.size = group.rows.length;
    if (group.rows.length > 0) groups.push(group);
  });
  const spans: DateSpan[] = groups.flatMap((g) =>
    g.rows.map((r) => ({ start: r.startDate, end: r.endDate })),
  );
  return {
    groups,
    undated,
    timeline: spans.length > 0 ? timelineFor(spans, today) : null,
    datedCount: spans.length,
    total,
  };
}

/** What the bar fills: a finished measure is full whatever its last progress was. */
export const shownProgress = (row: Pick<RoadmapRow, 'status' | 'progress'>): number =>
  row.status === 'done' ? 100 : Math.min(100, Math.max(0, row.progress));

/** The bar's content as one sentence, for screen readers: period, quarters, status, progress, overdue. */
export function barText(row: DatedRow): string {
  return de.roadmap.barText({
    from: germanDay(row.startDate),
    to: germanDay(row.endDate),
    fromQuarter: quarterOf(quarterIndex(row.startDate)).label,
    toQuarter: quarterOf(quarterIndex(row.endDate)).label,
    status: de.roadmap.status[row.status],
    progress: shownProgress(row),
    overdue: row.overdue,
  });
}

/** "Beginn innerhalb von 2 Jahren, ab 01.03.2027" as the PDF's table of undated measures says it. */
export const startText = (row: RoadmapRow): string =>
  de.roadmap.startText(
    row.startWindow ? de.roadmap.startWindow[row.startWindow] : null,
    row.startDate ? germanDay(row.startDate) : null,
    row.endDate ? germanDay(row.endDate) : null,
  );

export const statusText = (row: RoadmapRow): string => {
  const label = de.roadmap.status[row.status];
  return row.status === 'in_progress' ? de.roadmap.statusWithProgress(label, row.progress) : label;
};

export interface ChunkGroup extends RoadmapGroup {
  /** True when the field began in an earlier chunk: its heading says "(Fortsetzung)". */
  continued: boolean;
}

/** Measures per printed landscape page. */
export const PRINT_CHUNK = 25;

/**
 * The groups cut into chunks of at most `size` measures, one printed page each; a field that goes on
 * over a cut appears again in the next chunk with its heading marked as continued.
 */
export function chunkGroups(groups: readonly RoadmapGroup[], size = PRINT_CHUNK): ChunkGroup[][] {
  const chunks: ChunkGroup[][] = [];
  let current: ChunkGroup[] = [];
  let room = size;
  for (const group of groups) {
    let rest = group.rows;
    let continued = false;
    while (rest.length > 0) {
      if (room === 0) {
        chunks.push(current);
        current = [];
        room = size;
      }
      const taken = rest.slice(0, room);
      current.push({ ...group, rows: taken, continued });
      room -= taken.length;
      rest = rest.slice(taken.length);
      continued = true;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
