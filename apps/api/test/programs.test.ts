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
});
