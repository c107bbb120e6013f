import { auditEvents, outbox, registrations, workshopInvitations, workshops } from '@werkstatt/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/modules/auth/tokens.js';
import { optInKeys } from '../src/modules/workshops/opt-in-mails.js';
import { createHarness, type Harness } from './support/harness.js';
import {
  createWorkshop,
  participant,
  type WorkshopWorld,
  workshopWorld,
} from './support/workshop-fixtures.js';

let h: Harness;
let w: WorkshopWorld;

// jsqr is CommonJS declaring a default export: typed as the module under NodeNext, callable at run time.
const decodeQr = ((jsqr as { default?: unknown }).default ?? jsqr) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

beforeAll(async () => {
  h = await createHarness({
    DATABASE_POOL_MAX: '20',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    APP_URL: 'https://werkstatt.example.org/app/',
  });
  w = await workshopWorld(h);
});
afterAll(() => h.close());

const invite = (workshopId: string, payload: object, token = w.admin.token) =>
  h.request({ method: 'POST', url: `/v1/workshops/${workshopId}/invitations`, token, payload });

const publicGet = (token: string) => h.request({ method: 'GET', url: `/v1/public/invitations/${token}` });
const publicRegister = (token: string, payload: object) =>
  h.request({ method: 'POST', url: `/v1/public/invitations/${token}/registrations`, payload });
const confirm = (token: string) =>
  h.request({ method: 'POST', url: '/v1/public/registrations/confirm', payload: { token } });
const cancelByLink = (token: string) =>
  h.request({ method: 'POST', url: '/v1/public/registrations/cancel', payload: { token } });

const invitee = (n: number) => ({ ...participant(n), email: `eingeladen-${n}@example.org`, consent: true });

const rowsOf = (workshopId: string) =>
  h.owner
    .select()
    .from(registrations)
    .where(eq(registrations.workshopId, workshopId))
    .orderBy(asc(registrations.id));
const workshopRow = async (id: string) =>
  (await h.owner.select().from(workshops).where(eq(workshops.id, id)))[0]!;
const jobsOf = async (registrationId: string) =>
  (await h.owner.select().from(outbox).orderBy(asc(outbox.id)))
    .filter((o) => (o.payload as { registrationId?: string }).registrationId === registrationId)
    .map((o) => o.jobName);

/** What the worker does when it mails a personal link: it stores the hash of the link's secret. */
async function mintLink(registrationId: string, link: 'confirm' | 'cancel'): Promise<string> {
  const token = `test-${link}-${registrationId}`;
  await h.owner
    .update(registrations)
    .set(
      link === 'confirm' ? { confirmTokenHash: hashSecret(token) } : { cancelTokenHash: hashSecret(token) },
    )
    .where(eq(registrations.id, registrationId));
  return token;
}

/** A published workshop of a new municipality and an invitation link to it. */
async function invited(overrides: Record<string, unknown> = {}, invitation: Record<string, unknown> = {}) {
  const m = await h.municipality();
  const ws = await createWorkshop(h, w, [m.id], overrides);
  const res = await invite(ws.id, { municipalityId: m.id, ...invitation });
  expect(res.statusCode, res.body).toBe(201);
  return { m, ws, link: res.json() as { id: string; token: string } };
}

/** Registers through the link and gets the link of the opt-in mail, as an invitee does. */
async function registerAndConfirm(workshopId: string, token: string, n: number) {
  const res = await publicRegister(token, invitee(n));
  expect(res.statusCode, res.body).toBe(202);
  const [row] = await h.owner
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        eq(registrations.email, invitee(n).email),
        eq(registrations.status, 'pending'),
      ),
    );
  return { id: row!.id, confirmToken: await mintLink(row!.id, 'confirm') };
}

