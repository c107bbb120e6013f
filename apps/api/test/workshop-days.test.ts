import { workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import { readCalendar } from './support/ical.js';
import { createWorkshop, type WorkshopWorld, workshopWorld } from './support/workshop-fixtures.js';

let h: Harness;
let w: WorkshopWorld;

beforeAll(async () => {
  h = await createHarness();
  w = await workshopWorld(h);
});
afterAll(() => h.close());

let week = 0;
/** A two-day network event, Friday 09:00–17:00 and Saturday 09:00–15:00 (CET), in its own week. */
function networkEvent() {
  const friday = new Date(Date.UTC(2032, 0, 9 + 7 * week++));
  const day = (offset: number) => new Date(friday.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    startsAt: `${day(0)}T09:00:00+01:00`,
    endsAt: `${day(1)}T15:00:00+01:00`,
    days: [
      { startsAt: `${day(0)}T09:00:00+01:00`, endsAt: `${day(0)}T17:00:00+01:00` },
      { startsAt: `${day(1)}T09:00:00+01:00`, endsAt: `${day(1)}T15:00:00+01:00` },
    ],
  };
}

const iso = (s: string) => new Date(s).toISOString();

describe('workshops with days', () => {
  it('a two-day event keeps its days; a one-block workshop reads as one day', async () => {
    const m = await h.municipality();
    const plan = networkEvent();
    const created = await createWorkshop(h, w, [m.id], { title: 'Netzwerktreffen', ...plan });
    expect(created.days).toEqual(
      plan.days.map((d) => ({
        startsAt: iso(d.startsAt),
        endsAt: iso(d.endsAt),
        startsAtLocal: d.startsAt.slice(0, 19),
        endsAtLocal: d.endsAt.slice(0, 19),
      })),
    );
    const read = await h.request({ method: 'GET', url: `/v1/workshops/${created.id}`, token: w.admin.token });
    expect(read.json().days).toEqual(created.days);

    const single = await createWorkshop(h, w, [m.id]);
    expect(single.days).toEqual([
      {
        startsAt: single.startsAt,
        endsAt: single.endsAt,
        startsAtLocal: single.startsAtLocal,
        endsAtLocal: single.endsAtLocal,
      },
    ]);
    const [row] = await h.owner.select().from(workshops).where(eq(workshops.id, single.id));
    expect(row!.days).toBeNull();

    // An invitee sees the days too.
    const invitation = await h.request({
      method: 'POST',
      url: `/v1/workshops/${created.id}/invitations`,
      token: w.admin.token,
      payload: { municipalityId: m.id },
    });
    expect(invitation.statusCode, invitation.body).toBe(201);
    const page = await h.request({ method: 'GET', url: `/v1/public/invitations/${invitation.json().token}` });
    expect(page.json().days).toEqual(created.days);
  });

  it('refuses days out of order, ending before they start, or outside the workshop, and writes nothing', async () => {
    const m = await h.municipality();
    const plan = networkEvent();
    const [first, second] = plan.days as [(typeof plan.days)[0], (typeof plan.days)[0]];
    const attempt = (days: unknown, extra: Record<string, unknown> = {}) =>
      h.request({
        method: 'POST',
        url: '/v1/workshops',
        token: w.admin.token,
        payload: {
          programId: w.programId,
          title: 'Falsche Tage',
          format: 'online',
          onlineUrl: 'https://meet.example.org/werkstatt',
          startsAt: plan.startsAt,
          endsAt: plan.endsAt,
          municipalities: [{ municipalityId: m.id }],
          days,
          ...extra,
        },
      });
    const reversed = await attempt([second, first]);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.days.1.startsAt' })]),
    );
    const backwards = await attempt([{ startsAt: first.endsAt, endsAt: first.startsAt }]);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.days.0.endsAt' })]),
    );
    const outside = await attempt(plan.days, { endsAt: second.startsAt });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({
      code: 'day_outside_workshop',
      errors: [{ path: 'body.days.1', message: 'must lie inside startsAt..endsAt' }],
    });
    const tooMany = await attempt(Array.from({ length: 8 }, () => first));
    expect(tooMany.statusCode).toBe(400);
    const written = await h.owner.select().from(workshops).where(eq(workshops.title, 'Falsche Tage'));
    expect(written).toEqual([]);
  });

  it('changing the days replaces them and raises the calendar sequence; a new span must still hold them', async () => {
    const m = await h.municipality();
    const plan = networkEvent();
    const ws = await createWorkshop(h, w, [m.id], plan);
    const patch = async (payload: Record<string, unknown>) => {
      const current = await h.request({ method: 'GET', url: `/v1/workshops/${ws.id}`, token: w.admin.token });
      return h.request({
        method: 'PATCH',
        url: `/v1/workshops/${ws.id}`,
        token: w.admin.token,
        headers: { 'if-match': current.headers.etag as string },
        payload,
      });
    };
    // Moving the end before the second day, without new days: the stored days no longer fit.
    const shrunk = await patch({ endsAt: plan.days[0]!.endsAt });
    expect(shrunk.statusCode).toBe(422);
    expect(shrunk.json().code).toBe('day_outside_workshop');

    const shorter = { ...plan.days[1]!, endsAt: plan.days[1]!.endsAt.replace('T15:00', 'T13:00') };
    const changed = await patch({ days: [plan.days[0], shorter] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().days[1].endsAtLocal).toMatch(/T13:00:00$/);
    const [row] = await h.owner.select().from(workshops).where(eq(workshops.id, ws.id));
    expect(row!.calendarSequence).toBe(1);

    const back = await patch({ days: null });
    expect(back.statusCode).toBe(200);
    expect(back.json().days).toHaveLength(1);
    expect(back.json().days[0].startsAt).toBe(iso(plan.startsAt));
  });
});

