import { randomUUID } from 'node:crypto';
import { auditEvents, type municipalities } from '@werkstatt/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestKey, type TestUser } from './support/harness.js';

let h: Harness;
let admin: TestUser;
let moderator: TestUser;
let adminA: TestUser;
let editorA: TestUser;
let viewerA: TestUser;
let adminB: TestUser;
let keys: TestKey[];
let a: typeof municipalities.$inferSelect;
let b: typeof municipalities.$inferSelect;

interface EventDto {
  id: string;
  occurredAt: string;
  actor: { type: string; id: string | null; label: string | null };
  municipalityId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}
interface EventPage {
  data: EventDto[];
  nextCursor: string | null;
}

const list = async (query: string, token = admin.token) => {
  const res = await h.request({ method: 'GET', url: `/v1/audit-events${query ? `?${query}` : ''}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as EventPage;
};

/** Writes events directly (the owner connection), e.g. with chosen times, and returns their ids in order. */
async function seedEvents(
  n: number,
  values: Partial<typeof auditEvents.$inferInsert> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const [row] = await h.owner
      .insert(auditEvents)
      .values({
        actorType: 'user',
        actorId: admin.id,
        actorLabel: admin.email,
        municipalityId: null,
        action: 'fixture.created',
        entityType: 'fixture',
        entityId: randomUUID(),
        ...values,
      })
      .returning();
    ids.push(row!.id);
  }
  return ids;
}

let changeOfA: { eventId: string; requestId: string };
let changeOfB: string;
let programEvent: string;

beforeAll(async () => {
  h = await createHarness();
  a = await h.municipality({ name: 'Verbandsgemeinde Alpha-Tal' });
  b = await h.municipality({ name: 'Verbandsgemeinde Beta-Höhe' });
  admin = await h.user('program_admin');
  moderator = await h.user('moderator');
  adminA = await h.user('municipality_admin', a.id);
  editorA = await h.user('municipality_editor', a.id);
  viewerA = await h.user('municipality_viewer', a.id);
  adminB = await h.user('municipality_admin', b.id);
  keys = [
    await h.apiKey(['public:read']),
    await h.apiKey(['municipality:read', 'municipality:write'], a.id),
    await h.apiKey(['municipality:read', 'municipality:write']),
  ];

  // Real changes through the API, so the trail holds what the modules write.
  const patchA = await h.request({
    method: 'PATCH',
    url: `/v1/municipalities/${a.id}`,
    token: admin.token,
    payload: { population: 8000 },
  });
  expect(patchA.statusCode).toBe(200);
  const patchB = await h.request({
    method: 'PATCH',
    url: `/v1/municipalities/${b.id}`,
    token: admin.token,
    payload: { population: 9000 },
  });
  expect(patchB.statusCode).toBe(200);
  const program = await h.request({
    method: 'POST',
    url: '/v1/programs',
    token: admin.token,
    payload: {
      name: 'Digital-Werkstatt',
      slug: 'audit-programm',
      startsOn: '2026-01-01',
      eligibleKinds: ['stadt'],
    },
  });
  expect(program.statusCode).toBe(201);

  const all = await list('limit=200');
  changeOfA = {
    eventId: all.data.find((e) => e.entityId === a.id)!.id,
    requestId: patchA.headers['x-request-id'] as string,
  };
  changeOfB = all.data.find((e) => e.entityId === b.id)!.id;
  programEvent = all.data.find((e) => e.entityId === program.json().id)!.id;
});
afterAll(() => h.close());

describe('audit events', () => {
  it('a program admin sees every event, newest first, in the documented shape', async () => {
    const page = await list('');
    expect(page.data.map((e) => e.id)).toEqual([programEvent, changeOfB, changeOfA.eventId]);
    const event = page.data.find((e) => e.id === changeOfA.eventId);
    expect(event).toEqual({
      id: changeOfA.eventId,
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      actor: { type: 'user', id: admin.id, label: admin.email },
      municipalityId: a.id,
      action: 'municipality.updated',
      entityType: 'municipality',
      entityId: a.id,
      before: expect.objectContaining({ id: a.id, population: null }),
      after: expect.objectContaining({ id: a.id, population: 8000 }),
      requestId: changeOfA.requestId,
    });
    const one = await h.request({
      method: 'GET',
      url: `/v1/audit-events/${programEvent}`,
      token: admin.token,
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ municipalityId: null, action: 'program.created', before: null });
  });

  it("a municipality admin sees only its municipality's events; another's is 404", async () => {
    const page = await list('', adminA.token);
    expect(page.data.map((e) => e.id)).toEqual([changeOfA.eventId]);
    // Asking for another municipality by filter shows nothing either.
    expect((await list(`municipalityId=${b.id}`, adminA.token)).data).toEqual([]);
    expect((await list(`entityId=${b.id}`, adminA.token)).data).toEqual([]);
    const own = await h.request({
      method: 'GET',
      url: `/v1/audit-events/${changeOfA.eventId}`,
      token: adminA.token,
    });
    expect(own.statusCode).toBe(200);
    for (const id of [changeOfB, programEvent]) {
      const res = await h.request({ method: 'GET', url: `/v1/audit-events/${id}`, token: adminA.token });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
      expect(res.body).not.toContain(b.id);
    }
    expect((await list('', adminB.token)).data.map((e) => e.id)).toEqual([changeOfB]);
  });

  it('everyone else, API keys included, gets 403', async () => {
    for (const token of [moderator.token, editorA.token, viewerA.token, ...keys.map((k) => k.key)]) {
      const listed = await h.request({ method: 'GET', url: '/v1/audit-events', token });
      expect(listed.statusCode).toBe(403);
      expect(listed.json().code).toBe('forbidden');
      const one = await h.request({ method: 'GET', url: `/v1/audit-events/${changeOfA.eventId}`, token });
      expect(one.statusCode).toBe(403);
    }
    expect((await h.request({ method: 'GET', url: '/v1/audit-events' })).statusCode).toBe(401);
  });

  it('an unknown id is 404, a malformed one 400', async () => {
    const unknown = await h.request({
      method: 'GET',
      url: `/v1/audit-events/${randomUUID()}`,
      token: admin.token,
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await h.request({ method: 'GET', url: '/v1/audit-events/123', token: admin.token });
    expect(bad.statusCode).toBe(400);
  });

  it('filters by entity, municipality, action and actor', async () => {
    const ids = async (query: string) => (await list(query)).data.map((e) => e.id);
    expect(await ids(`entityType=municipality&entityId=${a.id}`)).toEqual([changeOfA.eventId]);
    expect(await ids(`municipalityId=${b.id}`)).toEqual([changeOfB]);
    expect(await ids('action=program.created')).toEqual([programEvent]);
    expect(await ids('entityType=program')).toEqual([programEvent]);
    expect(await ids(`actorId=${admin.id}&action=municipality.updated`)).toEqual([
      changeOfB,
      changeOfA.eventId,
    ]);
    expect(await ids(`actorId=${adminA.id}`)).toEqual([]);
  });

  it('filters by time: occurredFrom inclusive, occurredTo exclusive', async () => {
    const at = (iso: string) => new Date(iso);
    const entityType = 'time_window';
    const [early] = await seedEvents(1, { entityType, occurredAt: at('2025-03-01T08:00:00Z') });
    const [middle] = await seedEvents(1, { entityType, occurredAt: at('2025-03-01T09:00:00Z') });
    const [late] = await seedEvents(1, { entityType, occurredAt: at('2025-03-01T10:00:00Z') });
    const ids = async (query: string) =>
      (await list(`entityType=${entityType}&${query}`)).data.map((e) => e.id);
    expect(await ids('occurredFrom=2025-03-01T09:00:00Z')).toEqual([late, middle]);
    expect(await ids('occurredTo=2025-03-01T09:00:00Z')).toEqual([early]);
    expect(await ids('occurredFrom=2025-03-01T10:00:00%2B01:00&occurredTo=2025-03-01T10:00:00Z')).toEqual([
      middle,
    ]);
  });

  it.each([
    ['occurredTo before occurredFrom', 'occurredFrom=2025-03-02T00:00:00Z&occurredTo=2025-03-01T00:00:00Z'],
    ['a malformed time', 'occurredFrom=gestern'],
    ['a malformed entity id', 'entityId=123'],
    ['an entity type with odd characters', 'entityType=Municipality%3B'],
    ['an action of 101 characters', `action=${'a'.repeat(101)}`],
    ['updatedSince (the trail is append-only)', 'updatedSince=2025-01-01T00:00:00Z'],
    ['a forged cursor', 'cursor=bm9wZQ'],
  ])('%s is a 400 problem', async (_what, query) => {
    const res = await h.request({ method: 'GET', url: `/v1/audit-events?${query}`, token: admin.token });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('pages newest first with cursors, each event once', async () => {
    const entityType = 'paging';
    const made = await seedEvents(5, { entityType, municipalityId: a.id });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: EventPage = await list(
        `entityType=${entityType}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        adminA.token,
      );
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  it('answers 304 to a matching If-None-Match', async () => {
    for (const url of ['/v1/audit-events?entityType=program', `/v1/audit-events/${programEvent}`]) {
      const first = await h.request({ method: 'GET', url, token: admin.token });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await h.request({
        method: 'GET',
        url,
        token: admin.token,
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
    }
  });
});
