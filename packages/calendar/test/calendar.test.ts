import { describe, expect, it } from 'vitest';
import { berlinWallTime, buildCalendar, type CalendarEvent, workshopEventUid } from '../src/index.js';

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
    const cancel = buildCalendar([event({ status: 'CANCELLED', sequence: 3 })], { method: 'CANCEL', stamp });
    expect(cancel).toContain('METHOD:CANCEL');
    expect(cancel).toContain('STATUS:CANCELLED');
    expect(cancel).toContain('SEQUENCE:3');
  });

  it('berlinWallTime follows the zone', () => {
    expect(berlinWallTime(new Date('2026-07-01T07:30:00Z'))).toBe('2026-07-01T09:30:00');
    expect(berlinWallTime(new Date('2026-12-01T07:30:00Z'))).toBe('2026-12-01T08:30:00');
  });
});
