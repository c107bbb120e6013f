/** The month calendar's arithmetic: months as "2027-02", days as "2027-02-10", weeks from Monday. */
import { addDays, berlinInstant } from './berlin-time';

export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** "2027-02" → "2027-03" (offset 1) or "2027-01" (offset −1). */
export function shiftMonth(month: string, offset: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export interface CalendarDay {
  date: string;
  day: number;
  inMonth: boolean;
}

/** Weekday of a date, 0 = Monday … 6 = Sunday. */
const weekdayOf = (date: string): number => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** The weeks (Monday to Sunday) that show a month, with the neighbouring months' days filling them. */
export function monthWeeks(month: string): CalendarDay[][] {
  const first = `${month}-01`;
  const next = `${shiftMonth(month, 1)}-01`;
  const weeks: CalendarDay[][] = [];
  for (let start = addDays(first, -weekdayOf(first)); start < next; start = addDays(start, 7)) {
    weeks.push(
      Array.from({ length: 7 }, (_, i) => {
        const date = addDays(start, i);
        return { date, day: Number(date.slice(8)), inMonth: date.startsWith(month) };
      }),
    );
  }
  return weeks;
}

/** The API's `from`/`to` for a month: from its first midnight in Berlin to the next month's. */
export const monthRange = (month: string): { from: string; to: string } => ({
  from: berlinInstant(`${month}-01`, '00:00') as string,
  to: berlinInstant(`${shiftMonth(month, 1)}-01`, '00:00') as string,
});

/**
 * The workshops of each day, by Berlin date: a workshop of several days appears on each of them, in the
 * order given (the API's, earliest first).
 */
export function workshopsByDay<W extends { days: readonly { startsAtLocal: string }[] }>(
  workshops: readonly W[],
): Map<string, W[]> {
  const byDay = new Map<string, W[]>();
  for (const workshop of workshops) {
    for (const date of new Set(workshop.days.map((d) => d.startsAtLocal.slice(0, 10)))) {
      const list = byDay.get(date) ?? [];
      list.push(workshop);
      byDay.set(date, list);
    }
  }
  return byDay;
}
