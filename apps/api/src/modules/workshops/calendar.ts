import { berlinWallTime } from './workshops-fns.js';

/**
 * iCalendar (RFC 5545) for workshops, in Europe/Berlin wall time with the zone's VTIMEZONE, which is
 * what Outlook and Thunderbird need to show 09:00 as 09:00 on both sides of a DST change.
 */
export interface CalendarWorkshop {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'cancelled' | 'held';
  startsAt: Date;
  endsAt: Date;
  location: string;
  url: string | null;
  sequence: number;
  updatedAt: Date;
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

export function workshopsCalendar(items: CalendarWorkshop[], opts: { name: string; stamp?: Date }): string {
  const stamp = utc(opts.stamp ?? new Date());
  const events = items.flatMap((w) => [
    'BEGIN:VEVENT',
    // The same UID as in the participants' e-mails (apps/worker), so entries replace each other.
    `UID:workshop-${w.id}@werkstatt`,
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${utc(w.updatedAt)}`,
    `SEQUENCE:${w.sequence}`,
    `DTSTART;TZID=Europe/Berlin:${local(w.startsAt)}`,
    `DTEND;TZID=Europe/Berlin:${local(w.endsAt)}`,
    `SUMMARY:${text(w.title)}`,
    ...(w.location ? [`LOCATION:${text(w.location)}`] : []),
    ...(w.url ? [`URL:${w.url}`] : []),
    `STATUS:${w.status === 'cancelled' ? 'CANCELLED' : w.status === 'draft' ? 'TENTATIVE' : 'CONFIRMED'}`,
    'END:VEVENT',
  ]);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Werkstatt//Werkstatt//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(opts.name)}`,
    'X-WR-TIMEZONE:Europe/Berlin',
    ...VTIMEZONE,
    ...events,
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV that German Excel opens as it is: UTF-8 with BOM, semicolons, CRLF. */
export function germanCsv(header: string[], rows: string[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
