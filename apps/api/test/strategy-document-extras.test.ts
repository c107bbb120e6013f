import { registrations, scopedDatabase, strategies, workshopMunicipalities, workshops } from '@werkstatt/db';
import { shieldPng } from '@werkstatt/strategy-pdf/fixtures';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let admin: TestUser;
let programAdmin: TestUser;

const url = (path: string) => `/v1/municipalities/${mid}${path}`;
const upload = (body: Buffer | string, contentType: string, token = admin.token) =>
  h.request({
    method: 'PUT',
    url: url('/strategy/logo'),
    token,
    headers: { 'content-type': contentType },
    payload: body,
  });
const storedLogo = async () =>
  (
    await h.owner
      .select({ logo: strategies.logoPng })
      .from(strategies)
      .where(eq(strategies.municipalityId, mid))
  )[0]?.logo ?? null;

const svg = (inner: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="240"${extra}>${inner}</svg>`;
const shield = '<path d="M10 10h180v120q0 90-90 100q-90-10-90-100z" fill="#1f4e8c"/>';

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 2);
  const m = await h.municipality({ name: 'Verbandsgemeinde Eich' });
  mid = m.id;
  admin = await h.user('municipality_admin', mid);
  programAdmin = await h.user('program_admin');
  const res = await putStrategy(
    h,
    admin.token,
    mid,
    strategyBody(program.id, [program.fields[0]!.id], {
      councilMeeting: { body: 'Verbandsgemeinderat Eich', meetingOn: '2026-05-07', agendaItem: 'TOP 3' },
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => h.close());

describe('the coat of arms or logo of a strategy', () => {
  it('is refused (404) while there is none', async () => {
    const res = await h.request({ method: 'GET', url: url('/strategy/logo'), token: admin.token });
    expect(res.statusCode).toBe(404);
  });

  it('takes a PNG and stores it re-encoded, checked by its content', async () => {
    const png = Buffer.from(shieldPng());
    const res = await upload(png, 'image/png');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mediaType: 'image/png', width: 90, height: 110 });
    const got = await h.request({ method: 'GET', url: url('/strategy/logo'), token: admin.token });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(got.rawPayload.equals((await storedLogo())!)).toBe(true);
  });

  it('rasterises a plain SVG to a PNG of at most 600 pixels', async () => {
    const res = await upload(
      svg(shield, ' viewBox="0 0 200 240"').replace('width="200" height="240"', 'width="2000" height="2400"'),
      'image/svg+xml',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mediaType: 'image/png', width: 500, height: 600 });
    expect((await storedLogo())!.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('refuses unsafe SVGs, mislabelled and unreadable files, and writes nothing', async () => {
    const before = await storedLogo();
    const cases: [string | Buffer, string, number, string][] = [
      [svg(`${shield}<script>alert(1)</script>`), 'image/svg+xml', 422, 'logo_unsafe'],
      [svg(shield, ' onload="alert(1)"'), 'image/svg+xml', 422, 'logo_unsafe'],
      [
        svg(`<image href="https://tracker.example.org/x.png" width="10" height="10"/>${shield}`),
        'image/svg+xml',
        422,
        'logo_unsafe',
      ],
      [
        svg(`<rect width="10" height="10" fill="url(https://example.org/p.svg#a)"/>${shield}`),
        'image/svg+xml',
        422,
        'logo_unsafe',
      ],
      [
        `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>${svg(shield).replace(/^<\?xml[^>]*\?>\n/, '')}`,
        'image/svg+xml',
        422,
        'logo_unsafe',
      ],
      [
        svg(`<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>${shield}`),
        'image/svg+xml',
        422,
        'logo_unsafe',
      ],
      [Buffer.from(shieldPng()), 'image/svg+xml', 422, 'logo_type_mismatch'],
      [svg(shield), 'image/png', 422, 'logo_type_mismatch'],
      ['<html><body>kein Bild</body></html>', 'image/png', 422, 'logo_unreadable'],
      [svg(''), 'image/svg+xml', 422, 'logo_unreadable'],
      ['Wappen', 'text/plain', 415, 'media_type'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await upload(body, type);
      expect(res.statusCode, `${type} ${String(body).slice(0, 80)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (status === 422) expect(res.json().code).toBe(code);
    }
    expect((await storedLogo())!.equals(before!)).toBe(true);
  });

  it('refuses a PNG that is too large in bytes (413) or in pixels (422) before decoding it', async () => {
    const before = await storedLogo();
    const big = Buffer.concat([Buffer.from(shieldPng()), Buffer.alloc(600 * 1024)]);
    const tooHeavy = await upload(big, 'image/png');
    expect(tooHeavy.statusCode).toBe(413);
    expect(tooHeavy.headers['content-type']).toContain('application/problem+json');
    const huge = Buffer.from(shieldPng());
    huge.writeUInt32BE(10_000, 16);
    const tooWide = await upload(huge, 'image/png');
    expect(tooWide.statusCode).toBe(422);
    expect(tooWide.json().code).toBe('logo_too_large');
    expect((await storedLogo())!.equals(before!)).toBe(true);
  });

  it('is removed with DELETE, and a second DELETE is 404', async () => {
    const del = await h.request({ method: 'DELETE', url: url('/strategy/logo'), token: admin.token });
    expect(del.statusCode).toBe(204);
    expect(await storedLogo()).toBeNull();
    const again = await h.request({ method: 'DELETE', url: url('/strategy/logo'), token: admin.token });
    expect(again.statusCode).toBe(404);
  });
});

