import { formatDate, formatTime } from './format';

const timeZone = 'Europe/Berlin';
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });

/** Berlin's offset from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
function berlinOffsetMinutes(at: Date): number {
  const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The instant a Berlin calendar day (`2026-11-21`, as a date input gives it) begins, as an ISO string;
 * `plusDays` moves to a later day, e.g. 1 for the end of the given day.
 */
export function berlinDayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays);
  // Midnight in Berlin is a little before UTC midnight; the offset of that moment decides by how much.
  const guess = new Date(utcMidnight - berlinOffsetMinutes(new Date(utcMidnight)) * 60_000);
  return new Date(utcMidnight - berlinOffsetMinutes(guess) * 60_000).toISOString();
}

/** The Berlin calendar day of an instant, as a date input takes it: `2026-11-21`. */
export function berlinDay(iso: string): string {
  const [d, m, y] = formatDate(iso).split('.');
  return `${y}-${m}-${d}`;
}

/** "21.11.2026 09:00" */
export const formatDateTime = (iso: string): string => `${formatDate(iso)} ${formatTime(iso)}`;

/**
 * A date as people type it, `21.11.2026` (also `21.11.26`, `1.2.2027`), as a calendar day `2026-11-21`;
 * null when it is no real date. Typed text rather than a date input: browsers show the latter in the
 * format of their own language, not necessarily dd.mm.yyyy.
 */
export function parseGermanDay(text: string): string | null {
  const match = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = match[3]?.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `2026-11-21` as `21.11.2026`. */
export const germanDay = (day: string): string => day.split('-').reverse().join('.');
