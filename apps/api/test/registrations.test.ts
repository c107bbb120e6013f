import { auditEvents, outbox, registrations, workshops } from '@werkstatt/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
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

// 300 registrations at once need more than the default 5 connections to be answered promptly.
beforeAll(async () => {
  h = await createHarness({ DATABASE_POOL_MAX: '20' });
  w = await workshopWorld(h);
});
afterAll(() => h.close());

const register = (workshopId: string, payload: object, token = w.admin.token) =>
  h.request({ method: 'POST', url: `/v1/workshops/${workshopId}/registrations`, token, payload });

const cancel = (workshopId: string, id: string, token = w.admin.token) =>
  h.request({ method: 'POST', url: `/v1/workshops/${workshopId}/registrations/${id}/cancel`, token });

const workshopRow = async (id: string) =>
  (await h.owner.select().from(workshops).where(eq(workshops.id, id)))[0]!;

const jobsFor = async (ids: string[]) =>
  (await h.owner.select().from(outbox).orderBy(asc(outbox.id))).filter((o) =>
    ids.includes((o.payload as { registrationId?: string }).registrationId ?? ''),
  );

describe('registering participants', () => {
  it('confirms while seats are left, then waitlists with positions, and queues the right mail', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id], { capacity: 2 });
    const editor = await h.user('municipality_editor', a.id);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await register(ws.id, participant(i), editor.token)).json());
    expect(answers.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    expect(answers[0]).toMatchObject({
      municipalityId: a.id,
      firstName: 'Teilnehmerin 0',
      lastName: 'Müller',
    });
    const jobs = await jobsFor(answers.map((r) => r.id));
    expect(jobs.map((j) => [j.jobName, j.municipalityId])).toEqual([
      ['registration.confirmed', a.id],
      ['registration.confirmed', a.id],
      ['registration.waitlisted', a.id],
      ['registration.waitlisted', a.id],
    ]);
    const got = await h.request({ method: 'GET', url: `/v1/workshops/${ws.id}`, token: editor.token });
    expect(got.json()).toMatchObject({ confirmedCount: 2, waitlistCount: 2, seatsLeft: 0 });
  });

  it("respects a municipality's seat quota while others still get seats", async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id, b.id], {
      capacity: 4,
      municipalities: [
        { municipalityId: a.id, seats: 1 },
        { municipalityId: b.id, seats: null },
      ],
    });
    const first = await register(ws.id, participant(1, { municipalityId: a.id }));
    const second = await register(ws.id, participant(2, { municipalityId: a.id }));
    const third = await register(ws.id, participant(3, { municipalityId: b.id }));
    expect([first, second, third].map((r) => r.json().status)).toEqual([
      'confirmed',
      'waitlisted',
      'confirmed',
    ]);
    // Capacity raised for A: the waitlisted person of A moves up in the same change.
    const quota = await h.request({
      method: 'PATCH',
      url: `/v1/workshops/${ws.id}`,
      token: w.admin.token,
      headers: { 'if-match': '*' },
      payload: { municipalities: [{ municipalityId: a.id, seats: 2 }, { municipalityId: b.id }] },
    });
    expect(quota.statusCode, quota.body).toBe(200);
    expect(quota.json()).toMatchObject({ confirmedCount: 3, waitlistCount: 0 });
    const [row] = await h.owner.select().from(registrations).where(eq(registrations.id, second.json().id));
    expect(row?.status).toBe('confirmed');
  });

  it('refuses the same e-mail twice in one workshop (409), in any spelling', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id]);
    expect((await register(ws.id, participant(1))).statusCode).toBe(201);
    const again = await register(ws.id, participant(2, { email: 'TEILNEHMERIN-1@example.org' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_registered');
    expect((await workshopRow(ws.id)).confirmedCount).toBe(1);
  });

  it('refuses registrations outside the window or for a draft, cancelled or held workshop', async () => {
    const a = await h.municipality();
    const future = await createWorkshop(h, w, [a.id], { registrationOpensAt: '2030-12-01T00:00:00Z' });
    const closed = await createWorkshop(h, w, [a.id], {
      registrationOpensAt: '2020-01-01T00:00:00Z',
      registrationClosesAt: '2020-02-01T00:00:00Z',
    });
    const draft = await createWorkshop(h, w, [a.id], { status: 'draft' });
    const cancelled = await createWorkshop(h, w, [a.id]);
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${cancelled.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Sturm' },
    });
    const held = await createWorkshop(h, w, [a.id]);
    await h.request({
      method: 'PATCH',
      url: `/v1/workshops/${held.id}`,
      token: w.admin.token,
      headers: { 'if-match': '*' },
      payload: { status: 'held' },
    });
    const cases: [string, string][] = [
      [future.id, 'registration_not_open'],
      [closed.id, 'registration_closed'],
      [draft.id, 'workshop_not_published'],
      [cancelled.id, 'workshop_cancelled'],
      [held.id, 'workshop_held'],
    ];
    for (const [id, code] of cases) {
      const res = await register(id, participant(1));
      expect(res.statusCode, code).toBe(409);
      expect(res.json().code).toBe(code);
    }
    expect(
      await h.owner
        .select()
        .from(registrations)
        .where(
          inArray(
            registrations.workshopId,
            cases.map((c) => c[0]),
          ),
        ),
    ).toEqual([]);
  });

  it('lets municipality users register for their own municipality only', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const c = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id, b.id]);
    const adminA = await h.user('municipality_admin', a.id);
    const viewerA = await h.user('municipality_viewer', a.id);
    const adminC = await h.user('municipality_admin', c.id);
    expect((await register(ws.id, participant(1), adminA.token)).json().municipalityId).toBe(a.id);
    expect((await register(ws.id, participant(2, { municipalityId: b.id }), adminA.token)).statusCode).toBe(
      404,
    );
    expect((await register(ws.id, participant(3), viewerA.token)).statusCode).toBe(403);
    expect((await register(ws.id, participant(4), adminC.token)).statusCode).toBe(404);
    // The program office must say which of several municipalities.
    expect((await register(ws.id, participant(5))).statusCode).toBe(400);
    const notIn = await register(ws.id, participant(6, { municipalityId: c.id }));
    expect(notIn.json().code).toBe('municipality_not_participating');
    // The admission is sent right behind the lock, before these checks ran: every refusal rolled it
    // back, so only the first registration exists, with one mail job, and the counters agree.
    const rows = await h.owner.select().from(registrations).where(eq(registrations.workshopId, ws.id));
    expect(rows.map((r) => r.firstName)).toEqual(['Teilnehmerin 1']);
    expect((await jobsFor(rows.map((r) => r.id))).map((j) => j.jobName)).toEqual(['registration.confirmed']);
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 1, waitlistCount: 0 });
    const audited = await h.owner
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registration.created'));
    expect(audited.filter((e) => (e.after as { workshopId?: string }).workshopId === ws.id)).toHaveLength(1);
  });

  it('answers 404, not 409, for an address already registered in a workshop the caller cannot see', async () => {
    const a = await h.municipality();
    const c = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id]);
    expect((await register(ws.id, participant(1))).statusCode).toBe(201);
    const adminC = await h.user('municipality_admin', c.id);
    // The admission (which would hit the unique e-mail index) runs before the visibility check is
    // looked at; the check's answer wins, so nothing is revealed about who is registered.
    const res = await register(ws.id, participant(1), adminC.token);
    expect(res.statusCode).toBe(404);
    expect((await workshopRow(ws.id)).confirmedCount).toBe(1);
  });
});

