import ICAL from 'ical.js';

export interface ReadEvent {
  uid: string;
  summary: string;
  sequence: number;
  status: unknown;
  start: string;
  end: string;
  organizer: unknown;
  attendees: unknown[];
}

/** An .ics as a calendar program reads it (ical.js): the method and each event's properties. */
export function readCalendar(ics: string): { method: unknown; events: ReadEvent[] } {
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
        attendees: v.getAllProperties('attendee').map((a) => a.getFirstValue()),
      };
    }),
  };
}
