import { auditEvents, outbox, workshops } from '@werkstatt/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import {
  createWorkshop,
  freshDay,
  venue,
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

const post = (payload: object, token = w.admin.token) =>
  h.request({ method: 'POST', url: '/v1/workshops', token, payload });

const patch = (id: string, payload: object, token = w.admin.token, headers = { 'if-match': '*' }) =>
  h.request({ method: 'PATCH', url: `/v1/workshops/${id}`, token, payload, headers });

const base = (municipalityIds: string[], extra: object = {}) => ({
  programId: w.programId,
  title: 'Digital-Werkstatt Rhein-Lahn',
  format: 'onsite',
  ...freshDay(),
  venue,
  municipalities: municipalityIds.map((municipalityId) => ({ municipalityId })),
  ...extra,
});

describe('creating workshops', () => {
  it('stores every field and answers with Berlin wall time, program defaults and derived counts', async () => {
    const a = await h.municipality();
    const b = await h.municipality({ kind: 'stadt' });
    const moderator = await h.user('moderator');
    const res = await post({
      ...base([a.id, b.id]),
      startsAt: '2031-06-12T07:00:00Z',
      endsAt: '2031-06-12T15:00:00Z',
      municipalities: [{ municipalityId: a.id, seats: 12 }, { municipalityId: b.id }],
      hostMunicipalityId: b.id,
      moderatorIds: [moderator.id],
      registrationOpensAt: '2031-05-01T00:00:00+02:00',
      registrationClosesAt: '2031-06-05T23:59:00+02:00',
      notes: 'Beamer mitbringen',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      programId: w.programId,
      format: 'onsite',
      startsAt: '2031-06-12T07:00:00.000Z',
      startsAtLocal: '2031-06-12T09:00:00',
      endsAtLocal: '2031-06-12T17:00:00',
      timeZone: 'Europe/Berlin',
      venue,
      onlineUrl: null,
      hostMunicipalityId: b.id,
      municipalityIds: [b.id, a.id],
      moderatorIds: [moderator.id],
      capacity: 30,
      status: 'draft',
      registrationOpensAt: '2031-04-30T22:00:00.000Z',
      notes: 'Beamer mitbringen',
      confirmedCount: 0,
      waitlistCount: 0,
      seatsLeft: 30,
    });
    expect(body.seatsPerMunicipality).toEqual([
      { municipalityId: b.id, seats: null, confirmedCount: 0 },
      { municipalityId: a.id, seats: 12, confirmedCount: 0 },
    ]);
    expect(res.headers.location).toBe(`/v1/workshops/${body.id}`);
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, body.id), eq(auditEvents.action, 'workshop.created')));
    expect(audit?.municipalityId).toBe(b.id);
  });

  it('creates online workshops with a meeting URL', async () => {
    const a = await h.municipality();
    const res = await post({
      ...base([a.id]),
      format: 'online',
      venue: undefined,
      onlineUrl: 'https://meet.example.org/werkstatt',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      format: 'online',
      venue: null,
      onlineUrl: 'https://meet.example.org/werkstatt',
    });
  });

  it('refuses what breaks a rule, each with its own code, and writes nothing', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const c = await h.municipality();
    const d = await h.municipality();
    const county = await h.municipality({ kind: 'landkreis' });
    const cases: [object, number, string][] = [
      [{ ...base([a.id]), venue: undefined }, 422, 'venue_required'],
      [{ ...base([a.id]), format: 'online', venue: undefined }, 422, 'online_url_required'],
      [base([a.id, b.id, c.id, d.id]), 422, 'too_many_municipalities'],
      [base([a.id, county.id]), 422, 'municipality_not_eligible'],
      [base([a.id, '0190f1c2-7a1b-7cde-8f00-123456789abc']), 422, 'unknown_municipality'],
      [{ ...base([a.id]), capacity: 31 }, 422, 'capacity_exceeds_program'],
      [{ ...base([a.id]), hostMunicipalityId: b.id }, 422, 'host_not_participating'],
      [
        { ...base([a.id]), municipalities: [{ municipalityId: a.id, seats: 40 }], capacity: 30 },
        422,
        'seats_exceed_capacity',
      ],
      [{ ...base([a.id]), moderatorIds: [w.admin.id, a.id] }, 422, 'unknown_moderator'],
      [{ ...base([a.id]), programId: a.id }, 422, 'unknown_program'],
      [base([a.id, a.id]), 400, 'validation_failed'],
      [{ ...base([]) }, 400, 'validation_failed'],
      [
        { ...base([a.id]), endsAt: '2031-01-01T08:00:00+01:00', startsAt: '2031-01-01T09:00:00+01:00' },
        400,
        'validation_failed',
      ],
      [{ ...base([a.id]), onlineUrl: 'http://unsafe.example.org' }, 400, 'validation_failed'],
      [{ ...base([a.id]), unknown: 1 }, 400, 'validation_failed'],
    ];
    const before = (await h.owner.select().from(workshops)).length;
    for (const [payload, status, code] of cases) {
      const res = await post(payload);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect((await h.owner.select().from(workshops)).length).toBe(before);
  });

  it('refuses to book a municipality or a moderator into two overlapping workshops (409)', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const moderator = await h.user('moderator');
    const day = freshDay();
    const first = await createWorkshop(h, w, [a.id], { ...day, moderatorIds: [moderator.id] });

    const sameMunicipality = await post({
      ...base([b.id, a.id]),
      ...day,
      startsAt: day.startsAt.replace('09:00', '13:00'),
    });
    expect(sameMunicipality.statusCode).toBe(409);
    expect(sameMunicipality.json()).toMatchObject({
      code: 'municipality_double_booked',
      municipalityId: a.id,
      workshopId: first.id,
    });

    const sameModerator = await post({ ...base([b.id]), ...day, moderatorIds: [moderator.id] });
    expect(sameModerator.statusCode).toBe(409);
    expect(sameModerator.json().code).toBe('moderator_double_booked');

    // Back to back is fine, and a cancelled workshop frees the slot.
    const after = await post({
      ...base([a.id]),
      startsAt: day.endsAt,
      endsAt: day.endsAt.replace('17:00', '20:00'),
    });
    expect(after.statusCode, after.body).toBe(201);
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${first.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Krankheit' },
    });
    const again = await post({ ...base([a.id]), ...day, moderatorIds: [moderator.id] });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('only program admins create workshops', async () => {
    const a = await h.municipality();
    for (const user of [await h.user('moderator'), await h.user('municipality_admin', a.id)]) {
      const res = await post(base([a.id]), user.token);
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('updating workshops', () => {
  it('needs If-Match and applies partial changes', async () => {
    const a = await h.municipality();
    const created = await createWorkshop(h, w, [a.id]);
    const missing = await patch(created.id, { title: 'Neu' }, w.admin.token, {} as never);
    expect(missing.statusCode).toBe(428);
    const stale = await patch(created.id, { title: 'Neu' }, w.admin.token, { 'if-match': '"stale"' });
    expect(stale.statusCode).toBe(412);
    const current = await h.request({
      method: 'GET',
      url: `/v1/workshops/${created.id}`,
      token: w.admin.token,
    });
    const res = await patch(created.id, { title: 'Werkstatt Süd', capacity: 25 }, w.admin.token, {
      'if-match': current.headers.etag as string,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Werkstatt Süd', capacity: 25, seatsLeft: 25 });
  });

  it('keeps cancelled and held workshops read-only except their notes', async () => {
    const a = await h.municipality();
    const created = await createWorkshop(h, w, [a.id]);
    const cancel = await h.request({
      method: 'POST',
      url: `/v1/workshops/${created.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Zu wenige Anmeldungen' },
    });
    expect(cancel.json()).toMatchObject({ status: 'cancelled', cancellationReason: 'Zu wenige Anmeldungen' });
    const edit = await patch(created.id, { title: 'Trotzdem' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('workshop_locked');
    const notes = await patch(created.id, { notes: 'Nachholtermin im Frühjahr' });
    expect(notes.statusCode, notes.body).toBe(200);
    const twice = await h.request({
      method: 'POST',
      url: `/v1/workshops/${created.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Nochmal' },
    });
    expect(twice.json().code).toBe('workshop_cancelled');

    const held = await createWorkshop(h, w, [a.id]);
    expect((await patch(held.id, { status: 'held' })).statusCode).toBe(200);
    expect((await patch(held.id, { capacity: 20 })).json().code).toBe('workshop_locked');
  });

  it('checks overlaps again when rescheduling, ignoring the workshop itself', async () => {
    const a = await h.municipality();
    const first = await createWorkshop(h, w, [a.id]);
    const second = await createWorkshop(h, w, [a.id]);
    const moved = await patch(second.id, {
      startsAt: first.startsAt as string,
      endsAt: first.endsAt as string,
    });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().code).toBe('municipality_double_booked');
    const shifted = await patch(first.id, {
      endsAt: (first.endsAt as string).replace('16:00:00.000Z', '17:00:00.000Z'),
    });
    expect(shifted.statusCode, shifted.body).toBe(200);
  });
});

describe('who sees and changes which workshop', () => {
  it('moderators reach only their workshops and may change only the practical details', async () => {
    const a = await h.municipality();
    const mine = await h.user('moderator');
    const other = await h.user('moderator');
    const created = await createWorkshop(h, w, [a.id], { moderatorIds: [mine.id] });
    const url = `/v1/workshops/${created.id}`;
    expect((await h.request({ method: 'GET', url, token: mine.token })).statusCode).toBe(200);
    expect((await h.request({ method: 'GET', url, token: other.token })).statusCode).toBe(404);
    const list = await h.request({ method: 'GET', url: '/v1/workshops', token: other.token });
    expect(list.json().data.map((x: { id: string }) => x.id)).not.toContain(created.id);

    expect((await patch(created.id, { notes: 'Raum 2' }, mine.token)).statusCode).toBe(200);
    expect((await patch(created.id, { capacity: 10 }, mine.token)).statusCode).toBe(403);
    expect((await patch(created.id, { notes: 'x' }, other.token)).statusCode).toBe(404);
    expect((await patch(created.id, { status: 'held' }, mine.token)).json().status).toBe('held');
  });

  it('a municipality sees the workshops it takes part in, and only its own quota', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const c = await h.municipality();
    const shared = await createWorkshop(h, w, [a.id, b.id], {
      municipalities: [
        { municipalityId: a.id, seats: 10 },
        { municipalityId: b.id, seats: 20 },
      ],
    });
    const onlyC = await createWorkshop(h, w, [c.id]);
    const viewerA = await h.user('municipality_viewer', a.id);
    const list = await h.request({ method: 'GET', url: '/v1/workshops?limit=200', token: viewerA.token });
    const ids = list.json().data.map((x: { id: string }) => x.id);
    expect(ids).toContain(shared.id);
    expect(ids).not.toContain(onlyC.id);
    const one = await h.request({ method: 'GET', url: `/v1/workshops/${shared.id}`, token: viewerA.token });
    expect(one.json().seatsPerMunicipality).toEqual([{ municipalityId: a.id, seats: 10, confirmedCount: 0 }]);
    expect(one.json().municipalityIds).toEqual([a.id, b.id]);
    const foreign = await h.request({
      method: 'GET',
      url: `/v1/workshops/${onlyC.id}`,
      token: viewerA.token,
    });
    expect(foreign.statusCode).toBe(404);
    const edit = await patch(shared.id, { notes: 'x' }, (await h.user('municipality_admin', a.id)).token);
    expect([403, 404]).toContain(edit.statusCode);
  });

  it('filters by date range, status, municipality, program and moderator', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const moderator = await h.user('moderator');
    const early = await createWorkshop(h, w, [a.id], {
      startsAt: '2032-03-02T09:00:00+01:00',
      endsAt: '2032-03-02T17:00:00+01:00',
    });
    const late = await createWorkshop(h, w, [a.id, b.id], {
      startsAt: '2032-09-02T09:00:00+02:00',
      endsAt: '2032-09-02T17:00:00+02:00',
      moderatorIds: [moderator.id],
      status: 'draft',
    });
    const ids = async (query: string) =>
      (await h.request({ method: 'GET', url: `/v1/workshops?limit=200&${query}`, token: w.admin.token }))
        .json()
        .data.map((x: { id: string }) => x.id);
    expect(await ids(`municipalityId=${a.id}`)).toEqual([early.id, late.id]);
    expect(await ids(`municipalityId=${b.id}`)).toEqual([late.id]);
    expect(await ids(`municipalityId=${a.id}&status=draft`)).toEqual([late.id]);
    expect(await ids(`municipalityId=${a.id}&from=2032-06-01T00:00:00Z`)).toEqual([late.id]);
    expect(await ids(`municipalityId=${a.id}&to=2032-06-01T00:00:00Z`)).toEqual([early.id]);
    expect(await ids(`moderatorId=${moderator.id}`)).toEqual([late.id]);
    expect(await ids(`programId=${w.programId}&municipalityId=${a.id}`)).toEqual([early.id, late.id]);
    expect(await ids(`programId=${b.id}`)).toEqual([]);
  });
});

describe('telling participants about changes', () => {
  it('queues "changed" for a new date of a published workshop and "cancelled" with the cancellation, in the same transaction', async () => {
    const a = await h.municipality();
    const created = await createWorkshop(h, w, [a.id]);
    const jobs = async () =>
      (await h.owner.select().from(outbox))
        .filter((o) => (o.payload as { workshopId?: string }).workshopId === created.id)
        .map((o) => o.jobName);
    expect((await patch(created.id, { notes: 'Kaffee ab 8:30 Uhr' })).statusCode).toBe(200);
    expect(await jobs()).toEqual([]);
    const moved = await patch(created.id, {
      startsAt: (created.startsAt as string).replace('08:00', '09:00'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await jobs()).toEqual(['workshop.changed']);
    const [row] = await h.owner.select().from(workshops).where(eq(workshops.id, created.id));
    expect(row?.calendarSequence).toBe(1);
    // A refused change queues nothing.
    expect((await patch(created.id, { capacity: 99 })).statusCode).toBe(422);
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${created.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Unwetterwarnung' },
    });
    expect(await jobs()).toEqual(['workshop.changed', 'workshop.cancelled']);
  });
});

describe('telling moderators', () => {
  it('queues one mail per newly assigned moderator, and the cancellation of a draft for its moderators', async () => {
    const a = await h.municipality();
    const first = await h.user('moderator');
    const second = await h.user('moderator');
    const created = await createWorkshop(h, w, [a.id], { status: 'draft', moderatorIds: [first.id] });
    const jobs = async () =>
      (await h.owner.select().from(outbox))
        .filter((o) => (o.payload as { workshopId?: string }).workshopId === created.id)
        .map((o) => [o.jobName, (o.payload as { userId?: string }).userId ?? null]);
    expect(await jobs()).toEqual([['workshop.moderatorAssigned', first.id]]);
    expect((await patch(created.id, { moderatorIds: [first.id, second.id] })).statusCode).toBe(200);
    expect((await patch(created.id, { moderatorIds: [second.id] })).statusCode).toBe(200);
    expect(await jobs()).toEqual([
      ['workshop.moderatorAssigned', first.id],
      ['workshop.moderatorAssigned', second.id],
    ]);
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${created.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Zu wenige Anmeldungen' },
    });
    expect((await jobs()).at(-1)).toEqual(['workshop.cancelled', null]);
  });
});
