/**
 * iCalendar (RFC 5545) for workshops — the one writer behind the API's calendar files and feeds and
 * the e-mail attachments. Times are Europe/Berlin wall time with the zone's VTIMEZONE, which is what
 * Outlook and Thunderbird need to show 09:00 as 09:00 on both sides of a DST change.
 */

export interface CalendarEvent {
  /** Stable per event, so a later file or e-mail replaces the entry instead of adding one. */
  uid: string;
  /** Raised with every change of the event. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  description?: string | undefined;
  location?: string | undefined;
  url?: string | undefined;
  lastModified?: Date | undefined;
}

export interface CalendarOptions {
  /** PUBLISH adds or updates entries without asking for a reply; CANCEL removes them (same uid). */
  method: 'PUBLISH' | 'CANCEL';
  /** Shown as the calendar's name by clients that subscribe to a feed. */
  name?: string;
  /** DTSTAMP; defaults to now, fixed in tests. */
  stamp?: Date;
}

/** The UID of a workshop's entry, shared by calendar files, feeds and e-mail attachments. */
export const workshopEventUid = (workshopId: string): string => `workshop-${workshopId}@werkstatt`;

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Europe/Berlin wall time of an instant, "2026-03-29T09:00:00". */
export function berlinWallTime(d: Date): string {
  const p = Object.fromEntries(wallClock.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const utc = (d: Date) => `${d.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
const local = (d: Date) => berlinWallTime(d).replace(/[-:]/g, '');
// TEXT values escape backslash, semicolon, comma and line breaks (§3.3.11).
const text = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

// Lines longer than 75 octets are folded without splitting a UTF-8 character (§3.1).
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function buildCalendar(events: CalendarEvent[], opts: CalendarOptions): string {
  const stamp = utc(opts.stamp ?? new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Werkstatt//Werkstatt//DE',
    'CALSCALE:GREGORIAN',
    `METHOD:${opts.method}`,
    ...(opts.name ? [`X-WR-CALNAME:${text(opts.name)}`, 'X-WR-TIMEZONE:Europe/Berlin'] : []),
    ...VTIMEZONE,
    ...events.flatMap((e) => [
      'BEGIN:VEVENT',
      `UID:${text(e.uid)}`,
      `DTSTAMP:${stamp}`,
      ...(e.lastModified ? [`LAST-MODIFIED:${utc(e.lastModified)}`] : []),
      `SEQUENCE:${e.sequence}`,
      `DTSTART;TZID=Europe/Berlin:${local(e.start)}`,
      `DTEND;TZID=Europe/Berlin:${local(e.end)}`,
      `SUMMARY:${text(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${text(e.description)}`] : []),
      ...(e.location ? [`LOCATION:${text(e.location)}`] : []),
      ...(e.url ? [`URL:${e.url}`] : []),
      `STATUS:${e.status}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
