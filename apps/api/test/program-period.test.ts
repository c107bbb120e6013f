import { programs, workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { venue } from './support/workshop-fixtures.js';

let h: Harness;
let admin: TestUser;
let seq = 0;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.user('program_admin');
});
afterAll(() => h.close());

async function program(startsOn: string, endsOn: string | null) {
  const [row] = await h.owner
    .insert(programs)
    .values({
      name: 'Digital-Werkstatt',
      slug: `periode-${seq++}`,
      startsOn,
      endsOn,
      eligibleKinds: ['verbandsgemeinde'],
    })
    .returning();
  return row!;
}

const workshopBody = (programId: string, municipalityId: string, startsAt: string, endsAt: string) => ({
  programId,
  title: 'Digital-Werkstatt Wonnegau',
  format: 'onsite',
  startsAt,
  endsAt,
  venue,
  municipalities: [{ municipalityId }],
});

const post = (payload: object) =>
  h.request({ method: 'POST', url: '/v1/workshops', token: admin.token, payload });

const countOf = async (programId: string) =>
  (await h.owner.select().from(workshops).where(eq(workshops.programId, programId))).length;

describe("a workshop lies within its program's period", () => {
  it('refuses a workshop after the program has ended (422) and writes nothing', async () => {
    const ended = await program('2018-01-01', '2021-12-31');
    const m = await h.municipality();
    const res = await post(
      workshopBody(ended.id, m.id, '2027-03-10T09:00:00+01:00', '2027-03-10T17:00:00+01:00'),
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'workshop_outside_program_period',
      status: 422,
      programStartsOn: '2018-01-01',
      programEndsOn: '2021-12-31',
      errors: [{ path: 'body.startsAt' }],
    });
    expect(await countOf(ended.id)).toBe(0);
  });

  it('counts Berlin calendar days: the first and the last day fit, the days around them do not', async () => {
    const p = await program('2030-04-01', '2030-04-30');
    const m = await h.municipality();
    // 00:30 Berlin on 1 April is still 31 March in UTC, and inside the program.
    const firstDay = await post(workshopBody(p.id, m.id, '2030-03-31T22:30:00Z', '2030-04-01T06:00:00Z'));
    expect(firstDay.statusCode, firstDay.body).toBe(201);
    // Ending at midnight belongs to the last day.
    const lastDay = await post(
      workshopBody(p.id, m.id, '2030-04-30T18:00:00+02:00', '2030-05-01T00:00:00+02:00'),
    );
    expect(lastDay.statusCode, lastDay.body).toBe(201);

    const dayBefore = await post(
      workshopBody(p.id, m.id, '2030-03-31T20:00:00+02:00', '2030-03-31T23:00:00+02:00'),
    );
    expect(dayBefore.json().code).toBe('workshop_outside_program_period');
    const dayAfter = await post(
      workshopBody(p.id, m.id, '2030-04-30T20:00:00+02:00', '2030-05-01T00:30:00+02:00'),
    );
    expect(dayAfter.json().code).toBe('workshop_outside_program_period');
    expect(await countOf(p.id)).toBe(2);
  });

  it('refuses moving a workshop out of the period and leaves it where it was', async () => {
    const p = await program('2030-01-01', '2030-12-31');
    const m = await h.municipality();
    const created = await post(
      workshopBody(p.id, m.id, '2030-06-12T09:00:00+02:00', '2030-06-12T17:00:00+02:00'),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/workshops/${id}`,
      token: admin.token,
      headers: { 'if-match': '*' },
      payload: { startsAt: '2031-01-12T09:00:00+01:00', endsAt: '2031-01-12T17:00:00+01:00' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('workshop_outside_program_period');
    const [row] = await h.owner.select().from(workshops).where(eq(workshops.id, id));
    expect(row!.startsAt.toISOString()).toBe('2030-06-12T07:00:00.000Z');

    const inside = await h.request({
      method: 'PATCH',
      url: `/v1/workshops/${id}`,
      token: admin.token,
      headers: { 'if-match': '*' },
      payload: { startsAt: '2030-12-31T09:00:00+01:00', endsAt: '2030-12-31T17:00:00+01:00' },
    });
    expect(inside.statusCode, inside.body).toBe(200);
  });

  it('refuses a program period that leaves a workshop outside (409); cancelled workshops do not count', async () => {
    const p = await program('2030-01-01', null);
    const m = await h.municipality();
    const kept = await post(
      workshopBody(p.id, m.id, '2030-09-01T09:00:00+02:00', '2030-09-01T17:00:00+02:00'),
    );
    const cancelled = await post(
      workshopBody(p.id, m.id, '2030-11-02T09:00:00+01:00', '2030-11-02T17:00:00+01:00'),
    );
    expect(kept.statusCode, kept.body).toBe(201);
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${cancelled.json().id}/cancel`,
      token: admin.token,
      payload: { reason: 'Terminverschiebung' },
    });
    const patchProgram = (payload: object) =>
      h.request({ method: 'PATCH', url: `/v1/programs/${p.id}`, token: admin.token, payload });

    const tooShort = await patchProgram({ endsOn: '2030-08-31' });
    expect(tooShort.statusCode).toBe(409);
    expect(tooShort.json()).toMatchObject({
      code: 'program_period_excludes_workshops',
      workshopIds: [kept.json().id],
    });
    const lateStart = await patchProgram({ startsOn: '2030-09-02' });
    expect(lateStart.json().code).toBe('program_period_excludes_workshops');
    const [row] = await h.owner.select().from(programs).where(eq(programs.id, p.id));
    expect(row).toMatchObject({ startsOn: '2030-01-01', endsOn: null });

    // Ending on the workshop's day keeps it inside; the cancelled one later that year is no obstacle.
    const fits = await patchProgram({ endsOn: '2030-09-01' });
    expect(fits.statusCode, fits.body).toBe(200);
    expect(fits.json().endsOn).toBe('2030-09-01');
  });
});