describe('cancelling and the waitlist', () => {
  it('promotes the first waitlisted person in the same transaction and closes the gap', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id], { capacity: 1 });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await register(ws.id, participant(i))).json().id);
    const res = await cancel(ws.id, ids[0]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', waitlistPosition: null });
    const rows = await h.owner
      .select()
      .from(registrations)
      .where(eq(registrations.workshopId, ws.id))
      .orderBy(asc(registrations.id));
    expect(rows.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ['cancelled', null],
      ['confirmed', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    const jobs = await jobsFor([ids[0], ids[1]]);
    expect(
      jobs
        .slice(-2)
        .map((j) => j.jobName)
        .sort(),
    ).toEqual(['registration.cancelled', 'registration.promoted']);
    // Cancelling a waitlisted person moves everyone behind forward.
    await cancel(ws.id, ids[2]);
    const [last] = await h.owner.select().from(registrations).where(eq(registrations.id, ids[3]));
    expect(last?.waitlistPosition).toBe(1);
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });
    expect((await cancel(ws.id, ids[0])).json().code).toBe('registration_cancelled');
    // Cancelled people may register again, at the end of the line.
    expect((await register(ws.id, participant(0))).json()).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });
  });

  it("a municipality cancelling its participant promotes another municipality's waitlisted person", async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id, b.id], { capacity: 1 });
    const adminA = await h.user('municipality_admin', a.id);
    const adminB = await h.user('municipality_admin', b.id);
    const mine = (await register(ws.id, participant(1), adminA.token)).json();
    const theirs = (await register(ws.id, participant(2), adminB.token)).json();
    expect(theirs.status).toBe('waitlisted');
    expect((await cancel(ws.id, theirs.id, adminA.token)).statusCode).toBe(404);
    const res = await cancel(ws.id, mine.id, adminA.token);
    expect(res.statusCode, res.body).toBe(200);
    // The answer tells A nothing about B's participant.
    expect(res.body).not.toContain(theirs.id);
    const [promoted] = await h.owner.select().from(registrations).where(eq(registrations.id, theirs.id));
    expect(promoted?.status).toBe('confirmed');
    const [job] = await jobsFor([theirs.id]).then((j) =>
      j.filter((x) => x.jobName === 'registration.promoted'),
    );
    expect(job?.municipalityId).toBe(b.id);
  });

  it('keeps capacity at or above the confirmed count (409)', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id], { capacity: 3 });
    for (let i = 0; i < 3; i++) await register(ws.id, participant(i));
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/workshops/${ws.id}`,
      token: w.admin.token,
      headers: { 'if-match': '*' },
      payload: { capacity: 2 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'capacity_below_confirmed', confirmedCount: 3 });
  });
});

describe('lists of participants', () => {
  it('filters by status and municipality, never shows another municipality, and audits every read', async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id, b.id], { capacity: 2 });
    const viewerA = await h.user('municipality_viewer', a.id);
    await register(ws.id, participant(1, { municipalityId: a.id }));
    await register(ws.id, participant(2, { municipalityId: b.id }));
    await register(ws.id, participant(3, { municipalityId: a.id }));
    const list = (query: string, token = w.admin.token) =>
      h.request({ method: 'GET', url: `/v1/workshops/${ws.id}/registrations${query}`, token });

    expect((await list('')).json().data).toHaveLength(3);
    expect((await list('?status=waitlisted')).json().data.map((r: { email: string }) => r.email)).toEqual([
      'teilnehmerin-3@example.org',
    ]);
    expect((await list(`?municipalityId=${b.id}`)).json().data).toHaveLength(1);
    const own = (await list('', viewerA.token)).json().data;
    expect(own.map((r: { municipalityId: string }) => r.municipalityId)).toEqual([a.id, a.id]);
    expect((await list(`?municipalityId=${b.id}`, viewerA.token)).statusCode).toBe(404);

    const reads = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ws.id), eq(auditEvents.action, 'registrations.read')));
    expect(reads).toHaveLength(4);
    expect(reads.find((r) => r.actorId === viewerA.id)?.municipalityId).toBe(a.id);

    const one = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/registrations/${own[0].id}`,
      token: viewerA.token,
    });
    expect(one.statusCode).toBe(200);
    const [readOne] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, own[0].id), eq(auditEvents.action, 'registration.read')));
    expect(readOne?.actorId).toBe(viewerA.id);
  });

  it('hides participants from public keys', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id]);
    const key = await h.apiKey(['public:read']);
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: key.key,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('check-in', () => {
  it('marks attended on the day only, by the assigned moderator', async () => {
    const a = await h.municipality();
    const moderator = await h.user('moderator');
    const now = new Date();
    const today = await createWorkshop(h, w, [a.id], {
      startsAt: new Date(now.getTime() + 60_000).toISOString(),
      endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
      moderatorIds: [moderator.id],
    });
    const later = await createWorkshop(h, w, [a.id], { moderatorIds: [moderator.id] });
    const r1 = (await register(today.id, participant(1))).json();
    const r2 = (await register(later.id, participant(2))).json();
    const checkIn = (ws: string, id: string, token = moderator.token) =>
      h.request({ method: 'POST', url: `/v1/workshops/${ws}/registrations/${id}/check-in`, token });
    const res = await checkIn(today.id, r1.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('attended');
    expect((await checkIn(today.id, r1.id)).json().code).toBe('already_checked_in');
    expect((await checkIn(later.id, r2.id)).json().code).toBe('check_in_not_today');
    expect((await cancel(today.id, r1.id)).json().code).toBe('registration_attended');
    const editor = await h.user('municipality_editor', a.id);
    expect((await checkIn(today.id, r1.id, editor.token)).statusCode).toBe(403);
  });
});

describe('undoing a check-in', () => {
  it('confirms the participant again on the same day, keeps the seat, and is final from the next day', async () => {
    const a = await h.municipality();
    const moderator = await h.user('moderator');
    const now = new Date();
    const ws = await createWorkshop(h, w, [a.id], {
      startsAt: new Date(now.getTime() + 60_000).toISOString(),
      endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
      moderatorIds: [moderator.id],
    });
    const r1 = (await register(ws.id, participant(1))).json();
    const r2 = (await register(ws.id, participant(2))).json();
    const url = (id: string) => `/v1/workshops/${ws.id}/registrations/${id}/check-in`;
    const undo = (id: string, token = moderator.token) =>
      h.request({ method: 'DELETE', url: url(id), token });
    const checkIn = (id: string) => h.request({ method: 'POST', url: url(id), token: moderator.token });

    expect((await undo(r1.id)).json().code).toBe('not_checked_in');
    expect((await checkIn(r1.id)).statusCode).toBe(200);
    const editor = await h.user('municipality_editor', a.id);
    expect((await undo(r1.id, editor.token)).statusCode).toBe(403);

    const res = await undo(r1.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: r1.id, status: 'confirmed', attendedAt: null });
    const [row] = await h.owner.select().from(registrations).where(eq(registrations.id, r1.id));
    expect(row).toMatchObject({ status: 'confirmed', attendedAt: null });
    expect((await workshopRow(ws.id)).confirmedCount).toBe(2);
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, r1.id), eq(auditEvents.action, 'registration.check_in_undone')));
    expect(audit).toMatchObject({ before: { status: 'attended' }, after: { status: 'confirmed' } });
    // Checked in again after the undo.
    expect((await checkIn(r1.id)).json().status).toBe('attended');

    // A check-in of an earlier Berlin day stays.
    expect((await checkIn(r2.id)).statusCode).toBe(200);
    const yesterday = new Date(now.getTime() - 86_400_000);
    await h.owner.update(registrations).set({ attendedAt: yesterday }).where(eq(registrations.id, r2.id));
    const late = await undo(r2.id);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'check_in_final', attendedAt: yesterday.toISOString() });
    const [kept] = await h.owner.select().from(registrations).where(eq(registrations.id, r2.id));
    expect(kept!.status).toBe('attended');
  });
});

