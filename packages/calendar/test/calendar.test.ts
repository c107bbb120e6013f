import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  berlinWallTime,
  buildCalendar,
  type CalendarEvent,
  workshopEvents,
  workshopEventUid,
  workshopSummary,
} from '../src/index.js';

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: workshopEventUid('0190a5f2-0000-7000-8000-000000000001'),
  sequence: 2,
  start: new Date('2026-03-28T08:00:00Z'),
  end: new Date('2026-03-28T16:00:00Z'),
  summary: 'Digital-Werkstatt: Verbandsgemeinde Südliche Weinstraße, Stadt Zweibrücken; Landau',
  status: 'CONFIRMED',
  location: 'Rathaus, Großer Sitzungssaal',
  description: 'Ganztägige Werkstatt.\nBitte bringen Sie Ideen mit.',
  ...over,
});
const stamp = new Date('2026-01-02T10:00:00Z');

describe('buildCalendar', () => {
  it('writes Berlin wall time with TZID and the VTIMEZONE, on both sides of the DST change', () => {
    const winter = buildCalendar([event()], { method: 'PUBLISH', stamp }).split('\r\n');
    expect(winter).toContain('DTSTART;TZID=Europe/Berlin:20260328T090000');
    expect(winter).toContain('DTEND;TZID=Europe/Berlin:20260328T170000');
    const summer = buildCalendar(
      [event({ start: new Date('2026-03-30T07:00:00Z'), end: new Date('2026-03-30T15:00:00Z') })],
      { method: 'PUBLISH', stamp },
    ).split('\r\n');
    expect(summer).toContain('DTSTART;TZID=Europe/Berlin:20260330T090000');
    for (const lines of [winter, summer]) {
      expect(lines).toEqual(
        expect.arrayContaining(['BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', 'END:VTIMEZONE']),
      );
      expect(lines).toContain('DTSTAMP:20260102T100000Z');
      expect(lines).toContain('UID:workshop-0190a5f2-0000-7000-8000-000000000001@werkstatt');
    }
  });

  it('escapes text, folds long lines at 75 octets without splitting umlauts, ends lines with CRLF', () => {
    const ics = buildCalendar([event()], { method: 'PUBLISH', stamp });
    const lines = ics.split('\r\n');
    expect(lines).toContain('LOCATION:Rathaus\\, Großer Sitzungssaal');
    expect(lines).toContain('DESCRIPTION:Ganztägige Werkstatt.\\nBitte bringen Sie Ideen mit.');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n /g, '')).toContain(
      'SUMMARY:Digital-Werkstatt: Verbandsgemeinde Südliche Weinstraße\\, Stadt Zweibrücken\\; Landau',
    );
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('a feed carries a name and many events; a cancellation carries CANCEL and CANCELLED', () => {
    const feed = buildCalendar([event(), event({ uid: 'b', status: 'TENTATIVE' })], {
      method: 'PUBLISH',
      name: 'Werkstätten der VG Eich',
      stamp,
    });
    expect(feed.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(feed).toContain('X-WR-CALNAME:Werkstätten der VG Eich');
    const cancel = buildCalendar([event({ status: 'CANCELLED', sequence: 3 })], {
      method: 'CANCEL',
      organizer: { name: 'Digital-Werkstatt', email: 'werkstatt@example.org' },
      attendee: { name: 'Ayşe Yılmaz', email: 'ayse@example.org' },
      stamp,
    });
    expect(cancel).toContain('METHOD:CANCEL');
    expect(cancel).toContain('STATUS:CANCELLED');
    expect(cancel).toContain('SEQUENCE:3');
    expect(cancel).toContain('ORGANIZER;CN="Digital-Werkstatt":mailto:werkstatt@example.org');
    expect(cancel).toContain('ATTENDEE;CN="Ayşe Yılmaz":mailto:ayse@example.org');
  });

  it('berlinWallTime follows the zone', () => {
    expect(berlinWallTime(new Date('2026-07-01T07:30:00Z'))).toBe('2026-07-01T09:30:00');
    expect(berlinWallTime(new Date('2026-12-01T07:30:00Z'))).toBe('2026-12-01T08:30:00');
  });

  it('berlinWallTime agrees with Intl at every step across ten years and on both sides of each change', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Berlin',
      dateStyle: 'short',
      timeStyle: 'medium',
    });
    const reference = (d: Date) => intl.format(d).replace(' ', 'T');
    const differing: string[] = [];
    const check = (t: number) => {
      const d = new Date(t);
      if (berlinWallTime(d) !== reference(d)) differing.push(d.toISOString());
    };
    // 3 h 7 min 13.7 s steps: each lands 433.7 s further into the hour, so every minute of the hour
    // comes round, across ten years (28,000 checks; Intl takes 10–20 µs each).
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += 11_233_700) check(t);
    // Around every change (the last Sundays of March and October, 01:00 UTC): every 61.7 s from two
    // hours before to two hours after, and a millisecond either side.
    const lastSunday = (year: number, month: number) => {
      const last = new Date(Date.UTC(year, month + 1, 0, 1));
      return last.getTime() - last.getUTCDay() * 86_400_000;
    };
    for (let year = 2020; year < 2030; year++) {
      for (const change of [lastSunday(year, 2), lastSunday(year, 9)]) {
        for (let t = change - 7_200_000; t <= change + 7_200_000; t += 61_700) check(t);
        for (const t of [change - 1, change, change + 1]) check(t);
      }
    }
    expect(berlinWallTime(new Date(Date.UTC(2026, 2, 29, 0, 59, 59)))).toBe('2026-03-29T01:59:59');
    expect(berlinWallTime(new Date(Date.UTC(2026, 2, 29, 1)))).toBe('2026-03-29T03:00:00');
    expect(berlinWallTime(new Date(Date.UTC(2026, 9, 25, 0, 59, 59)))).toBe('2026-10-25T02:59:59');
    expect(berlinWallTime(new Date(Date.UTC(2026, 9, 25, 1)))).toBe('2026-10-25T02:00:00');
    expect(differing).toEqual([]);
    // About 33,000 Intl calls: on a busy CI machine more than vitest's default 5 s.
  }, 30_000);
});

