/** Dates and times as people in Germany read them: dd.mm.yyyy and 24-hour time, always Europe/Berlin. */
const timeZone = 'Europe/Berlin';

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone,
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const shortDateFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone, hour: '2-digit', minute: '2-digit' });

/** "Samstag, 21.11.2026" */
export const formatDayDate = (iso: string): string => dateFormat.format(new Date(iso));
/** "21.11.2026" */
export const formatDate = (iso: string): string => shortDateFormat.format(new Date(iso));
/** "09:00" */
export const formatTime = (iso: string): string => timeFormat.format(new Date(iso));