describe('invitation links', () => {
  it('are created by the municipality’s editors with a secret shown once and stored hashed', async () => {
    const m = await h.municipality();
    const other = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id]);
    const editor = await h.user('municipality_editor', m.id);
    const res = await invite(ws.id, { municipalityId: m.id, maxUses: 30 }, editor.token);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      workshopId: ws.id,
      municipalityId: m.id,
      maxUses: 30,
      useCount: 0,
      revokedAt: null,
    });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await h.owner
      .select()
      .from(workshopInvitations)
      .where(eq(workshopInvitations.id, created.id));
    expect(row!.tokenHash).toBe(hashSecret(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/invitations`,
      token: editor.token,
    });
    expect(list.json().data.map((i: { id: string }) => i.id)).toEqual([created.id]);
    expect(list.body).not.toContain(created.token);

    const viewer = await h.user('municipality_viewer', m.id);
    expect((await invite(ws.id, { municipalityId: m.id }, viewer.token)).statusCode).toBe(403);
    const outsider = await h.user('municipality_admin', other.id);
    expect((await invite(ws.id, { municipalityId: m.id }, outsider.token)).statusCode).toBe(404);
    const wrong = await invite(ws.id, { municipalityId: other.id });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'municipality_not_participating']);
    const past = await invite(ws.id, { municipalityId: m.id, expiresAt: '2020-01-01T00:00:00Z' });
    expect([past.statusCode, past.json().code]).toEqual([422, 'expires_in_past']);
  });

  it('are listed in pages like every other list, a municipality seeing only its own', async () => {
    const m = await h.municipality();
    const other = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id, other.id]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await invite(ws.id, { municipalityId: m.id })).json().id);
    await invite(ws.id, { municipalityId: other.id });
    const editor = await h.user('municipality_editor', m.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await h.request({
        method: 'GET',
        url: `/v1/workshops/${ws.id}/invitations?${query}`,
        token: editor.token,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { data: { id: string }[]; nextCursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);

    const all = await h.request({ method: 'GET', url: `/v1/workshops/${ws.id}/invitations` });
    expect(all.statusCode).toBe(401);
    const office = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/invitations?limit=201`,
      token: w.admin.token,
    });
    expect([office.statusCode, office.json().code]).toEqual([400, 'validation_failed']);
    const bad = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/invitations?cursor=kaputt`,
      token: w.admin.token,
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
    const everything = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/invitations`,
      token: w.admin.token,
    });
    expect(everything.json()).toMatchObject({ nextCursor: null });
    expect(everything.json().data).toHaveLength(6);
  });

  it('come as the full link of the app and as a QR code (PNG, SVG) that scans to it', async () => {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id]);
    const editor = await h.user('municipality_editor', m.id);
    const created = (await invite(ws.id, { municipalityId: m.id }, editor.token)).json();
    expect(created.url).toBe(`https://werkstatt.example.org/app/einladung/${created.token}`);
    const token = created.url.split('/einladung/')[1];
    expect((await publicGet(token)).statusCode).toBe(200);

    const qr = (kind: 'png' | 'svg', as = editor.token) =>
      h.request({
        method: 'GET',
        url: `/v1/workshops/${ws.id}/invitations/${created.id}/qr.${kind}`,
        token: as,
      });
    const png = await qr('png');
    expect(png.statusCode, png.body).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('no-store');
    const image = PNG.sync.read(png.rawPayload);
    expect(image.width).toBeGreaterThanOrEqual(1000);
    expect(decodeQr(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(created.url);
    // The office prints it as well.
    expect((await qr('png', w.admin.token)).statusCode).toBe(200);

    const svg = await qr('svg');
    expect(svg.statusCode, svg.body).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"/);
    expect(svg.body).toMatch(/<path [^>]*d="M\d/);

    // Who may not make a link does not get it either; another municipality learns nothing.
    const viewer = await h.user('municipality_viewer', m.id);
    expect((await qr('png', viewer.token)).statusCode).toBe(403);
    const outsider = await h.user('municipality_admin', (await h.municipality()).id);
    expect((await qr('svg', outsider.token)).statusCode).toBe(404);
    const unknown = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/invitations/00000000-0000-4000-8000-000000000000/qr.png`,
      token: editor.token,
    });
    expect(unknown.statusCode).toBe(404);

    await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/invitations/${created.id}/revoke`,
      token: editor.token,
    });
    expect([(await qr('png')).statusCode, (await qr('svg')).json().code]).toEqual([
      409,
      'invitation_revoked',
    ]);
  });

  it('made before links could be shown again answer 409 instead of a QR code that would not open', async () => {
    const { ws, link } = await invited();
    // As a link of an earlier release: a random secret, not derived from LINK_SECRET.
    await h.owner
      .update(workshopInvitations)
      .set({ tokenHash: hashSecret('an-older-random-secret') })
      .where(eq(workshopInvitations.id, link.id));
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/invitations/${link.id}/qr.png`,
      token: w.admin.token,
    });
    expect([res.statusCode, res.json().code]).toEqual([409, 'invitation_link_unavailable']);
  });

  it('show the workshop’s public details only, and 404 alike for unknown, revoked and expired links', async () => {
    const { m, ws, link } = await invited({ capacity: 1 });
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: w.admin.token,
      payload: participant(1),
    });
    const res = await publicGet(link.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      title: 'Digital-Werkstatt an der Lahn',
      format: 'onsite',
      startsAt: expect.any(String),
      endsAt: expect.any(String),
      timeZone: 'Europe/Berlin',
      startsAtLocal: expect.stringMatching(/T09:00:00$/),
      endsAtLocal: expect.stringMatching(/T17:00:00$/),
      days: [expect.objectContaining({ startsAt: ws.startsAt, endsAt: ws.endsAt })],
      venue: { name: 'Bürgerhaus Nassau', street: 'Bahnhofstraße 12', postalCode: '56377', city: 'Nassau' },
      municipalityName: m.name,
      seats: 'waitlist',
      registration: 'open',
      registrationClosesAt: expect.any(String),
    });
    expect(res.body).not.toContain('teilnehmerin-1@example.org');
    expect(res.body).not.toContain(ws.id);

    const unknown = await publicGet('kein-gueltiger-link');
    expect(unknown.statusCode).toBe(404);
    const bodyOf = (r: typeof unknown) => {
      const { instance: _i, requestId: _r, ...rest } = r.json();
      return rest;
    };

    const revoke = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/invitations/${link.id}/revoke`,
      token: w.admin.token,
    });
    expect(revoke.json().revokedAt).not.toBeNull();
    const revoked = await publicGet(link.token);
    expect(revoked.statusCode).toBe(404);
    expect(bodyOf(revoked)).toEqual(bodyOf(unknown));
    expect((await publicRegister(link.token, invitee(1))).statusCode).toBe(404);

    const other = await invited();
    await h.owner
      .update(workshopInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(workshopInvitations.id, other.link.id));
    const expired = await publicGet(other.link.token);
    expect(expired.statusCode).toBe(404);
    expect(bodyOf(expired)).toEqual(bodyOf(unknown));
  });
});

