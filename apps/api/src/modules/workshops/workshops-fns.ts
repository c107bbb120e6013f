/** Pure helpers of the workshop domain: Berlin wall time and seat arithmetic. */
import { berlinWallTime, workshopDays } from '@werkstatt/calendar';

export const TIME_ZONE = 'Europe/Berlin';

/** "2026-11-21T09:00:00": the time a participant in Germany reads on the clock. */
export { berlinWallTime };

/**
 * The instant a Berlin wall-clock time stands for ("2026-11-21", "09:00"): the offset is +01:00 in
 * winter and +02:00 in summer. Undefined for a time the clocks skip (02:30 on the last Sunday in March).
 */
export function berlinInstant(date: string, time: string): Date | undefined {
  for (const offset of ['+01:00', '+02:00']) {
    const d = new Date(`${date}T${time}:00${offset}`);
    if (!Number.isNaN(d.getTime()) && berlinWallTime(d) === `${date}T${time}:00`) return d;
  }
  return undefined;
}

/** The calendar day in Berlin, "2026-11-21". */
export const berlinDate = (d: Date): string => berlinWallTime(d).slice(0, 10);

/**
 * Whether a workshop lies outside its program's period (Berlin calendar days, both ends included).
 * An end at midnight belongs to the day before, so a day ending 24:00 on the last day still fits.
 */
export function outsideProgramPeriod(
  program: { startsOn: string; endsOn: string | null },
  startsAt: Date,
  endsAt: Date,
): boolean {
  if (berlinDate(startsAt) < program.startsOn) return true;
  return program.endsOn !== null && berlinDate(new Date(endsAt.getTime() - 1)) > program.endsOn;
}

export const seatsLeft = (capacity: number, confirmed: number): number => Math.max(0, capacity - confirmed);

/** Whether one more participant of a municipality gets a seat now (else the waitlist). */
export function hasSeat(
  workshop: { capacity: number; confirmedCount: number },
  part: { seats: number | null; confirmedCount: number },
): boolean {
  return (
    workshop.confirmedCount < workshop.capacity && (part.seats === null || part.confirmedCount < part.seats)
  );
}

/**
 * Where a workshop's days break its rules: a day outside the workshop's start..end. Order and
 * length of each day are checked with the input; this needs the stored span on an update.
 */
export function dayOutsideWorkshop(
  w: { startsAt: Date; endsAt: Date },
  days: { startsAt: string; endsAt: string }[],
): number | undefined {
  const i = days.findIndex((d) => new Date(d.startsAt) < w.startsAt || new Date(d.endsAt) > w.endsAt);
  return i < 0 ? undefined : i;
}

/** A workshop's days as the API shows them, in UTC and in Berlin wall time. */
export const dayDtos = (w: Parameters<typeof workshopDays>[0]) =>
  workshopDays(w).map((d) => ({
    startsAt: d.start.toISOString(),
    endsAt: d.end.toISOString(),
    startsAtLocal: berlinWallTime(d.start),
    endsAtLocal: berlinWallTime(d.end),
  }));
