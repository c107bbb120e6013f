import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDayDate } from '../../i18n/format';

type PreferredDate = Schema<'WorkshopApplication'>['preferredDates'][number];

/** A calendar day `YYYY-MM-DD` as "Dienstag, 09.03.2032" (noon UTC is the same day in Berlin). */
export const formatCalendarDay = (day: string): string => formatDayDate(`${day}T12:00:00Z`);

/** "Dienstag, 09.03.2032, 10:00–16:00 Uhr", or the day alone when no time window was given. */
export function formatPreferredDate(d: PreferredDate): string {
  const day = formatCalendarDay(d.date);
  return d.from && d.to ? `${day}, ${de.applications.timeWindow(d.from, d.to)}` : day;
}