describe('registering through an invitation (double opt-in)', () => {
  it('records a pending registration without a seat, queues the opt-in mail and audits as public', async () => {
    const { m, ws, link } = await invited({ capacity: 5 });
    const res = await publicRegister(link.token, invitee(1));
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ status: 'pending', confirmWithinHours: 48 });
    const [row] = await rowsOf(ws.id);
    expect(row).toMatchObject({
      status: 'pending',
      municipalityId: m.id,
      invitationId: link.id,
      email: 'eingeladen-1@example.org',
      waitlistPosition: null,
    });
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 0, waitlistCount: 0 });
    expect(await jobsOf(row!.id)).toEqual(['registration.optIn']);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, row!.id));
    expect(events.map((e) => [e.actorType, e.action])).toEqual([['public', 'registration.requested']]);
    expect(JSON.stringify(events)).not.toMatch(/eingeladen-1|Teilnehmerin|Müller/);

    const noConsent = await publicRegister(link.token, { ...invitee(2), consent: false });
    expect(noConsent.statusCode).toBe(400);
  });

  it('answers a duplicate address like a new one, without a second mail inside the resend interval, and never adds a row', async () => {
    const { ws, link } = await invited();
    const first = await publicRegister(link.token, invitee(1));
    const again = await publicRegister(link.token, { ...invitee(1), email: 'EINGELADEN-1@example.org' });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const rows = await rowsOf(ws.id);
    expect(rows).toHaveLength(1);
    expect(await jobsOf(rows[0]!.id)).toEqual(['registration.optIn']);

    expect((await confirm(await mintLink(rows[0]!.id, 'confirm'))).statusCode).toBe(200);
    const afterConfirm = await publicRegister(link.token, invitee(1));
    expect(afterConfirm.json()).toEqual(first.json());
    expect(await rowsOf(ws.id)).toHaveLength(1);
    expect(await jobsOf(rows[0]!.id)).toEqual(['registration.optIn', 'registration.confirmed']);

    // A staff registration of the same address is refused as usual.
    const staff = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: w.admin.token,
      payload: participant(1, { email: 'eingeladen-1@example.org' }),
    });
    expect([staff.statusCode, staff.json().code]).toEqual([409, 'already_registered']);
  });

  it('admits on confirmation like any registration, idempotently, and refuses stale confirmations', async () => {
    const { ws, link } = await invited({ capacity: 1 });
    const a = await registerAndConfirm(ws.id, link.token, 1);
    const b = await registerAndConfirm(ws.id, link.token, 2);
    const ra = await confirm(a.confirmToken);
    expect(ra.statusCode, ra.body).toBe(200);
    expect(ra.json()).toMatchObject({
      status: 'confirmed',
      waitlistPosition: null,
      workshop: { seats: 'waitlist' },
    });
    expect(ra.body).not.toContain('eingeladen');
    const rb = await confirm(b.confirmToken);
    expect(rb.json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await confirm(a.confirmToken)).json()).toMatchObject({ status: 'confirmed' });
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });
    expect(await jobsOf(b.id)).toEqual(['registration.optIn', 'registration.waitlisted']);
    const events = await h.owner.select().from(auditEvents).where(eq(auditEvents.entityId, a.id));
    expect(events.map((e) => [e.actorType, e.action])).toContainEqual([
      'public',
      'registration.confirmed_by_invitee',
    ]);

    const late = await registerAndConfirm(ws.id, link.token, 3);
    await h.owner
      .update(registrations)
      .set({ createdAt: sql`now() - interval '49 hours'` })
      .where(eq(registrations.id, late.id));
    expect((await confirm(late.confirmToken)).statusCode).toBe(404);
    expect((await confirm('unbekannt')).statusCode).toBe(404);
    // The expired registration frees the address for a new attempt; 49 hours also ended the resend interval.
    await h.deps.redis!.del(optInKeys(ws.id, invitee(3).email).resend);
    expect((await publicRegister(link.token, invitee(3))).statusCode).toBe(202);
    const rows = await rowsOf(ws.id);
    expect(
      rows
        .filter((r) => r.email === invitee(3).email)
        .map((r) => r.status)
        .sort(),
    ).toEqual(['cancelled', 'pending']);
  });

  it('gives the last seat to exactly one of many concurrent confirmations', async () => {
    const { ws, link } = await invited({ capacity: 3 });
    for (let i = 0; i < 2; i++) {
      await h.request({
        method: 'POST',
        url: `/v1/workshops/${ws.id}/registrations`,
        token: w.admin.token,
        payload: participant(100 + i),
      });
    }
    const people = [];
    for (let i = 0; i < 12; i++) people.push(await registerAndConfirm(ws.id, link.token, i));
    const answers = await Promise.all(people.map((p) => confirm(p.confirmToken)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    const statuses = answers.map((r) => r.json());
    expect(statuses.filter((s) => s.status === 'confirmed')).toHaveLength(1);
    expect(
      statuses
        .filter((s) => s.status === 'waitlisted')
        .map((s) => s.waitlistPosition)
        .sort((x, y) => x - y),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 3, waitlistCount: 11 });
  });

  it('stops accepting registrations when the link is used up', async () => {
    const { link } = await invited({}, { maxUses: 1 });
    expect((await publicRegister(link.token, invitee(1))).statusCode).toBe(202);
    const second = await publicRegister(link.token, invitee(2));
    expect([second.statusCode, second.json().code]).toEqual([409, 'invitation_used_up']);
  });
});

