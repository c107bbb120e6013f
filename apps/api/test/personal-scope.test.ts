import { strategies } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestKey, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';
import {
  createWorkshop,
  participant,
  type WorkshopWorld,
  workshopWorld,
} from './support/workshop-fixtures.js';

// Personal data behind its own API-key scope, and published strategies readable with public:read.
let h: Harness;
let w: WorkshopWorld;
let program: TestProgram;
let published: { id: string; admin: TestUser };
let hidden: { id: string; admin: TestUser };
let ids: { workshop: string; registration: string; application: string; measure: string; step: string };
const keys = {} as Record<
  'public' | 'read' | 'write' | 'personal' | 'platformRead' | 'platformPersonal',
  TestKey
>;

const get = (url: string, token: string) => h.request({ method: 'GET', url, token });
const post = async (url: string, token: string, payload: object = {}) => {
  const res = await h.request({ method: 'POST', url, token, payload });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res.json() as { id: string };
};

beforeAll(async () => {
  h = await createHarness();
  w = await workshopWorld(h);
  program = await createProgram(h, 2);
  const contact = { contactName: 'Erika Kontakt', contactEmail: 'erika.kontakt@vg.example' };
  const p = await h.municipality(contact);
  const q = await h.municipality(contact);
  published = { id: p.id, admin: await h.user('municipality_admin', p.id, { name: 'Petra Verfasserin' }) };
  hidden = { id: q.id, admin: await h.user('municipality_admin', q.id) };
  const fieldIds = program.fields.map((f) => f.id);
  for (const [m, visibility] of [
    [published, 'public'],
    [hidden, 'private'],
  ] as const) {
    const res = await putStrategy(h, m.admin.token, m.id, strategyBody(program.id, fieldIds, { visibility }));
    expect(res.statusCode, res.body).toBe(201);
  }
  const base = `/v1/municipalities/${published.id}`;
  const measure = await post(`${base}/measures`, published.admin.token, {
    title: 'Glasfaser für alle Ortsteile',
    actionFieldId: fieldIds[0],
  });
  const step = await post(`${base}/measures/${measure.id}/steps`, published.admin.token, {
    title: 'Angebote einholen',
  });
  await post(`${base}/strategy/versions`, published.admin.token, { label: 'Ergebnis der Werkstatt' });
  await post(`/v1/municipalities/${hidden.id}/measures`, hidden.admin.token, {
    title: 'Geheime Maßnahme',
    actionFieldId: fieldIds[0],
  });
  const workshop = await createWorkshop(h, w, [published.id]);
  const registration = await post(
    `/v1/workshops/${workshop.id}/registrations`,
    w.admin.token,
    participant(1),
  );
  const application = await post('/v1/workshop-applications', published.admin.token, {
    programId: w.programId,
    preferredDates: [{ date: '2031-06-02' }],
    expectedParticipants: 20,
    contact: { name: 'Anton Antrag', email: 'anton.antrag@vg.example' },
  });
  ids = {
    workshop: workshop.id,
    registration: registration.id,
    application: application.id,
    measure: measure.id,
    step: step.id,
  };
  keys.public = await h.apiKey(['public:read']);
  keys.read = await h.apiKey(['municipality:read'], published.id);
  keys.write = await h.apiKey(['municipality:read', 'municipality:write'], published.id);
  keys.personal = await h.apiKey(['municipality:read', 'personal:read'], published.id);
  keys.platformRead = await h.apiKey(['municipality:read']);
  keys.platformPersonal = await h.apiKey(['municipality:read', 'personal:read']);
});
afterAll(() => h.close());

