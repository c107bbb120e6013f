import { measures, municipalities, seedDemoData, strategies, strategyVersions } from '@werkstatt/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';

// The demo data a fresh `pnpm dev` shows: each demo municipality with a strategy as after its workshop.
let h: Harness;
let programAdmin: TestUser;

beforeAll(async () => {
  h = await createHarness();
  await seedDemoData(h.owner);
  programAdmin = await h.user('program_admin');
});
afterAll(() => h.close());

const get = async (url: string) => {
  const res = await h.request({ method: 'GET', url, token: programAdmin.token });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

describe('seeded demo strategies', () => {
  it('gives every demo municipality a German post-workshop strategy, and seeding again adds nothing', async () => {
    await seedDemoData(h.owner);
    const rows = await h.owner.select().from(municipalities);
    expect(rows).toHaveLength(7);
    const [n] = await h.owner.select({ n: count() }).from(strategies);
    expect(n!.n).toBe(7);
    const [v] = await h.owner.select({ n: count() }).from(strategyVersions);
    expect(v!.n).toBe(7);

    const visibilities = new Set<string>();
    for (const m of rows) {
      const strategy = await get(`/v1/municipalities/${m.id}/strategy`);
      visibilities.add(strategy.visibility);
      expect(strategy.vision).toMatch(/^# Leitbild/);
      expect(strategy.fields.length).toBeGreaterThanOrEqual(2);
      expect(strategy.fields.length).toBeLessThanOrEqual(3);
      for (const f of strategy.fields) expect(f.goal.length).toBeGreaterThan(20);

      const page = await get(`/v1/municipalities/${m.id}/measures?limit=200`);
      expect(page.data.length).toBeGreaterThanOrEqual(6);
      expect(page.data.length).toBeLessThanOrEqual(12);
      for (const measure of page.data) {
        expect(measure).toMatchObject({
          lead: expect.any(String),
          participants: expect.any(String),
          targetGroup: expect.any(String),
          expectedResult: expect.any(String),
          resources: expect.any(String),
          startWindow: expect.any(String),
          fundingSource: expect.any(String),
        });
        expect(measure.indicators).toHaveLength(1);
        expect(measure.stepsTotal).toBeGreaterThan(0);
      }
      const ideas = await get(`/v1/municipalities/${m.id}/ideas?limit=200`);
      expect(ideas.data.some((i: { votes: number }) => i.votes > 0)).toBe(true);

      const roadmap = await get(`/v1/municipalities/${m.id}/roadmap`);
      expect(roadmap.counts.total).toBe(page.data.length);
    }
    expect(visibilities).toEqual(new Set(['public', 'private']));
    const text = JSON.stringify(await h.owner.select({ t: measures.description }).from(measures));
    expect(text).toMatch(/[äöüß]/);
  });

  it('freezes "Ergebnis der Werkstatt" exactly as the API would: a new version shows no difference', async () => {
    const [m] = await h.owner.select().from(municipalities).where(eq(municipalities.slug, 'vg-wonnegau'));
    const base = `/v1/municipalities/${m!.id}/strategy/versions`;
    const list = await get(base);
    expect(list.data.map((v: { label: string }) => v.label)).toEqual(['Ergebnis der Werkstatt']);
    const first = await get(`${base}/${list.data[0].id}`);
    expect(first.snapshot.measures.length).toBe(10);
    const created = await h.request({
      method: 'POST',
      url: base,
      token: programAdmin.token,
      payload: { label: 'Vergleich' },
    });
    expect(created.statusCode).toBe(201);
    const diff = await get(`${base}/${list.data[0].id}/diff/${created.json().id}`);
    expect(diff.strategy.changes).toEqual([]);
    expect(diff.fields).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.measures).toEqual({ added: [], removed: [], changed: [] });
  });

  it('lets a municipality find the public strategies of the others as peers', async () => {
    const [eisenberg] = await h.owner
      .select()
      .from(municipalities)
      .where(eq(municipalities.slug, 'vg-eisenberg-pfalz'));
    const admin = await h.user('municipality_admin', eisenberg!.id);
    const res = await h.request({
      method: 'GET',
      url: '/v1/measures/peers?actionField=kommunale-verwaltung',
      token: admin.token,
    });
    const names = new Set(
      res.json().data.map((d: { municipality: { name: string } }) => d.municipality.name),
    );
    expect(names).toEqual(new Set(['Verbandsgemeinde Wonnegau', 'Verbandsgemeinde Betzdorf-Gebhardshain']));
    expect(res.json().data[0].municipality.contactEmail).toMatch(/^digitalisierung@vg-.*\.example$/);
  });
});
