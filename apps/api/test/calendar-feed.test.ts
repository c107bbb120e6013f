import { auditEvents, calendarFeeds, workshops } from '@werkstatt/db';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import { createWorkshop, type WorkshopWorld, workshopWorld } from './support/workshop-fixtures.js';

let h: Harness;
let w: WorkshopWorld;

beforeAll(async () => {
  h = await createHarness();
  w = await workshopWorld(h);
});
afterAll(() => h.close());

async function rotate(municipalityId: string, token: string) {
  return h.request({ method: 'POST', url: `/v1/municipalities/${municipalityId}/calendar-feed`, token });
}

const pathOf = (url: string) => new URL(url).pathname;

describe('calendar feed of a municipality', () => {
  it('serves every non-draft workshop the municipality takes part in, without credentials', async () => {
    const a = await h.municipality();
    const other = await h.municipality();
    const published = await createWorkshop(h, w, [other.id, a.id], { title: 'Gemeinsame Werkstatt' });
    const cancelled = await createWorkshop(h, w, [a.id], { title: 'Abgesagte Werkstatt' });
    await h.request({
      method: 'POST',
      url: `/v1/workshops/${cancelled.id}/cancel`,
      token: w.admin.token,
      payload: { reason: 'Krankheit' },
    });
    const draft = await createWorkshop(h, w, [a.id], { status: 'draft', title: 'Entwurf' });
    const foreign = await createWorkshop(h, w, [other.id], { title: 'Fremde Werkstatt' });

    const admin = await h.user('municipality_admin', a.id);
    const res = await rotate(a.id, admin.token);
    expect(res.statusCode).toBe(201);
    const { url } = res.json();
    expect(url).toMatch(/\/v1\/public\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    // Only the hash is stored.
    const [row] = await h.owner.select().from(calendarFeeds).where(eq(calendarFeeds.municipalityId, a.id));
    expect(url).not.toContain(row!.tokenHash);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const feed = await h.request({ method: 'GET', url: pathOf(url) });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = feed.body;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
    expect(ics).toContain(`UID:workshop-${published.id}@werkstatt`);
    expect(ics).toContain(`UID:workshop-${cancelled.id}@werkstatt`);
    expect(ics).not.toContain(draft.id);
    expect(ics).not.toContain(foreign.id);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics.match(/DTSTAMP:\d{8}T\d{6}Z/g)).toHaveLength(2);
    expect(ics).toMatch(/DTSTART;TZID=Europe\/Berlin:\d{8}T090000/);
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('SUMMARY:Gemeinsame Werkstatt');
    const [cancelledRow] = await h.owner.select().from(workshops).where(eq(workshops.id, cancelled.id));
    expect(ics).toContain(`SEQUENCE:${cancelledRow!.calendarSequence}`);
  });

  it('rotating makes the old URL a 404; unknown and malformed tokens are 404 too', async () => {
    const a = await h.municipality();
    const admin = await h.user('municipality_admin', a.id);
    const first = (await rotate(a.id, admin.token)).json().url;
    const second = (await rotate(a.id, admin.token)).json().url;
    expect(second).not.toBe(first);
    const old = await h.request({ method: 'GET', url: pathOf(first) });
    expect(old.statusCode).toBe(404);
    expect(old.headers['content-type']).toContain('application/problem+json');
    expect((await h.request({ method: 'GET', url: pathOf(second) })).statusCode).toBe(200);
    for (const token of ['A'.repeat(43), 'kurz', '..%2F..%2Fetc']) {
      const res = await h.request({ method: 'GET', url: `/v1/public/calendar/${token}.ics` });
      expect(res.statusCode, token).toBe(404);
    }
  });

  it("only the municipality's admin and the program administrator create or rotate it; viewers, editors and keys get 403", async () => {
    const a = await h.municipality();
    const b = await h.municipality();
    const foreign = await rotate(a.id, (await h.user('municipality_admin', b.id)).token);
    expect(foreign.statusCode).toBe(404);
    const refused = [
      (await h.user('municipality_viewer', a.id)).token,
      (await h.user('municipality_editor', a.id)).token,
      (await h.user('moderator')).token,
      (await h.apiKey(['municipality:read', 'municipality:write'], a.id)).key,
      (await h.apiKey(['municipality:read', 'municipality:write'])).key,
    ];
    for (const token of refused) {
      const res = await rotate(a.id, token);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await h.owner.select().from(calendarFeeds).where(eq(calendarFeeds.municipalityId, a.id))).toEqual(
      [],
    );
    expect((await rotate(a.id, w.admin.token)).statusCode).toBe(201);
    expect((await rotate(a.id, (await h.user('municipality_admin', a.id)).token)).statusCode).toBe(201);
    expect((await rotate(crypto.randomUUID(), w.admin.token)).statusCode).toBe(404);
  });

  it('creating and rotating are audited with who did it, never with the secret', async () => {
    const a = await h.municipality();
    const admin = await h.user('municipality_admin', a.id);
    const first = (await rotate(a.id, admin.token)).json().url as string;
    const second = (await rotate(a.id, w.admin.token)).json().url as string;
    const events = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'calendar_feed'), eq(auditEvents.entityId, a.id)))
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));
    expect(events.map((e) => [e.action, e.actorId, e.municipalityId])).toEqual([
      ['calendar_feed.created', admin.id, a.id],
      ['calendar_feed.rotated', w.admin.id, a.id],
    ]);
    const [row] = await h.owner.select().from(calendarFeeds).where(eq(calendarFeeds.municipalityId, a.id));
    const text = JSON.stringify(events);
    for (const secret of [first, second].map((u) => pathOf(u).split('/').pop()!.replace('.ics', ''))) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(row!.tokenHash);
  });

  it('belongs to the municipality: it keeps working after the user who made it is deleted', async () => {
    const a = await h.municipality();
    const admin = await h.user('municipality_admin', a.id);
    const url = (await rotate(a.id, admin.token)).json().url as string;
    const [row] = await h.owner.select().from(calendarFeeds).where(eq(calendarFeeds.municipalityId, a.id));
    expect(Object.keys(row!).sort()).toEqual(['createdAt', 'municipalityId', 'tokenHash', 'updatedAt']);
    const deleted = await h.request({ method: 'DELETE', url: `/v1/users/${admin.id}`, token: w.admin.token });
    expect(deleted.statusCode).toBe(204);
    expect((await h.request({ method: 'GET', url: pathOf(url) })).statusCode).toBe(200);
  });
});

describe('rate limit of the public feed', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await createHarness({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => limited.close());

  it('answers 429 per client address once the limit is used up', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await limited.request({ method: 'GET', url: `/v1/public/calendar/${'B'.repeat(43)}.ics` }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
  });
});