describe('personal:read', () => {
  const personalUrls = () => [
    `/v1/workshops/${ids.workshop}/registrations`,
    `/v1/workshops/${ids.workshop}/registrations/${ids.registration}`,
    `/v1/workshops/${ids.workshop}/registrations.csv`,
    `/v1/workshops/${ids.workshop}/sign-in-sheet.pdf`,
    '/v1/workshop-applications',
    `/v1/workshop-applications/${ids.application}`,
  ];

  it('participants and application contacts: municipality keys without it get 403, with it 200', async () => {
    for (const url of personalUrls()) {
      for (const key of [keys.read, keys.write, keys.platformRead]) {
        const res = await get(url, key.key);
        expect(res.statusCode, `${url} ${key.scopes}`).toBe(403);
        expect(res.json().detail).toContain('personal:read');
        expect(res.body).not.toContain('teilnehmerin-1@example.org');
      }
      for (const key of [keys.personal, keys.platformPersonal]) {
        expect((await get(url, key.key)).statusCode, `${url} ${key.scopes}`).toBe(200);
      }
    }
    const list = await get(`/v1/workshops/${ids.workshop}/registrations`, keys.personal.key);
    expect(list.body).toContain('teilnehmerin-1@example.org');
    const cancel = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ids.workshop}/registrations/${ids.registration}/cancel`,
      token: keys.write.key,
    });
    expect(cancel.statusCode).toBe(403);
  });

  it("municipality contacts, peers' contacts and version authors are null for keys without it", async () => {
    const municipality = `/v1/municipalities/${published.id}`;
    for (const key of [keys.public, keys.read, keys.platformRead]) {
      const res = await get(municipality, key.key);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ contactName: null, contactEmail: null, contactPhone: null });
    }
    for (const token of [keys.personal.key, keys.platformPersonal.key, published.admin.token]) {
      expect((await get(municipality, token)).json()).toMatchObject({ contactName: 'Erika Kontakt' });
    }
    const listed = await get('/v1/municipalities?limit=200', keys.platformRead.key);
    expect(listed.body).not.toContain('erika.kontakt@vg.example');

    const peers = `/v1/measures/peers?actionField=${program.fields[0]!.key}`;
    const anonymous = await get(peers, keys.platformRead.key);
    expect(anonymous.json().data.map((m: { id: string }) => m.id)).toContain(ids.measure);
    expect(anonymous.body).not.toContain('erika.kontakt@vg.example');
    expect((await get(peers, keys.platformPersonal.key)).body).toContain('erika.kontakt@vg.example');

    const versions = `${municipality}/strategy/versions`;
    const [withoutAuthor] = (await get(versions, keys.read.key)).json().data;
    expect(withoutAuthor.createdBy).toBeNull();
    const version = await get(`${versions}/${withoutAuthor.id}`, keys.read.key);
    expect(version.json().createdBy).toBeNull();
    expect((await get(versions, keys.personal.key)).json().data[0].createdBy).toBe('Petra Verfasserin');
  });

  it('is granted only when asked for, and never without a municipality scope', async () => {
    const admin = await h.user('program_admin');
    const create = (scopes: string[]) =>
      h.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: admin.token,
        payload: { name: 'Dorf-App', scopes, municipalityId: published.id },
      });
    const everything = await create(['public:read', 'municipality:read', 'municipality:write']);
    expect(everything.statusCode).toBe(201);
    expect(everything.json().scopes).not.toContain('personal:read');
    expect((await get(`/v1/workshops/${ids.workshop}/registrations`, everything.json().key)).statusCode).toBe(
      403,
    );
    for (const scopes of [['personal:read'], ['public:read', 'personal:read']]) {
      const res = await create(scopes);
      expect(res.statusCode, scopes.join()).toBe(400);
      expect(res.json().errors[0].path).toBe('body.scopes');
    }
    const asked = await create(['municipality:read', 'personal:read']);
    expect(asked.statusCode).toBe(201);
    expect(asked.json().scopes).toEqual(['municipality:read', 'personal:read']);
  });
});

describe('a published strategy with public:read', () => {
  const strategyUrls = (m: string) => [
    `/v1/municipalities/${m}/strategy`,
    `/v1/municipalities/${m}/roadmap`,
    `/v1/municipalities/${m}/measures`,
    `/v1/municipalities/${m}/measures/${ids.measure}`,
    `/v1/municipalities/${m}/measures/${ids.measure}/steps`,
    `/v1/municipalities/${m}/measures/${ids.measure}/steps/${ids.step}`,
  ];

  it('is readable with its chosen fields, goals, measures and steps', async () => {
    // Also by a public:read key that a municipality made for itself (bound to the other one).
    const boundPublic = await h.apiKey(['public:read'], hidden.id);
    for (const url of strategyUrls(published.id)) {
      for (const key of [keys.public, boundPublic]) {
        const res = await get(url, key.key);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      }
    }
    const strategy = (await get(strategyUrls(published.id)[0]!, keys.public.key)).json();
    expect(strategy.visibility).toBe('public');
    expect(strategy.fields.map((f: { goal: string }) => f.goal)).toEqual([
      'Ziel 1: schneller, einfacher, näher',
      'Ziel 2: schneller, einfacher, näher',
    ]);
    const roadmap = (await get(strategyUrls(published.id)[1]!, keys.public.key)).json();
    expect(roadmap.fields[0].goal).toBe('Ziel 1: schneller, einfacher, näher');
    const steps = (await get(strategyUrls(published.id)[4]!, keys.public.key)).json();
    expect(steps.data.map((s: { title: string }) => s.title)).toEqual(['Angebote einholen']);
    // What the municipality did not publish stays closed: ideas, versions, participants.
    for (const path of ['ideas', 'strategy/versions']) {
      const res = await get(`/v1/municipalities/${published.id}/${path}`, keys.public.key);
      expect(res.statusCode, path).toBe(403);
    }
  });

  it('a private strategy is missing, also right after it stops being public, and nothing is cached', async () => {
    for (const url of [
      `/v1/municipalities/${hidden.id}/strategy`,
      `/v1/municipalities/${hidden.id}/measures`,
    ]) {
      const res = await get(url, keys.public.key);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Geheime Maßnahme');
    }
    const entries = h.deps.representations.size.entries;
    expect((await get(strategyUrls(published.id)[2]!, keys.public.key)).statusCode).toBe(200);
    expect(h.deps.representations.size.entries).toBe(entries);
    await h.owner
      .update(strategies)
      .set({ visibility: 'private' })
      .where(eq(strategies.municipalityId, published.id));
    try {
      for (const url of strategyUrls(published.id)) {
        const res = await get(url, keys.public.key);
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('Glasfaser');
      }
    } finally {
      await h.owner
        .update(strategies)
        .set({ visibility: 'public' })
        .where(eq(strategies.municipalityId, published.id));
    }
  });
});
