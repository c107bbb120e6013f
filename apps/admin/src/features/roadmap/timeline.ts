/**
 * The roadmap's time axis: quarters counted as year * 4 + (0..3), as the API and the PDF count them,
 * and calendar days as whole numbers, so every position is plain arithmetic on integers.
 */

/** `2027-05-14` → the index of its quarter (2027 * 4 + 1). */
export const quarterIndex = (day: string): number =>
  Number(day.slice(0, 4)) * 4 + Math.floor((Number(day.slice(5, 7)) - 1) / 3);

/** Days since 1970-01-01 of a calendar day `YYYY-MM-DD` (time zones play no part). */
export const dayNumber = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

/** The first day of a quarter, `YYYY-MM-01`. */
export function quarterStartDay(index: number): string {
  const year = Math.floor(index / 4);
  const month = (index % 4) * 3 + 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

export interface Quarter {
  index: number;
  year: number;
  /** 1 to 4. */
  number: number;
  /** "Q1 2027" */
  label: string;
}

export const quarterOf = (index: number): Quarter => {
  const year = Math.floor(index / 4);
  const number = (index % 4) + 1;
  return { index, year, number, label: `Q${number} ${year}` };
};

export interface Timeline {
  quarters: Quarter[];
  /** The first day shown (start of the first quarter), as a day number. */
  startDay: number;
  /** The day after the last one shown (start of the quarter after the last), as a day number. */
  endDay: number;
}

export interface DateSpan {
  start: string;
  end: string;
}

/**
 * The quarters the roadmap needs: every span from its start to its end quarter, and always the whole
 * current year, so the today line is on the chart even when every measure lies in the future.
 */
export function timelineFor(spans: readonly DateSpan[], today: string): Timeline {
  const year = Number(today.slice(0, 4));
  let first = year * 4;
  let last = year * 4 + 3;
  for (const span of spans) {
    first = Math.min(first, quarterIndex(span.start));
    last = Math.max(last, quarterIndex(span.end));
  }
  const quarters: Quarter[] = [];
  for (let q = first; q <= last; q++) quarters.push(quarterOf(q));
  return {
    quarters,
    startDay: dayNumber(quarterStartDay(first)),
    endDay: dayNumber(quarterStartDay(last + 1)),
  };
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));

/** Where a day lies on the timeline, in percent of its width (from the start of that day). */
export function dayPosition(timeline: Timeline, day: string): number {
  return clamp(((dayNumber(day) - timeline.startDay) / (timeline.endDay - timeline.startDay)) * 100);
}

/** Smallest width a bar gets, in percent, so a one-day measure stays visible. */
export const MIN_BAR_WIDTH = 0.6;

/**
 * A bar's place on the timeline in percent: from the start of its first day to the end of its last
 * day (both inclusive, as the measure's dates are meant).
 */
export function barPosition(timeline: Timeline, span: DateSpan): { left: number; width: number } {
  const total = timeline.endDay - timeline.startDay;
  const left = clamp(((dayNumber(span.start) - timeline.startDay) / total) * 100);
  const right = clamp(((dayNumber(span.end) + 1 - timeline.startDay) / total) * 100);
  const width = Math.max(MIN_BAR_WIDTH, right - left);
  return { left: Math.min(left, 100 - width), width };
}

/** The today line's place in percent, or null when today is outside the timeline. */
export function todayPosition(timeline: Timeline, today: string): number | null {
  const day = dayNumber(today);
  if (day < timeline.startDay || day >= timeline.endDay) return null;
  return ((day - timeline.startDay) / (timeline.endDay - timeline.startDay)) * 100;
}

/** Where today lies inside its own quarter, in percent of that quarter, for the flag over the axis. */
export function todayInQuarter(today: string): { index: number; offset: number } {
  const index = quarterIndex(today);
  const start = dayNumber(quarterStartDay(index));
  const end = dayNumber(quarterStartDay(index + 1));
  return { index, offset: ((dayNumber(today) - start) / (end - start)) * 100 };
}
