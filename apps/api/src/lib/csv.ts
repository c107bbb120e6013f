/**
 * CSV for German Excel, the one writer every CSV export uses: UTF-8 with BOM, semicolons, CRLF, and
 * no cell Excel would run as a formula.
 */

// Excel (and LibreOffice) start a formula at any of these, including after a leading tab or CR.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell that would start a formula gets a leading apostrophe (OWASP's CSV-injection advice): Excel
 * shows the value as text, so `+49 6351 123` stays readable and `=HYPERLINK(…)` stays inert.
 */
export const neutraliseFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

const quote = (value: string): string => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const csvCell = (value: string): string => quote(neutraliseFormula(value));

/** The whole file, header first; every cell, header included, goes through csvCell. */
export function germanCsv(header: string[], rows: string[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

const berlinClock = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "04.12.2026 18:18" in Berlin wall time: German Excel reads this as a date and time, not text. */
export function germanDateTime(d: Date): string {
  const part = Object.fromEntries(berlinClock.formatToParts(d).map((p) => [p.type, p.value]));
  return `${part.day}.${part.month}.${part.year} ${part.hour}:${part.minute}`;
}
