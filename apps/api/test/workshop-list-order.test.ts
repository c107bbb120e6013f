import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import { createWorkshop, type WorkshopWorld, workshopWorld } from './support/workshop-fixtures.js';

let h: Harness;
let w: WorkshopWorld;
/** Workshop ids in the order they were created. */
const created: { id: string; startsAt: string }[] = [];

// Scheduled out of date order, with two workshops starting at the same time (a tie broken by id).
const starts = [
  '2032-05-04T09:00:00+02:00',
  '2032-03-02T09:00:00+01:00',
  '2032-05-04T09:00:00+02:00',
  '2032-01-20T09:00:00+01:00',
  '2032-09-15T09:00:00+02:00',
];

beforeAll(async () => {
  h = await createHarness();
  w = await workshopWorld(h);
  for (const startsAt of starts) {
    const m = await h.municipality();
    const ws = await createWorkshop(h, w, [m.id], {
      startsAt,
      endsAt: startsAt.replace('09:00', '17:00'),
    });
    created.push({ id: ws.id, startsAt: new Date(startsAt).toISOString() });
  }
});
afterAll(() => h.close());

/** Every page with `limit` 2, as a client follows nextCursor. */
async function allPages(sort?: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const query = new URLSearchParams({ programId: w.programId, limit: '2' });
    if (sort) query.set('sort', sort);
    if (cursor) query.set('cursor', cursor);
    const res = await h.request({ method: 'GET', url: `/v1/workshops?${query}`, token: w.admin.token });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    ids.push(...body.data.map((x: { id: string }) => x.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('pagination did not end');
}

const byStart = (dir: 1 | -1) =>
  [...created]
    .sort((a, b) => dir * (a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id)))
    .map((x) => x.id);

describe('the order of GET /v1/workshops', () => {
  it('goes by start by default, ties by id, across pages without gaps or repeats', async () => {
    const ids = await allPages();
    expect(ids).toEqual(byStart(1));
    expect(ids[0]).toBe(created[3]!.id);
    expect(ids.at(-1)).toBe(created[4]!.id);
  });

  it('sort=startsAt is the default spelled out; -startsAt is latest first', async () => {
    expect(await allPages('startsAt')).toEqual(byStart(1));
    const latestFirst = await allPages('-startsAt');
    expect(latestFirst).toEqual(byStart(-1));
    expect(latestFirst[0]).toBe(created[4]!.id);
  });

  it('sort=createdAt keeps the order they were scheduled in', async () => {
    expect(await allPages('createdAt')).toEqual(created.map((x) => x.id));
  });

  it('refuses an unknown sort and a cursor of another order (400)', async () => {
    const unknown = await h.request({
      method: 'GET',
      url: '/v1/workshops?sort=title',
      token: w.admin.token,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('validation_failed');

    const first = await h.request({
      method: 'GET',
      url: `/v1/workshops?programId=${w.programId}&limit=1&sort=createdAt`,
      token: w.admin.token,
    });
    const cursor = first.json().nextCursor;
    const mixed = await h.request({
      method: 'GET',
      url: `/v1/workshops?programId=${w.programId}&limit=1&sort=startsAt&cursor=${cursor}`,
      token: w.admin.token,
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors).toEqual([{ path: 'cursor', message: 'Invalid cursor' }]);
  });
});
