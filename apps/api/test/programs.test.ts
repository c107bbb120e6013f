import { auditEvents, programs } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';

let h: Harness;
let admin: TestUser;
let moderator: TestUser;
let municipalityAdmin: TestUser;

const body = (slug: string) => ({
  name: 'Digital-Werkstatt Süd',
  slug,
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  eligibleKinds: ['verbandsgemeinde', 'stadt'],
});

beforeAll(async () => {
  h = await createHarness();
  const m = await h.municipality();
  admin = await h.user('program_admin');
  moderator = await h.user('moderator');
  municipalityAdmin = await h.user('municipality_admin', m.id);
});
afterAll(() => h.close());

describe('programs', () => {
  it('a program admin creates a program with defaults, an ETag, a Location and an audit event', async () => {
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      payload: body('p-create'),
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: 'Digital-Werkstatt Süd',
      maxMunicipalitiesPerWorkshop: 3,
      maxParticipants: 30,
      dotVotesPerField: 3,
    });
    expect(res.headers.location).toBe(`/v1/programs/${created.id}`);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(events).toMatchObject([{ action: 'program.created', actorId: admin.id, before: null }]);
  });

  it('everyone signed in reads programs; only program admins write', async () => {
    for (const u of [moderator, municipalityAdmin]) {
      expect((await h.request({ method: 'GET', url: '/v1/programs', token: u.token })).statusCode).toBe(200);
      const res = await h.request({
        method: 'POST',
        url: '/v1/programs',
        token: u.token,
        payload: body('p-deny'),
      });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await h.owner.select().from(programs).where(eq(programs.slug, 'p-deny'))).toEqual([]);
  });

  it('a duplicate slug is a 409 problem', async () => {
    await h.request({ method: 'POST', url: '/v1/programs', token: admin.token, payload: body('p-dup') });
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      payload: body('p-dup'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'slug_taken', status: 409 });
  });

  it('PATCH with a stale If-Match is 412 and changes nothing; with the current ETag it applies', async () => {
    const created = (
      await h.request({ method: 'POST', url: '/v1/programs', token: admin.token, payload: body('p-etag') })
    ).json();
    const get = await h.request({ method: 'GET', url: `/v1/programs/${created.id}`, token: admin.token });
    const etag = get.headers.etag as string;
    const first = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-match': etag },
      payload: { name: 'Erste Änderung' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${created.id}`,
      token: admin.token,
      headers: { 'if-match': etag },
      payload: { name: 'Verlorene Änderung' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed', current: { name: 'Erste Änderung' } });
    const [row] = await h.owner.select().from(programs).where(eq(programs.id, created.id));
    expect(row!.name).toBe('Erste Änderung');
  });

  it('keeps a contact of the program office: created, read, changed, cleared, and checked', async () => {
    const contact = {
      name: 'Petra Programmbüro',
      email: 'werkstatt@example.org',
      phone: '+49 6131 16-0',
      organisation: 'Entwicklungsagentur Rheinland-Pfalz',
    };
    const res = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      payload: { ...body('p-contact'), contact },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().contact).toEqual(contact);
    const id = res.json().id;
    const read = await h.request({
      method: 'GET',
      url: `/v1/programs/${id}`,
      token: municipalityAdmin.token,
    });
    expect(read.json().contact).toEqual(contact);

    const patch = (payload: object) =>
      h.request({ method: 'PATCH', url: `/v1/programs/${id}`, token: admin.token, payload });
    const changed = await patch({ contact: { name: 'Jörg Weiß', email: 'joerg@example.org' } });
    expect(changed.json().contact).toEqual({
      name: 'Jörg Weiß',
      email: 'joerg@example.org',
      phone: null,
      organisation: null,
    });
    for (const bad of [
      { name: 'X', email: 'keine-adresse' },
      { name: '', email: 'x@example.org' },
      { email: 'x@example.org' },
      { name: 'X', email: 'x@example.org', phone: 'ruf mich an' },
      { name: 'X', email: 'x@example.org', fax: '0' },
    ]) {
      const refused = await patch({ contact: bad });
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const [row] = await h.owner.select().from(programs).where(eq(programs.id, id));
    expect([row!.contactName, row!.contactEmail]).toEqual(['Jörg Weiß', 'joerg@example.org']);

    expect((await patch({ contact: null })).json().contact).toBeNull();
    const [cleared] = await h.owner.select().from(programs).where(eq(programs.id, id));
    expect([cleared!.contactName, cleared!.contactEmail, cleared!.contactPhone]).toEqual([null, null, null]);
    const none = await h.request({
      method: 'POST',
      url: '/v1/programs',
      token: admin.token,
      payload: body('p-no-contact'),
    });
    expect(none.json().contact).toBeNull();
  });
});
