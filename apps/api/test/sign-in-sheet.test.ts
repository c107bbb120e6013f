import { execFileSync } from 'node:child_process';
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

const text = (pdf: Buffer, ...args: string[]) =>
  execFileSync('pdftotext', ['-layout', ...args, '-', '-'], { input: pdf }).toString('utf8');
const pages = (pdf: Buffer) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString())![1]);
const fontsOf = (pdf: Buffer) => execFileSync('pdffonts', ['-'], { input: pdf }).toString();

const sheet = (workshopId: string, token: string) =>
  h.request({ method: 'GET', url: `/v1/workshops/${workshopId}/sign-in-sheet.pdf`, token });

describe('sign-in sheet PDF', () => {
  it('lists confirmed participants by municipality and last name, header and page numbers on every page', async () => {
    const a = await h.municipality({ name: 'Verbandsgemeinde Nassau' });
    const b = await h.municipality({ name: 'Stadt Bad Ems' });
    const ws = await createWorkshop(h, w, [a.id, b.id], {
      capacity: 30,
      title: 'Digital-Werkstatt an der Lahn',
    });
    const add = (n: number, municipalityId: string, lastName: string, role = 'administration') =>
      h.request({
        method: 'POST',
        url: `/v1/workshops/${ws.id}/registrations`,
        token: w.admin.token,
        payload: participant(n, { municipalityId, lastName, role }),
      });
    await add(1, a.id, 'Zöller', 'politics');
    await add(2, a.id, 'Becker', 'citizen');
    await add(3, b.id, 'Weiß', 'business');
    const cancelled = (await add(4, b.id, 'Storniert')).json();
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations/${cancelled.id}/cancel`,
      token: w.admin.token,
    });
    for (let i = 0; i < 26; i++) await add(10 + i, a.id, `Müller-${String(i).padStart(2, '0')}`);

    const res = await sheet(ws.id, w.admin.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fontsOf(pdf)).toMatch(/SourceSans3-Regular.*yes/);
    const all = text(pdf);
    expect(all).toContain('Digital-Werkstatt an der Lahn');
    expect(all).toMatch(/Datum: \w+, \d+\. Januar 2031, 09:00–17:00 Uhr/);
    expect(all).toContain('Ort: Bürgerhaus Nassau, Bahnhofstraße 12, 56377 Nassau');
    expect(all).not.toContain('Storniert');
    // Stadt Bad Ems before Verbandsgemeinde Nassau; within it, Becker … Müller … Zöller.
    const order = [
      'Weiß, Teilnehmerin 3',
      'Becker, Teilnehmerin 2',
      'Müller-00',
      'Müller-25',
      'Zöller, Teilnehmerin 1',
    ].map((s) => all.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(all).toContain('Wirtschaft');
    expect(all).toContain('Politik');
    expect(all).toContain('Bürgerschaft');

    const n = pages(pdf);
    expect(n).toBe(2);
    for (let p = 1; p <= n; p++) {
      const page = text(pdf, '-f', String(p), '-l', String(p));
      expect(page).toContain('Digital-Werkstatt an der Lahn');
      expect(page).toMatch(/Nr\.\s+Name\s+Rolle\s+Unterschrift/);
      expect(page).toContain(`Seite ${p} von ${n}`);
    }
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ws.id), eq(auditEvents.action, 'registrations.exported')));
    expect(audit?.after).toEqual({ format: 'sign-in-sheet', count: 29 });
  });

  it('gives a municipality its own participants only, and refuses other workshops', async () => {
    const a = await h.municipality({ name: 'Verbandsgemeinde Diez' });
    const b = await h.municipality({ name: 'Verbandsgemeinde Aar-Einrich' });
    const ws = await createWorkshop(h, w, [a.id, b.id]);
    for (const [n, m, lastName] of [
      [1, a.id, 'Eigene'],
      [2, b.id, 'Fremde'],
    ] as const) {
      await h.request({
        method: 'POST',
        url: `/v1/workshops/${ws.id}/registrations`,
        token: w.admin.token,
        payload: participant(n, { municipalityId: m, lastName }),
      });
    }
    const viewer = await h.user('municipality_viewer', a.id);
    const own = text((await sheet(ws.id, viewer.token)).rawPayload);
    expect(own).toContain('Eigene, Teilnehmerin 1');
    expect(own).not.toContain('Fremde');
    const outsider = await h.municipality();
    const res = await sheet(ws.id, (await h.user('municipality_admin', outsider.id)).token);
    expect(res.statusCode).toBe(404);
  });

  it('names each municipality in full over its group, sorted by name, and extracts every letter', async () => {
    const wonnegau = await h.municipality({ name: 'Verbandsgemeinde Wonnegau' });
    const schweich = await h.municipality({ name: 'Verbandsgemeinde Schweich an der Römischen Weinstraße' });
    const ws = await createWorkshop(h, w, [wonnegau.id, schweich.id], { capacity: 30 });
    const people = [
      [1, wonnegau.id, 'Yılmaz', 'Ayşe'],
      [2, schweich.id, 'Şahin', 'İlker'],
      [3, wonnegau.id, 'Becker', 'Jörg'],
      [4, schweich.id, 'Ąbel', 'Łucja'],
      [5, wonnegau.id, 'Müller-Lüdenscheidt-Wolfenbüttel von Hohenzollern', 'Maximiliane Friederike'],
    ] as const;
    for (const [n, municipalityId, lastName, firstName] of people) {
      const res = await h.request({
        method: 'POST',
        url: `/v1/workshops/${ws.id}/registrations`,
        token: w.admin.token,
        payload: participant(n, { municipalityId, lastName, firstName }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const pdf = (await sheet(ws.id, w.admin.token)).rawPayload;
    const all = text(pdf);
    // Schweich before Wonnegau; inside each, by last name; nothing cut with an ellipsis.
    const order = [
      'Verbandsgemeinde Schweich an der Römischen Weinstraße',
      'Ąbel, Łucja',
      'Şahin, İlker',
      'Verbandsgemeinde Wonnegau',
      'Becker, Jörg',
      'Müller-Lüdenscheidt-Wolfenbüttel',
      'Yılmaz, Ayşe',
    ].map((s) => all.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(all).not.toContain('…');
    // The long name wraps: the whole of it is on the sheet, in the raw text too.
    expect(text(pdf, '-raw').replace(/\s+/g, ' ')).toContain(
      'Müller-Lüdenscheidt-Wolfenbüttel von Hohenzollern, Maximiliane Friederike',
    );
    for (const mode of [[], ['-raw']]) {
      const extracted = text(pdf, ...mode);
      expect(extracted).toContain('Yılmaz');
      expect(extracted).not.toMatch(/Y\s+lmaz/);
    }
  });

  it('a two-day workshop has both days in the header and a signature column for each', async () => {
    const m = await h.municipality({ name: 'Verbandsgemeinde Eich' });
    const ws = await createWorkshop(h, w, [m.id], {
      startsAt: '2032-03-05T09:00:00+01:00',
      endsAt: '2032-03-06T15:00:00+01:00',
      days: [
        { startsAt: '2032-03-05T09:00:00+01:00', endsAt: '2032-03-05T17:00:00+01:00' },
        { startsAt: '2032-03-06T09:00:00+01:00', endsAt: '2032-03-06T15:00:00+01:00' },
      ],
    });
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: w.admin.token,
      payload: participant(1, { municipalityId: m.id }),
    });
    const all = text((await sheet(ws.id, w.admin.token)).rawPayload);
    expect(all).toContain('Tag 1: Freitag, 5. März 2032, 09:00–17:00 Uhr');
    expect(all).toContain('Tag 2: Samstag, 6. März 2032, 09:00–15:00 Uhr');
    expect(all).toMatch(/Rolle\s+Unterschrift Tag 1\s+Unterschrift Tag 2/);
    expect(all).toMatch(/Fr\., 05\.03\.\s+Sa\., 06\.03\./);
    expect(all).not.toContain('Datum:');
  });
});
