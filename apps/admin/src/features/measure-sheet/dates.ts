const berlinDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Germany as an ISO day ("2026-12-05"): due dates and end dates are Berlin days. */
export const berlinToday = (now = new Date()): string => berlinDay.format(now);