describe('under concurrency', () => {
  it('300 simultaneous registrations for 30 seats: exactly 30 confirmed, 270 waitlisted in arrival order', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id], { capacity: 30 });
    const editor = await h.user('municipality_editor', a.id);
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => register(ws.id, participant(i), editor.token)),
    );
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const bodies = responses.map((r) => r.json());
    expect(bodies.filter((b) => b.status === 'confirmed')).toHaveLength(30);
    const waitlisted = bodies.filter((b) => b.status === 'waitlisted');
    expect(waitlisted.map((b) => b.waitlistPosition).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 270 }, (_, i) => i + 1),
    );
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 30, waitlistCount: 270 });

    // Arrival order: the order the transactions got the workshop lock. Each wrote its outbox row
    // (a time-ordered id) while holding it, so confirmed rows come first and positions follow.
    const jobs = await jobsFor(bodies.map((b) => b.id));
    const order = jobs.map((j) => (j.payload as { registrationId: string }).registrationId);
    const byId = new Map(bodies.map((b) => [b.id, b]));
    const statuses = order.map((id) => byId.get(id)!.status);
    expect(statuses.slice(0, 30).every((s) => s === 'confirmed')).toBe(true);
    expect(order.slice(30).map((id) => byId.get(id)!.waitlistPosition)).toEqual(
      Array.from({ length: 270 }, (_, i) => i + 1),
    );
  });

  it('concurrent cancellations promote each waitlisted person exactly once', async () => {
    const a = await h.municipality();
    const ws = await createWorkshop(h, w, [a.id], { capacity: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await register(ws.id, participant(i))).json().id);
    const responses = await Promise.all(ids.slice(0, 10).map((id) => cancel(ws.id, id)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const rows = await h.owner.select().from(registrations).where(eq(registrations.workshopId, ws.id));
    expect(
      rows
        .filter((r) => r.status === 'confirmed')
        .map((r) => r.id)
        .sort(),
    ).toEqual(ids.slice(10).sort());
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 10, waitlistCount: 0 });
    const promotions = (await jobsFor(ids.slice(10))).filter((j) => j.jobName === 'registration.promoted');
    expect(promotions).toHaveLength(10);
    expect(
      new Set(promotions.map((j) => (j.payload as { registrationId: string }).registrationId)).size,
    ).toBe(10);
  });
});
