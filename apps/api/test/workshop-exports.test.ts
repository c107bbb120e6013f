import { auditEvents, registrations } from '@werkstatt/db';
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
    expect(lines[0]).toBe(
      'Nachname;Vorname;E-Mail;Kommune;Rolle;Status;Wartelistenplatz;Anmerkung;Angemeldet am',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^Weißmüller;Jürgen;teilnehmerin-1@example\\.org;${a.name};Politik;Bestätigt;;"Rollstuhl; barrierefrei";\\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^Groß;Änne;teilnehmerin-2@example\\.org;${a.name};Bürgerschaft;Warteliste;1;;`),
    );
    // Municipality A's export holds A's people only.
    expect(res.body).not.toContain('Beta');
    expect(lines).toHaveLength(4);
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ws.id), eq(auditEvents.action, 'registrations.exported')));
    expect(audit).toMatchObject({ actorId: viewerA.id, municipalityId: a.id });
  });

  it('neutralises formula cells planted through an invitation link, keeping the value readable', async () => {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id]);
    const link = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/invitations`,
      token: w.admin.token,
      payload: { municipalityId: m.id },
    });
    expect(link.statusCode, link.body).toBe(201);
    const planted = [
      { firstName: '=HYPERLINK("http://x","y")', lastName: 'Alpha', note: '+49 6351 123' },
      { firstName: 'Bea', lastName: "+cmd|'/C calc'!A0", note: '@SUM(1+1)' },
      { firstName: '-2+3', lastName: 'Gamma', note: '\t=1' },
      { firstName: 'Dora', lastName: 'Delta', note: '\r=1+1' },
    ];
    for (const [i, p] of planted.entries()) {
      const res = await h.request({
        method: 'POST',
        url: `/v1/public/invitations/${link.json().token}/registrations`,
        payload: { ...participant(100 + i, p), consent: true },
      });
      expect(res.statusCode, res.body).toBe(202);
    }
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/registrations.csv`,
      token: w.admin.token,
    });
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    const of = (n: number) => rows.find((r) => r[2] === participant(100 + n).email)!;
    expect(of(0)[1]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(of(0)[7]).toBe("'+49 6351 123");
    expect(of(1)[0]).toBe("'+cmd|'/C calc'!A0");
    expect(of(1)[7]).toBe("'@SUM(1+1)");
    expect(of(2)[1]).toBe("'-2+3");
    expect(of(2)[7]).toBe("'\t=1");
    expect(of(3)[7]).toBe("'\r=1+1");
    expect(of(3)[3]).toBe(m.name);
    // No cell of the file starts a formula, header included.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // The quotes of the formula are doubled inside a quoted cell, as CSV wants them.
    expect(res.body).toContain(`;"'=HYPERLINK(""http://x"",""y"")";`);
  });

  it('writes "Angemeldet am" as dd.mm.yyyy hh:mm in Berlin time, summer and winter', async () => {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id]);
    for (const n of [1, 2]) {
      const res = await h.request({
        method: 'POST',
        url: `/v1/workshops/${ws.id}/registrations`,
        token: w.admin.token,
        payload: participant(200 + n, { municipalityId: m.id }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await h.owner
      .update(registrations)
      .set({ createdAt: new Date('2026-12-04T17:18:59Z') })
      .where(eq(registrations.email, participant(201).email));
    await h.owner
      .update(registrations)
      .set({ createdAt: new Date('2026-07-01T07:05:00Z') })
      .where(eq(registrations.email, participant(202).email));
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/registrations.csv`,
      token: w.admin.token,
    });
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    const at = new Map(rows.map((r) => [r[2], r[8]]));
    expect(at.get(participant(201).email)).toBe('04.12.2026 18:18');
    expect(at.get(participant(202).email)).toBe('01.07.2026 09:05');
    expect(rows.find((r) => r[2] === participant(201).email)?.[3]).toBe(m.name);
  });
});

/** Reads `;`-separated CSV with quoted cells (quotes doubled, CR/LF allowed inside); the header is dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows.slice(1);
}
