/** Pure helpers of the workshop domain: Berlin wall time and seat arithmetic. */
import { berlinWallTime } from '@werkstatt/calendar';

export const TIME_ZONE = 'Europe/Berlin';

/** "2026-11-21T09:00:00": the time a participant in Germany reads on the clock. */
export { berlinWallTime };

/** The calendar day in Berlin, "2026-11-21". */
export const berlinDate = (d: Date): string => berlinWallTime(d).slice(0, 10);

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
