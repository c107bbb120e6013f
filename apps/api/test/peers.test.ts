import { measures, strategies } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestKey, type TestUser } from './support/harness.js';
import { createProgram, type TestProgram } from './support/strategy-fixtures.js';

// The peer finder: measures of other municipalities with a public strategy, by field key or text.
let h: Harness;
let p1: TestProgram;
let p2: TestProgram;
const m: Record<'own' | 'pub' | 'priv' | 'other', { id: string; name: string; strategyId: string }> =
  {} as never;
const ids: Record<string, string> = {};
let ownAdmin: TestUser;
let programAdmin: TestUser;
let publicKey: TestKey;
let foreignAdmin: TestUser;

async function tenant(name: string, program: TestProgram, visibility: 'public' | 'private', contact = {}) {
  const row = await h.municipality({ name, ...contact });
  const [s] = await h.owner
    .insert(strategies)
    .values({ municipalityId: row.id, programId: program.id, title: `Digitalstrategie ${name}`, visibility })
    .returning();
  return { id: row.id, name, strategyId: s!.id };
}

async function measure(
  municipalityId: string,
  actionFieldId: string,
  title: string,
  description = '',
  extra: Partial<typeof measures.$inferInsert> = {},
) {
  const [row] = await h.owner
    .insert(measures)
    .values({ municipalityId, actionFieldId, rank: 1, title, description, ...extra })
    .returning();
  return row!.id;
}

beforeAll(async () => {
  h = await createHarness();
  p1 = await createProgram(h, 3);
  p2 = await createProgram(h, 3);
  // createProgram gives both programs the keys feld-1 … feld-3: fields match across programs by key.
  const [wlan1, verwaltung1] = [p1.fields[0]!.id, p1.fields[1]!.id];
  const [wlan2, verwaltung2] = [p2.fields[0]!.id, p2.fields[1]!.id];
  m.own = await tenant('VG Eigenheim', p1, 'public');
  m.pub = await tenant('VG Offenbach-Höhe', p1, 'public', {
    contactName: 'Digitalbüro Offenbach-Höhe',
    contactEmail: 'digital@offenbach-hoehe.example',
    contactPhone: '+49 6301 1234',
  });
  m.priv = await tenant('VG Verschlossen', p1, 'private');
  m.other = await tenant('Stadt Andersprogramm', p2, 'public');
  ids.own = await measure(m.own.id, wlan1, 'Freies WLAN am Dorfplatz', 'Hotspots für Gäste und Vereine');
  ids.pubWlan = await measure(m.pub.id, wlan1, 'Freies WLAN im Bürgerhaus', 'Öffentliche Hotspots', {
    status: 'done',
    progress: 100,
    grantProgram: 'Landesförderprogramm WLAN',
  });
  ids.pubTermin = await measure(
    m.pub.id,
    verwaltung1,
    'Online-Terminvergabe im Bürgerbüro',
    'Für jede Ortsgemeinde',
  );
  ids.pubDeleted = await measure(m.pub.id, wlan1, 'WLAN-Ausbau (verworfen)', '', { deletedAt: new Date() });
  ids.priv = await measure(m.priv.id, wlan1, 'WLAN an allen Schulen', 'Geheim geplant');
  ids.otherWlan = await measure(m.other.id, wlan2, 'Glasfaser für Gewerbegebiete');
  ids.otherBuero = await measure(m.other.id, verwaltung2, 'Bürgerbüro in allen Ortsgemeinden');
  ownAdmin = await h.user('municipality_admin', m.own.id);
  programAdmin = await h.user('program_admin');
  publicKey = await h.apiKey(['public:read']);
  foreignAdmin = await h.user('municipality_admin', m.pub.id);
});
afterAll(() => h.close());

const get = (url: string, token: string) => h.request({ method: 'GET', url, token });
const idsOf = (res: { json(): { data: { id: string }[] } }) => res.json().data.map((d) => d.id);

