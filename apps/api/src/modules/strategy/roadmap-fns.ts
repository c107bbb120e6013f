import type { MeasureStatus, StartWindow } from '@werkstatt/db';
import { measureStatuses } from '@werkstatt/db';

/** Quarters are counted as year * 4 + (0..3), so spans are plain integer ranges. */
export const quarterOf = (isoDate: string): number => {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return year * 4 + Math.floor((month - 1) / 3);
};

export const formatQuarter = (quarter: number): string => `${Math.floor(quarter / 4)}-Q${(quarter % 4) + 1}`;

// How many quarters a start window spans, counted from the strategy's reference date:
// at once = within the first year, then within 2 and within 4 years.
export const windowQuarters: Record<StartWindow, number> = {
  immediately: 4,
  within_2_years: 8,
  within_4_years: 16,
};

export interface Span {
  from: string;
  to: string;
  /** True when one end is not a date of the measure but taken from its start window (or missing). */
  estimated: boolean;
}

export interface Schedule {
  startDate: string | null;
  endDate: string | null;
  startWindow: StartWindow | null;
}

/**
 * The quarters a measure covers on the roadmap: from its dates when it has both; otherwise the
 * known date is kept and the rest comes from the start window, counted from `windowsFrom`.
 * A measure with neither dates nor a start window is unscheduled (null).
 */
export function spanOf(m: Schedule, windowsFrom: string): Span | null {
  const base = quarterOf(windowsFrom);
  const windowEnd = m.startWindow ? base + windowQuarters[m.startWindow] - 1 : null;
  let from: number;
  let to: number;
  if (m.startDate && m.endDate) {
    return {
      from: formatQuarter(quarterOf(m.startDate)),
      to: formatQuarter(quarterOf(m.endDate)),
      estimated: false,
    };
  }
  if (m.startDate) {
    from = quarterOf(m.startDate);
    to = from;
  } else if (m.endDate) {
    to = quarterOf(m.endDate);
    from = m.startWindow ? Math.min(base, to) : to;
  } else if (windowEnd !== null) {
    from = base;
    to = windowEnd;
  } else {
    return null;
  }
  return { from: formatQuarter(from), to: formatQuarter(to), estimated: true };
}

export type StatusCounts = Record<MeasureStatus, number> & { total: number };

export const emptyCounts = (): StatusCounts => ({
  ...(Object.fromEntries(measureStatuses.map((s) => [s, 0])) as Record<MeasureStatus, number>),
  total: 0,
});

export function countStatus(counts: StatusCounts, status: MeasureStatus): void {
  counts[status] += 1;
  counts.total += 1;
}

/** The earliest and latest quarter of all spans, for sizing a timeline. */
export function rangeOf(spans: (Span | null)[]): { from: string; to: string } | null {
  const present = spans.filter((s): s is Span => s !== null);
  if (present.length === 0) return null;
  // "YYYY-Qn" sorts correctly as a string for four-digit years.
  const froms = present.map((s) => s.from).sort();
  const tos = present.map((s) => s.to).sort();
  return { from: froms[0]!, to: tos.at(-1)! };
}