/** What a calendar program reads from a file: the method and each event's properties. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return {
    method: calendar.getFirstPropertyValue('method'),
    events: calendar.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid,
        summary: e.summary,
        sequence: e.sequence,
        status: v.getFirstPropertyValue('status'),
        start: e.startDate.toJSDate().toISOString(),
        end: e.endDate.toJSDate().toISOString(),
        organizer: v.getFirstPropertyValue('organizer'),
        organizerName: v.getFirstProperty('organizer')?.getParameter('cn'),
      };
    }),
  };
}

describe('workshop entries, read back with ical.js', () => {
  const id = '0190a5f2-0000-7000-8000-000000000002';
  const twoDays = {
    id,
    title: 'Netzwerktreffen Digitale Dörfer',
    days: [
      { start: new Date('2026-11-20T08:00:00Z'), end: new Date('2026-11-20T16:00:00Z') },
      { start: new Date('2026-11-21T08:00:00Z'), end: new Date('2026-11-21T14:00:00Z') },
    ],
    location: 'Bürgerhaus Maikammer',
  };
  const organizer = { name: 'Digital-Werkstatt "Süd"', email: 'werkstatt@example.org' };

  it('one event per day, each with its own times and UID, the first keeping the workshop UID', () => {
    const ics = buildCalendar(workshopEvents(twoDays, { status: 'CONFIRMED', sequence: 4 }), {
      method: 'PUBLISH',
      stamp,
    });
    const { method, events } = parse(ics);
    expect(method).toBe('PUBLISH');
    expect(events).toEqual([
      expect.objectContaining({
        uid: workshopEventUid(id),
        summary: 'Netzwerktreffen Digitale Dörfer (Tag 1 von 2)',
        sequence: 4,
        status: 'CONFIRMED',
        start: '2026-11-20T08:00:00.000Z',
        end: '2026-11-20T16:00:00.000Z',
      }),
      expect.objectContaining({
        uid: `workshop-${id}-day2@werkstatt`,
        summary: 'Netzwerktreffen Digitale Dörfer (Tag 2 von 2)',
        start: '2026-11-21T08:00:00.000Z',
        end: '2026-11-21T14:00:00.000Z',
      }),
    ]);
  });

  it('a tentative entry says so; a cancellation carries ORGANIZER, SEQUENCE and CANCELLED on every day', () => {
    const tentative = parse(
      buildCalendar(workshopEvents(twoDays, { status: 'TENTATIVE', sequence: 0 }), {
        method: 'PUBLISH',
        organizer,
        stamp,
      }),
    );
    expect(tentative.events.map((e) => [e.status, e.summary])).toEqual([
      ['TENTATIVE', 'Netzwerktreffen Digitale Dörfer (Tag 1 von 2) (vorläufig)'],
      ['TENTATIVE', 'Netzwerktreffen Digitale Dörfer (Tag 2 von 2) (vorläufig)'],
    ]);
    const cancel = parse(
      buildCalendar(workshopEvents(twoDays, { status: 'CANCELLED', sequence: 5 }), {
        method: 'CANCEL',
        organizer,
        stamp,
      }),
    );
    expect(cancel.method).toBe('CANCEL');
    for (const e of cancel.events) {
      expect(e).toMatchObject({
        status: 'CANCELLED',
        sequence: 5,
        organizer: 'mailto:werkstatt@example.org',
        organizerName: 'Digital-Werkstatt Süd',
      });
      expect(e.summary).toMatch(/^Abgesagt: Netzwerktreffen Digitale Dörfer \(Tag \d von 2\)$/);
    }
  });

  it('one day keeps the plain title', () => {
    expect(workshopSummary('Werkstatt Eich', 'CONFIRMED', { number: 1, of: 1 })).toBe('Werkstatt Eich');
    expect(workshopSummary('Werkstatt Eich', 'TENTATIVE')).toBe('Werkstatt Eich (vorläufig)');
    expect(workshopSummary('Werkstatt Eich', 'CANCELLED')).toBe('Abgesagt: Werkstatt Eich');
  });
});