describe('GET /v1/measures/peers', () => {
  it('finds measures of the same field key in every program, with the municipality and its contact', async () => {
    const res = await get('/v1/measures/peers?actionField=feld-1', ownAdmin.token);
    expect(res.statusCode).toBe(200);
    expect(new Set(idsOf(res))).toEqual(new Set([ids.pubWlan, ids.otherWlan]));
    const wlan = res.json().data.find((d: { id: string }) => d.id === ids.pubWlan);
    expect(wlan).toMatchObject({
      title: 'Freies WLAN im Bürgerhaus',
      actionFieldKey: 'feld-1',
      status: 'done',
      progress: 100,
      grantProgram: 'Landesförderprogramm WLAN',
      matchedBy: ['actionField'],
      score: 1,
      municipality: {
        id: m.pub.id,
        name: 'VG Offenbach-Höhe',
        contactName: 'Digitalbüro Offenbach-Höhe',
        contactEmail: 'digital@offenbach-hoehe.example',
        contactPhone: '+49 6301 1234',
      },
    });
  });

  it('searches German text with stemming, ranking field and text matches first', async () => {
    const res = await get('/v1/measures/peers?q=B%C3%BCrgerb%C3%BCro%20Ortsgemeinden', programAdmin.token);
    expect(res.statusCode).toBe(200);
    // "Ortsgemeinden" finds "Ortsgemeinde" too.
    expect(new Set(idsOf(res))).toEqual(new Set([ids.pubTermin, ids.otherBuero]));

    const both = await get('/v1/measures/peers?actionField=feld-1&q=WLAN', programAdmin.token);
    const data = both.json().data as { id: string; matchedBy: string[]; score: number }[];
    // Own measures count as peers for the program office, which belongs to no municipality.
    // Field and text beat field alone.
    expect(new Set(data.slice(0, 2).map((d) => d.id))).toEqual(new Set([ids.pubWlan, ids.own]));
    expect(data[0]).toMatchObject({ matchedBy: ['actionField', 'text'] });
    expect(data[0]!.score).toBeGreaterThan(1);
    expect(data[2]).toMatchObject({ id: ids.otherWlan, matchedBy: ['actionField'], score: 1 });
  });

  it('never shows private strategies, deleted measures, or the caller’s own municipality', async () => {
    for (const token of [ownAdmin.token, programAdmin.token, publicKey.key]) {
      const res = await get('/v1/measures/peers?actionField=feld-1&q=WLAN%20Schulen%20verworfen', token);
      expect(res.statusCode).toBe(200);
      expect(idsOf(res)).not.toContain(ids.priv);
      expect(idsOf(res)).not.toContain(ids.pubDeleted);
      expect(res.body).not.toContain('VG Verschlossen');
    }
    const own = await get('/v1/measures/peers?actionField=feld-1', ownAdmin.token);
    expect(idsOf(own)).not.toContain(ids.own);
  });

  it('drops a municipality as soon as its strategy becomes private', async () => {
    await h.owner
      .update(strategies)
      .set({ visibility: 'private' })
      .where(eq(strategies.id, m.pub.strategyId));
    try {
      const res = await get('/v1/measures/peers?actionField=feld-1', publicKey.key);
      expect(new Set(idsOf(res))).toEqual(new Set([ids.own, ids.otherWlan]));
      expect(idsOf(res)).not.toContain(ids.pubWlan);
      expect(res.body).not.toContain('Offenbach');
    } finally {
      await h.owner
        .update(strategies)
        .set({ visibility: 'public' })
        .where(eq(strategies.id, m.pub.strategyId));
    }
  });

  it('rejects a search without field and text, and unbounded limits', async () => {
    for (const query of ['', '?limit=5', '?q=WLAN&limit=51', '?actionField=Feld%201', '?q=WLAN&sort=x']) {
      const res = await get(`/v1/measures/peers${query}`, ownAdmin.token);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const limited = await get('/v1/measures/peers?actionField=feld-1&limit=1', programAdmin.token);
    expect(limited.json().data).toHaveLength(1);
  });
});

describe('GET /v1/municipalities/{id}/measures/{measureId}/peers', () => {
  it('finds the same field and similar text elsewhere, best first, never the own municipality', async () => {
    const res = await get(`/v1/municipalities/${m.own.id}/measures/${ids.own}/peers`, ownAdmin.token);
    expect(res.statusCode).toBe(200);
    const data = res.json().data as { id: string; matchedBy: string[]; municipality: { id: string } }[];
    expect(data[0]).toMatchObject({ id: ids.pubWlan, matchedBy: ['actionField', 'text'] });
    expect(new Set(data.map((d) => d.id))).toEqual(new Set([ids.pubWlan, ids.otherWlan]));
    expect(data.every((d) => d.municipality.id !== m.own.id)).toBe(true);
  });

  it('matches by text alone across fields', async () => {
    const res = await get(
      `/v1/municipalities/${m.pub.id}/measures/${ids.pubTermin}/peers`,
      foreignAdmin.token,
    );
    expect(res.statusCode).toBe(200);
    const data = res.json().data as { id: string; matchedBy: string[] }[];
    // Same key feld-2 in the other program, and "Bürgerbüro" in the text: both reasons.
    expect(data.find((d) => d.id === ids.otherBuero)?.matchedBy).toEqual(['actionField', 'text']);
    expect(data.map((d) => d.id)).not.toContain(ids.pubTermin);
  });

  it('is a 404 for another municipality’s measure and for public keys a 403', async () => {
    const foreign = await get(`/v1/municipalities/${m.pub.id}/measures/${ids.pubWlan}/peers`, ownAdmin.token);
    expect(foreign.statusCode).toBe(404);
    const wrongMeasure = await get(
      `/v1/municipalities/${m.own.id}/measures/${ids.pubWlan}/peers`,
      ownAdmin.token,
    );
    expect(wrongMeasure.statusCode).toBe(404);
    expect(wrongMeasure.body).not.toContain('Offenbach');
    const key = await get(`/v1/municipalities/${m.own.id}/measures/${ids.own}/peers`, publicKey.key);
    expect(key.statusCode).toBe(403);
  });
});