describe('a strategy version', () => {
  it('carries the council meeting, the logo and the story of the workshop', async () => {
    expect((await upload(Buffer.from(shieldPng()), 'image/png')).statusCode).toBe(200);
    const partner = await h.municipality({ name: 'Verbandsgemeinde Alzey-Land' });
    const moderator = await h.user('moderator', null, { name: 'Dr. Katrin Weißmüller' });
    const [workshop] = await h.owner
      .insert(workshops)
      .values({
        programId: program.id,
        municipalityId: mid,
        municipalityIds: [mid, partner.id],
        moderatorIds: [moderator.id],
        title: 'Digital-Werkstatt Eich',
        format: 'onsite',
        // 09:00–16:30 in Berlin.
        startsAt: new Date('2026-03-13T08:00:00Z'),
        endsAt: new Date('2026-03-13T15:30:00Z'),
        venueName: 'Rathaus Eich',
        venueCity: 'Eich',
        capacity: 40,
        status: 'held',
      })
      .returning();
    const wid = workshop!.id;
    await h.owner.insert(workshopMunicipalities).values([
      { workshopId: wid, municipalityId: mid },
      { workshopId: wid, municipalityId: partner.id },
    ]);
    const person = (
      n: number,
      municipalityId: string,
      role: 'politics' | 'administration',
      status: 'attended' | 'confirmed' | 'cancelled',
    ) => ({
      workshopId: wid,
      municipalityId,
      firstName: `Person${n}`,
      lastName: 'Test',
      email: `p${n}@example.org`,
      role,
      status,
    });
    await h.owner.insert(registrations).values([
      person(1, mid, 'politics', 'attended'),
      person(2, mid, 'administration', 'attended'),
      person(3, mid, 'administration', 'attended'),
      // Confirmed but not there on the day, cancelled, and the partner's people do not count.
      person(4, mid, 'politics', 'confirmed'),
      person(5, mid, 'politics', 'cancelled'),
      person(6, partner.id, 'politics', 'attended'),
    ]);

    const byProgramOffice = await h.request({
      method: 'POST',
      url: url('/strategy/versions'),
      token: programAdmin.token,
      payload: { label: 'Ergebnis der Werkstatt' },
    });
    expect(byProgramOffice.statusCode, byProgramOffice.body).toBe(201);
    const s = byProgramOffice.json().snapshot;
    expect(s.strategy.councilMeeting).toEqual({
      body: 'Verbandsgemeinderat Eich',
      meetingOn: '2026-05-07',
      agendaItem: 'TOP 3',
    });
    expect(Buffer.from(s.logo.base64, 'base64').equals((await storedLogo())!)).toBe(true);
    expect(s.workshops).toEqual([
      {
        id: wid,
        title: 'Digital-Werkstatt Eich',
        format: 'onsite',
        startsAt: '2026-03-13T08:00:00.000Z',
        endsAt: '2026-03-13T15:30:00.000Z',
        venueName: 'Rathaus Eich',
        venueCity: 'Eich',
        partnerMunicipalities: ['Verbandsgemeinde Alzey-Land'],
        participants: { politics: 1, administration: 2, citizen: 0, business: 0, other: 0 },
        moderators: ['Dr. Katrin Weißmüller'],
      },
    ]);

    // The municipality reads the partner's name from the public directory, and the moderators' names
    // of its own workshop, though it cannot see program-office users otherwise.
    const byMunicipality = await h.request({
      method: 'POST',
      url: url('/strategy/versions'),
      token: admin.token,
      payload: { label: 'Zweite Fassung' },
    });
    expect(byMunicipality.statusCode, byMunicipality.body).toBe(201);
    expect(byMunicipality.json().snapshot.workshops[0]).toMatchObject({
      partnerMunicipalities: ['Verbandsgemeinde Alzey-Land'],
      participants: { politics: 1, administration: 2 },
      moderators: ['Dr. Katrin Weißmüller'],
    });
    const users = await h.request({ method: 'GET', url: `/v1/users/${moderator.id}`, token: admin.token });
    expect(users.statusCode).toBe(404);
    // Moderators' names are personal data: a key without personal:read reads the version without them.
    const key = await h.apiKey(['municipality:read'], mid);
    const read = await h.request({
      method: 'GET',
      url: url(`/strategy/versions/${byMunicipality.json().id}`),
      token: key.key,
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().snapshot.workshops[0]).toMatchObject({
      moderators: [],
      participants: { politics: 1 },
    });

    // Another municipality learns no names through the function: it cannot see the workshop.
    const other = await h.municipality();
    const names = await scopedDatabase(h.deps.db, { kind: 'tenant', municipalityId: other.id }).transaction(
      (tx) => tx.execute(sql`select * from app_workshop_moderator_names(${wid}::uuid)`),
    );
    expect(names.rows).toEqual([]);
  });
});
