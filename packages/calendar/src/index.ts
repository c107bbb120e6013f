/**
 * iCalendar (RFC 5545) for workshops — the one writer behind the API's calendar files and feeds and
 * the e-mail attachments. Times are Europe/Berlin wall time with the zone's VTIMEZONE, which is what
 * Outlook and Thunderbird need to show 09:00 as 09:00 on both sides of a DST change.
 */

export type EventStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

/** A person with an address: the ORGANIZER, or the ATTENDEE a cancellation is for. */
export interface Organizer {
  name: string;
  email: string;
}

export interface CalendarEvent {
  /** Stable per event, so a later file or e-mail replaces the entry instead of adding one. */
  uid: string;
  /** Raised with every change of the event. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  status: EventStatus;
  description?: string | undefined;
  location?: string | undefined;
  url?: string | undefined;
  lastModified?: Date | undefined;
}

interface CommonOptions {
  /** Shown as the calendar's name by clients that subscribe to a feed. */
  name?: string;
  /** DTSTAMP; defaults to now, fixed in tests. */
  stamp?: Date;
}

/**
 * PUBLISH adds or updates entries without asking for a reply; CANCEL removes them (same uid), and
 * RFC 5546 wants its ORGANIZER and a SEQUENCE above the last one sent, or Outlook ignores it.
 */
export type CalendarOptions =
  | (CommonOptions & { method: 'PUBLISH'; organizer?: Organizer | undefined })
  | (CommonOptions & {
      method: 'CANCEL';
      organizer: Organizer;
      /** Whom the cancellation removes the entry for (RFC 5546 lists them in a CANCEL, never in a PUBLISH). */
      attendee?: Organizer | undefined;
    });

/**
 * The UID of a workshop's entry, shared by calendar files, feeds and e-mail attachments. Day 1 of a
 * multi-day workshop keeps the workshop's own UID (so a one-day workshop that gains days updates
 * its entry), the further days get their own.
 */
export const workshopEventUid = (workshopId: string, day = 1): string =>
  day === 1 ? `workshop-${workshopId}@werkstatt` : `workshop-${workshopId}-day${day}@werkstatt`;

/**
 * The one SUMMARY of a workshop entry, the same in e-mail attachments, downloads and feeds: the
 * title; "(vorläufig)" while tentative (a draft, a place on the waitlist); "Abgesagt:" when
 * cancelled; "(Tag 1 von 2)" on each day of a multi-day workshop.
 */
export function workshopSummary(
  title: string,
  status: EventStatus,
  day?: { number: number; of: number },
): string {
  const parts = [
    status === 'CANCELLED' ? `Abgesagt: ${title}` : title,
    ...(day && day.of > 1 ? [`(Tag ${day.number} von ${day.of})`] : []),
    ...(status === 'TENTATIVE' ? ['(vorläufig)'] : []),
  ];
  return parts.join(' ');
}

/** A workshop as the calendar sees it: one or more days, each with its own start and end. */
export interface WorkshopEntry {
  id: string;
  title: string;
  days: { start: Date; end: Date }[];
  location?: string | undefined;
  url?: string | undefined;
  description?: string | undefined;
  lastModified?: Date | undefined;
}

/**
 * The days of a workshop as stored: its own days when it has them (RFC 3339 strings), else the one
 * block from start to end.
 */
export function workshopDays(w: {
  startsAt: Date;
  endsAt: Date;
  days: { startsAt: string; endsAt: string }[] | null;
}): { start: Date; end: Date }[] {
  return w.days && w.days.length > 0
    ? w.days.map((d) => ({ start: new Date(d.startsAt), end: new Date(d.endsAt) }))
    : [{ start: w.startsAt, end: w.endsAt }];
}

/** The entries of a workshop: one VEVENT per day, with the shared UIDs and SUMMARY convention. */
export function workshopEvents(
  w: WorkshopEntry,
  entry: { status: EventStatus; sequence: number },
): CalendarEvent[] {
  return w.days.map((d, i) => ({
    uid: workshopEventUid(w.id, i + 1),
    sequence: entry.sequence,
    start: d.start,
    end: d.end,
    summary: workshopSummary(w.title, entry.status, { number: i + 1, of: w.days.length }),
    status: entry.status,
    description: w.description,
    location: w.location,
    url: w.url,
    lastModified: w.lastModified,
  }));
}

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

function formattedWallTime(d: Date): string {
  const p = Object.fromEntries(wallClock.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

const HOUR_MS = 3_600_000;
// Berlin's offset to UTC by UTC hour. It only changes on a full UTC hour (01:00 UTC on the last
// Sundays of March and October), so one ICU look-up serves the whole hour: a list of 50 workshops
// asks for some 300 wall times, at about 10 µs each through Intl.
const offsetsByHour = new Map<number, number>();

/** The Europe/Berlin wall time of an instant, "2026-03-29T09:00:00". */
export function berlinWallTime(d: Date): string {
  const t = d.getTime();
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    offset = Date.parse(`${formattedWallTime(new Date(hour * HOUR_MS))}Z`) - hour * HOUR_MS;
    if (offsetsByHour.size >= 10_000) offsetsByHour.clear();
    offsetsByHour.set(hour, offset);
  }
  return new Date(t + offset).toISOString().slice(0, 19);
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

// CN is a parameter value: quoted, without the characters a quoted value cannot hold (§3.2).
const person = (property: string, o: Organizer) =>
  `${property};CN="${o.name.replace(/["\r\n]/g, '')}":mailto:${o.email}`;

export function buildCalendar(events: CalendarEvent[], opts: CalendarOptions): string {
  const stamp = utc(opts.stamp ?? new Date());
  const people = [
    ...(opts.organizer ? [person('ORGANIZER', opts.organizer)] : []),
    ...(opts.method === 'CANCEL' && opts.attendee ? [person('ATTENDEE', opts.attendee)] : []),
  ];
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
      ...people,
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