describe('cancelling by personal link', () => {
  it('frees the seat for the first waitlisted person, and answers again with the same status', async () => {
    const { ws, link } = await invited({ capacity: 1 });
    const a = await registerAndConfirm(ws.id, link.token, 1);
    const b = await registerAndConfirm(ws.id, link.token, 2);
    await confirm(a.confirmToken);
    await confirm(b.confirmToken);
    const cancelToken = await mintLink(a.id, 'cancel');
    const res = await cancelByLink(cancelToken);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', waitlistPosition: null });
    const rows = await rowsOf(ws.id);
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(await jobsOf(b.id)).toContain('registration.promoted');
    expect(await jobsOf(a.id)).toContain('registration.cancelled');
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 1, waitlistCount: 0 });
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorType, 'public'), eq(auditEvents.entityId, b.id)));
    expect(events.map((e) => e.action)).toContain('registration.promoted');
    expect((await cancelByLink(cancelToken)).json()).toMatchObject({ status: 'cancelled' });
    expect((await cancelByLink('unbekannt')).statusCode).toBe(404);
  });

  it('works as well for someone the office or their municipality registered (the mails carry it)', async () => {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id]);
    const editor = await h.user('municipality_editor', m.id);
    const registered = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: editor.token,
      payload: participant(7),
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json().id as string;
    const res = await cancelByLink(await mintLink(id, 'cancel'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled' });
    expect(await jobsOf(id)).toEqual(['registration.confirmed', 'registration.cancelled']);
  });
});

