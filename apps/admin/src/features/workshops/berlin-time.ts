/**
 * Wall-clock time in Europe/Berlin and the instants it stands for. The form takes a date and a time as
 * a person in Germany reads them and sends RFC 3339 instants; the offset (+01:00 in winter, +02:00 in
 * summer) comes from the browser's time-zone data, whatever zone the browser itself runs in.
 */
const wallFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2027-02-10T09:00": the Berlin wall time of an instant (ISO string or epoch milliseconds). */
export function berlinWallTime(instant: string | number | Date): string {
  const parts = Object.fromEntries(
    wallFormat.formatToParts(new Date(instant)).map((p) => [p.type, p.value] as const),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** "2027-02-10": the Berlin calendar day of an instant. */
export const berlinDate = (instant: string | number | Date): string => berlinWallTime(instant).slice(0, 10);

/** "09:00": the Berlin clock time of an instant. */
export const berlinTime = (instant: string | number | Date): string => berlinWallTime(instant).slice(11, 16);

const wallAsUtc = (wall: string): number => Date.parse(`${wall}:00Z`);

const offsetText = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/**
 * The instant of a Berlin wall time ("2027-02-10", "09:00") as RFC 3339 with its offset, e.g.
 * "2027-02-10T09:00:00+01:00". Undefined for an incomplete input or a time the clocks skip (02:30 on the
 * last Sunday in March); of the twice-occurring hour in October the first (summer time) is taken.
 */
export function berlinInstant(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const wall = `${date}T${time}`;
  const asUtc = wallAsUtc(wall);
  if (Number.isNaN(asUtc)) return undefined;
  // The offset in force near that time; around a change of the clocks one of the two candidates fits.
  const candidates = [asUtc - 3 * 3_600_000, asUtc + 3 * 3_600_000]
    .map((probe) => Math.round((wallAsUtc(berlinWallTime(probe)) - probe) / 60_000))
    .sort((a, b) => b - a);
  for (const offset of candidates) {
    const instant = asUtc - offset * 60_000;
    if (berlinWallTime(instant) === wall) return `${wall}:00${offsetText(offset)}`;
  }
  return undefined;
}

/** Today's date in Berlin, "2027-02-10". */
export const berlinToday = (now: Date = new Date()): string => berlinDate(now);

/** The next calendar day, "2027-02-28" → "2027-03-01" (pure date arithmetic, no time zone). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * "10.02.2027" (also "10.2.2027") → "2027-02-10"; undefined for anything else, including dates that do
 * not exist. Dates are typed as people in Germany write them, whatever language the browser speaks.
 */
export function parseGermanDate(text: string): string | undefined {
  const m = text.trim().match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/** "2027-02-10" → "10.02.2027" */
export const germanDate = (iso: string): string =>
  iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : '';

/** "9:00", "09.00" or "9:00 Uhr" → "09:00" (24-hour clock); undefined for anything else. */
export function parseTime(text: string): string | undefined {
  const m = text.trim().match(/^(\d{1,2})[:.](\d{2})(\s*Uhr)?$/i);
  if (!m) return undefined;
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${m[2]}`;
}
