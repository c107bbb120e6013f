import { auditEvents } from '@werkstatt/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import {
  createWorkshop,
  participant,
  type WorkshopWorld,
  workshopWorld,
} from './support/workshop-fixtures.js';

let h: Harness;
let w: WorkshopWorld;

beforeAll(async () => {
  h = await createHarness();
  w = await workshopWorld(h);
});
afterAll(() => h.close());

describe('calendar.ics', () => {
  it('is valid iCalendar in Europe/Berlin wall time with VTIMEZONE, UID and DTSTAMP, across DST', async () => {
    const a = await h.municipality();
    const summer = await createWorkshop(h, w, [a.id], {
      title: 'Werkstatt Süd; Tag 1',
      startsAt: '2031-07-01T07:00:00Z',
      endsAt: '2031-07-01T15:00:00Z',
    });
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${summer.id}/calendar.ics`,
      token: w.admin.token,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = res.body;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
    expect(ics).toContain(`UID:workshop-${summer.id}@werkstatt`);
    expect(ics).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20310701T090000');
    expect(ics).toContain('DTEND;TZID=Europe/Berlin:20310701T170000');
    expect(ics).toContain('SUMMARY:Werkstatt Süd\\; Tag 1');
    expect(ics).toContain('LOCATION:Bürgerhaus Nassau\\, Bahnhofstraße 12\\, 56377 Nassau');
    expect(ics).toContain('STATUS:CONFIRMED');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const winter = await createWorkshop(h, w, [a.id], {
      startsAt: '2031-12-01T08:00:00Z',
      endsAt: '2031-12-01T16:00:00Z',
    });
    const res2 = await h.request({
      method: 'GET',
      url: `/v1/workshops/${winter.id}/calendar.ics`,
      token: w.admin.token,
    });
    expect(res2.body).toContain('DTSTART;TZID=Europe/Berlin:20311201T090000');
    const other = await h.user('municipality_viewer', (await h.municipality()).id);
    expect(
      (await h.request({ method: 'GET', url: `/v1/workshops/${winter.id}/calendar.ics`, token: other.token }))
        .statusCode,
    ).toBe(404);
  });
});

describe('CSV export', () => {
  it('opens in German Excel: BOM, semicolons, German headers and labels, quoted cells; audited', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id, b.id], { capacity: 1 });
    const register = (payload: object) =>
      h.request({
        method: 'POST',
        url: `/v1/workshops/${ws.id}/registrations`,
        token: w.admin.token,
        payload,
      });
    await register(
      participant(1, {
        municipalityId: a.id,
        firstName: 'Jürgen',
        lastName: 'Weißmüller',
        role: 'politics',
        note: 'Rollstuhl; barrierefrei',
      }),
    );
    await register(
      participant(2, { municipalityId: a.id, firstName: 'Änne', lastName: 'Groß', role: 'citizen' }),
    );
    await register(participant(3, { municipalityId: b.id, firstName: 'Bernd', lastName: 'Beta' }));
    const viewerA = await h.user('municipality_viewer', a.id);
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/registrations.csv`,
      token: viewerA.token,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Nachname;Vorname;E-Mail;Rolle;Status;Wartelistenplatz;Anmerkung;Angemeldet am');
    expect(lines[1]).toMatch(
      /^Weißmüller;Jürgen;teilnehmerin-1@example\.org;Politik;Bestätigt;;"Rollstuhl; barrierefrei";/,
    );
    expect(lines[2]).toMatch(/^Groß;Änne;teilnehmerin-2@example\.org;Bürgerschaft;Warteliste;1;;/);
    // Municipality A's export holds A's people only.
    expect(res.body).not.toContain('Beta');
    expect(lines).toHaveLength(4);
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ws.id), eq(auditEvents.action, 'registrations.exported')));
    expect(audit).toMatchObject({ actorId: viewerA.id, municipalityId: a.id });
  });
});