describe('erasing a participant (DSGVO)', () => {
  it('anonymises the registration, keeps status and counts, and leaves no personal data in the audit trail', async () => {
    const m = await h.municipality();
    const other = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id, other.id], { capacity: 5 });
    const admin = await h.user('municipality_admin', m.id);
    const editor = await h.user('municipality_editor', m.id);
    const otherAdmin = await h.user('municipality_admin', other.id);
    const created = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: admin.token,
      payload: participant(7, { note: 'Rollstuhlgerecht bitte' }),
    });
    const id = created.json().id;
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations/${id}/cancel`,
      token: admin.token,
    });
    const erase = (token: string) =>
      h.request({ method: 'POST', url: `/v1/workshops/${ws.id}/registrations/${id}/erase`, token });

    expect((await erase(editor.token)).statusCode).toBe(403);
    expect((await erase(otherAdmin.token)).statusCode).toBe(404);
    const res = await erase(admin.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      firstName: 'Gelöscht',
      lastName: 'Gelöscht',
      email: `geloescht-${id}@anonymisiert.invalid`,
      note: '',
      status: 'cancelled',
      anonymizedAt: expect.any(String),
    });
    const second = await erase(w.admin.token);
    expect(second.json().anonymizedAt).toBe(res.json().anonymizedAt);

    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'registration'), eq(auditEvents.entityId, id)))
      .orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual([
      'registration.created',
      'registration.cancelled',
      'registration.erased',
    ]);
    expect(events.at(-1)).toMatchObject({ before: { anonymized: false }, after: { anonymized: true } });
    expect(JSON.stringify(events)).not.toMatch(/teilnehmerin-7|Teilnehmerin 7|Müller|Rollstuhl/);
    // The mails written for the participant are the worker's to remove: one job, not one per erase call.
    const jobs = await h.owner
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(sql`${outbox.jobName} = 'registration.erased' and ${outbox.payload}->>'registrationId' = ${id}`);
    expect(jobs).toEqual([{ payload: { registrationId: id, municipalityId: res.json().municipalityId } }]);
  });

  it('keeps the counts of a confirmed participant', async () => {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id], { capacity: 5 });
    const created = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations`,
      token: w.admin.token,
      payload: participant(1),
    });
    const res = await h.request({
      method: 'POST',
      url: `/v1/workshops/${ws.id}/registrations/${created.json().id}/erase`,
      token: w.admin.token,
    });
    expect(res.json()).toMatchObject({ status: 'confirmed', firstName: 'Gelöscht' });
    expect(await workshopRow(ws.id)).toMatchObject({ confirmedCount: 1 });
  });
});

describe('rate limits of the public endpoints', () => {
  it('are stricter than for signed-in callers, per address', async () => {
    const strict = await createHarness({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) {
        codes.push(
          (await strict.request({ method: 'GET', url: '/v1/public/invitations/irgendwas' })).statusCode,
        );
      }
      expect(codes).toEqual([404, 404, 404, 429]);
    } finally {
      await strict.close();
    }
  });
});