describe('calendar files and the feed, read with ical.js', () => {
  it('the download has one event per day, the shared UIDs and SUMMARY; a draft is tentative', async () => {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id], { title: 'Netzwerktreffen', ...networkEvent() });
    const res = await h.request({
      method: 'GET',
      url: `/v1/workshops/${ws.id}/calendar.ics`,
      token: w.admin.token,
    });
    const { method, events } = readCalendar(res.body);
    expect(method).toBe('PUBLISH');
    expect(events.map((e) => [e.uid, e.summary, e.status, e.start, e.end])).toEqual(
      (ws.days as { startsAt: string; endsAt: string }[]).map((d, i) => [
        i === 0 ? `workshop-${ws.id}@werkstatt` : `workshop-${ws.id}-day2@werkstatt`,
        `Netzwerktreffen (Tag ${i + 1} von 2)`,
        'CONFIRMED',
        d.startsAt,
        d.endsAt,
      ]),
    );

    const draft = await createWorkshop(h, w, [m.id], { title: 'Entwurf', status: 'draft' });
    const file = await h.request({
      method: 'GET',
      url: `/v1/workshops/${draft.id}/calendar.ics`,
      token: w.admin.token,
    });
    expect(readCalendar(file.body).events).toEqual([
      expect.objectContaining({ summary: 'Entwurf (vorläufig)', status: 'TENTATIVE', sequence: 0 }),
    ]);
  });

  it('the feed carries every day, and a cancelled workshop with a raised SEQUENCE', async () => {
    const m = await h.municipality();
    const two = await createWorkshop(h, w, [m.id], { title: 'Netzwerktreffen', ...networkEvent() });
    const one = await createWorkshop(h, w, [m.id], { title: 'Abgesagte Werkstatt' });
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${one.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Krankheit' },
    });
    const admin = await h.user('municipality_admin', m.id);
    const { url } = (
      await h.request({ method: 'POST', url: `/v1/municipalities/${m.id}/calendar-feed`, token: admin.token })
    ).json();
    const feed = await h.request({ method: 'GET', url: new URL(url).pathname });
    const { events } = readCalendar(feed.body);
    expect(events.map((e) => [e.uid, e.summary, e.status, e.sequence]).sort()).toEqual(
      [
        [`workshop-${one.id}@werkstatt`, 'Abgesagt: Abgesagte Werkstatt', 'CANCELLED', 1],
        [`workshop-${two.id}@werkstatt`, 'Netzwerktreffen (Tag 1 von 2)', 'CONFIRMED', 0],
        [`workshop-${two.id}-day2@werkstatt`, 'Netzwerktreffen (Tag 2 von 2)', 'CONFIRMED', 0],
      ].sort(),
    );
  });
});
