import { auditEvents, outbox, workshopApplications, workshops } from '@werkstatt/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createWorkshop, venue, type WorkshopWorld, workshopWorld } from './support/workshop-fixtures.js';

let h: Harness;
let w: WorkshopWorld;

beforeAll(async () => {
  h = await createHarness();
  w = await workshopWorld(h);
});
afterAll(() => h.close());

const url = '/v1/workshop-applications';

const body = (extra: Record<string, unknown> = {}) => ({
  programId: w.programId,
  preferredDates: [{ date: '2032-03-09', from: '10:00', to: '16:00' }, { date: '2032-03-16' }],
  expectedParticipants: 28,
  contact: { name: 'Petra Schäfer', email: 'p.schaefer@vg-nassau.de', phone: '02604 9700-12' },
  note: 'Gern mit der Nachbargemeinde.',
  ...extra,
});

async function applicant(): Promise<{ id: string; admin: TestUser }> {
  const m = await h.municipality();
  return { id: m.id, admin: await h.user('municipality_admin', m.id) };
}

async function apply(admin: TestUser, extra: Record<string, unknown> = {}) {
  const res = await h.request({ method: 'POST', url, token: admin.token, payload: body(extra) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const jobsOf = async (applicationId: string) =>
  (await h.owner.select().from(outbox)).filter(
    (o) => (o.payload as { applicationId?: string }).applicationId === applicationId,
  );

describe('applying for a workshop', () => {
  it('stores a pending application of the admin’s municipality with defaults, audited', async () => {
    const a = await applicant();
    const partner = await h.municipality();
    const app = await apply(a.admin, { partnerMunicipalityIds: [partner.id] });
    expect(app).toMatchObject({
      municipalityId: a.id,
      programId: w.programId,
      preferredDates: [
        { date: '2032-03-09', from: '10:00', to: '16:00' },
        { date: '2032-03-16', from: null, to: null },
      ],
      partnerMunicipalityIds: [partner.id],
      expectedParticipants: 28,
      contact: { name: 'Petra Schäfer', email: 'p.schaefer@vg-nassau.de', phone: '02604 9700-12' },
      status: 'pending',
      workshopId: null,
      declineReason: null,
    });
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, app.id), eq(auditEvents.action, 'workshop_application.created')));
    expect(audit?.municipalityId).toBe(a.id);
  });

  it('refuses wrong partners, too many municipalities or participants, and bad dates', async () => {
    const a = await applicant();
    const [p1, p2, p3] = [await h.municipality(), await h.municipality(), await h.municipality()];
    const cases: [Record<string, unknown>, number, string][] = [
      [{ partnerMunicipalityIds: [a.id] }, 422, 'invalid_partner'],
      [{ partnerMunicipalityIds: ['0190f1c2-7a1b-7cde-8f00-123456789abc'] }, 422, 'unknown_municipality'],
      [{ partnerMunicipalityIds: [p1.id, p2.id, p3.id] }, 422, 'too_many_municipalities'],
      [{ partnerMunicipalityIds: [p1.id, p1.id] }, 400, 'validation_failed'],
      [{ expectedParticipants: 31 }, 422, 'participants_exceed_program'],
      [{ expectedParticipants: 0 }, 400, 'validation_failed'],
      [{ preferredDates: [] }, 400, 'validation_failed'],
      [{ preferredDates: [1, 2, 3, 4].map((d) => ({ date: `2032-04-0${d}` })) }, 400, 'validation_failed'],
      [{ preferredDates: [{ date: '2032-02-30' }] }, 400, 'validation_failed'],
      [{ preferredDates: [{ date: '2032-03-09', from: '16:00', to: '10:00' }] }, 400, 'validation_failed'],
      [{ programId: '0190f1c2-7a1b-7cde-8f00-123456789abc' }, 422, 'unknown_program'],
      [{ municipalityId: a.id }, 400, 'validation_failed'],
    ];
    for (const [extra, status, code] of cases) {
      const res = await h.request({ method: 'POST', url, token: a.admin.token, payload: body(extra) });
      expect([res.statusCode, res.json().code], JSON.stringify(extra)).toEqual([status, code]);
    }
    expect(
      await h.owner.select().from(workshopApplications).where(eq(workshopApplications.municipalityId, a.id)),
    ).toEqual([]);
  });

  it('is for municipality admins only', async () => {
    const a = await applicant();
    for (const token of [(await h.user('municipality_editor', a.id)).token, w.admin.token]) {
      const res = await h.request({ method: 'POST', url, token, payload: body() });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('listing and reading applications', () => {
  it('shows a municipality only its own, and the program office all with filters and cursors', async () => {
    const a = await applicant();
    const b = await applicant();
    const mine = await apply(a.admin);
    const theirs = await apply(b.admin);
    const viewer = await h.user('municipality_viewer', a.id);
    const own = await h.request({ method: 'GET', url, token: viewer.token });
    expect(own.json().data.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    const foreignFilter = await h.request({
      method: 'GET',
      url: `${url}?municipalityId=${b.id}`,
      token: viewer.token,
    });
    expect(foreignFilter.json().data).toEqual([]);
    const foreign = await h.request({ method: 'GET', url: `${url}/${theirs.id}`, token: viewer.token });
    expect(foreign.statusCode).toBe(404);

    const first = await h.request({
      method: 'GET',
      url: `${url}?status=pending&programId=${w.programId}&limit=1`,
      token: w.admin.token,
    });
    expect(first.json().data).toHaveLength(1);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.request({
        method: 'GET',
        url: `${url}?status=pending&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        token: w.admin.token,
      });
      ids.push(...page.json().data.map((x: { id: string }) => x.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const byMunicipality = await h.request({
      method: 'GET',
      url: `${url}?municipalityId=${b.id}`,
      token: w.admin.token,
    });
    expect(byMunicipality.json().data.map((x: { id: string }) => x.id)).toEqual([theirs.id]);
  });

  it('lists newest first with sort=-createdAt, page by page', async () => {
    const a = await applicant();
    const older = await apply(a.admin);
    const newer = await apply(a.admin, { preferredDates: [{ date: '2032-04-06' }] });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.request({
        method: 'GET',
        url: `${url}?municipalityId=${a.id}&sort=-createdAt&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        token: w.admin.token,
      });
      expect(page.statusCode, page.body).toBe(200);
      ids.push(...page.json().data.map((x: { id: string }) => x.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(ids).toEqual([newer.id, older.id]);
  });
});

describe('deciding on an application', () => {
  it('accepting creates a draft workshop on the first preferred date for applicant and partners', async () => {
    const a = await applicant();
    const partner = await h.municipality();
    const app = await apply(a.admin, { partnerMunicipalityIds: [partner.id] });
    const res = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/accept`,
      token: w.admin.token,
      payload: { workshop: { title: 'Digital-Werkstatt Nassau', format: 'onsite', venue } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const accepted = res.json();
    expect(accepted).toMatchObject({ status: 'accepted', declineReason: null });
    const [ws] = await h.owner.select().from(workshops).where(eq(workshops.id, accepted.workshopId));
    expect(ws).toMatchObject({
      status: 'draft',
      municipalityId: a.id,
      municipalityIds: [a.id, partner.id],
      title: 'Digital-Werkstatt Nassau',
      capacity: 30,
    });
    // 10:00–16:00 Berlin on 9 March 2032 (CET).
    expect(ws!.startsAt.toISOString()).toBe('2032-03-09T09:00:00.000Z');
    expect(ws!.endsAt.toISOString()).toBe('2032-03-09T15:00:00.000Z');
    expect((await jobsOf(app.id)).map((j) => [j.jobName, j.municipalityId])).toEqual([
      ['application.submitted', a.id],
      ['application.accepted', a.id],
    ]);
    const audits = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, app.id));
    expect(audits.map((x) => x.action)).toContain('workshop_application.accepted');

    // Every status but pending is final.
    for (const [path, payload] of [
      ['accept', { workshopId: ws!.id }],
      ['decline', { reason: 'Nein' }],
    ] as const) {
      const again = await h.request({
        method: 'POST',
        url: `${url}/${app.id}/${path}`,
        token: w.admin.token,
        payload,
      });
      expect([again.statusCode, again.json().code], again.body).toEqual([409, 'application_not_pending']);
    }
    const withdraw = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/withdraw`,
      token: a.admin.token,
    });
    expect([withdraw.statusCode, withdraw.json().code]).toEqual([409, 'application_not_pending']);
    // The municipality sees the decision.
    const seen = await h.request({ method: 'GET', url: `${url}/${app.id}`, token: a.admin.token });
    expect(seen.json()).toMatchObject({ status: 'accepted', workshopId: ws!.id });
  });

  it('a new workshop must pass the workshop rules: a double-booked applicant is 409 and nothing changes', async () => {
    const a = await applicant();
    await createWorkshop(h, w, [a.id], {
      startsAt: '2032-05-04T09:00:00+02:00',
      endsAt: '2032-05-04T17:00:00+02:00',
    });
    const app = await apply(a.admin, { preferredDates: [{ date: '2032-05-04' }] });
    const res = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/accept`,
      token: w.admin.token,
      payload: {
        workshop: { title: 'Zweite Werkstatt', format: 'online', onlineUrl: 'https://meet.example.org/x' },
      },
    });
    expect([res.statusCode, res.json().code]).toEqual([409, 'municipality_double_booked']);
    const [row] = await h.owner
      .select()
      .from(workshopApplications)
      .where(eq(workshopApplications.id, app.id));
    expect(row!.status).toBe('pending');
    const online = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/accept`,
      token: w.admin.token,
      payload: { workshop: { title: 'Ohne Ort', format: 'onsite' } },
    });
    expect([online.statusCode, online.json().code]).toEqual([422, 'venue_required']);
  });

  it('links an existing workshop only when the applicant takes part in it', async () => {
    const a = await applicant();
    const other = await h.municipality();
    const app = await apply(a.admin);
    const notTheirs = await createWorkshop(h, w, [other.id]);
    const refused = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/accept`,
      token: w.admin.token,
      payload: { workshopId: notTheirs.id },
    });
    expect([refused.statusCode, refused.json().code]).toEqual([422, 'municipality_not_participating']);
    const theirs = await createWorkshop(h, w, [other.id, a.id]);
    const linked = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/accept`,
      token: w.admin.token,
      payload: { workshopId: theirs.id },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ status: 'accepted', workshopId: theirs.id });
  });

  it('declines with a reason and queues the mail; a moderator may not decide', async () => {
    const a = await applicant();
    const app = await apply(a.admin);
    const moderator = await h.user('moderator');
    const denied = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/decline`,
      token: moderator.token,
      payload: { reason: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    const res = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/decline`,
      token: w.admin.token,
      payload: { reason: 'Alle Termine im Herbst sind vergeben.' },
    });
    expect(res.json()).toMatchObject({
      status: 'declined',
      declineReason: 'Alle Termine im Herbst sind vergeben.',
    });
    expect((await jobsOf(app.id)).map((j) => j.jobName)).toEqual([
      'application.submitted',
      'application.declined',
    ]);
  });

  it('the municipality withdraws a pending application; another municipality cannot', async () => {
    const a = await applicant();
    const b = await applicant();
    const app = await apply(a.admin);
    const foreign = await h.request({
      method: 'POST',
      url: `${url}/${app.id}/withdraw`,
      token: b.admin.token,
    });
    expect(foreign.statusCode).toBe(404);
    const res = await h.request({ method: 'POST', url: `${url}/${app.id}/withdraw`, token: a.admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn' });
    expect(res.json().decidedAt).not.toBeNull();
    // Only the receipt and notice of the application itself.
    expect((await jobsOf(app.id)).map((j) => j.jobName)).toEqual(['application.submitted']);
  });
});
