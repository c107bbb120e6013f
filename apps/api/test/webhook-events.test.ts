import { outbox, webhookEvents } from '@werkstatt/db';
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';
import {
  createWorkshop,
  participant,
  type WorkshopWorld,
  workshopWorld,
} from './support/workshop-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let admin: TestUser;
let programAdmin: TestUser;

const etagOf = (res: LightMyRequestResponse) => res.headers.etag as string;

interface RecordedEvent {
  id: string;
  type: string;
  municipalityIds: string[];
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  fanout: { municipalityId: string | null; payload: unknown } | undefined;
}

/** The events about one resource (by data.id), oldest first, each with its fan-out job. */
async function eventsOf(resourceId: string): Promise<RecordedEvent[]> {
  const rows = await h.owner
    .select()
    .from(webhookEvents)
    .where(sql`${webhookEvents.payload} -> 'data' ->> 'id' = ${resourceId}`)
    .orderBy(webhookEvents.id);
  const jobs = await h.owner
    .select()
    .from(outbox)
    .where(and(eq(outbox.queue, 'webhooks'), eq(outbox.jobName, 'webhook.fanout')));
  return rows.map((r) => {
    const job = jobs.find((j) => (j.payload as { eventId: string }).eventId === r.id);
    return {
      id: r.id,
      type: r.type,
      municipalityIds: r.municipalityIds,
      payload: r.payload as RecordedEvent['payload'],
      fanout: job ? { municipalityId: job.municipalityId, payload: job.payload } : undefined,
    };
  });
}

const typesOf = async (id: string) => (await eventsOf(id)).map((e) => e.type);

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 3);
  mid = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  programAdmin = await h.user('program_admin');
  const res = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => h.close());

const measuresUrl = (path = '') => `/v1/municipalities/${mid}/measures${path}`;

async function createMeasure(title: string, token = admin.token) {
  const res = await h.request({
    method: 'POST',
    url: measuresUrl(),
    token,
    payload: { title, actionFieldId: program.fields[0]!.id },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

describe('measure events', () => {
  it('a created and a changed measure record events with the GET representation and a fan-out job', async () => {
    const created = await createMeasure('Freies WLAN im Bürgerhaus');
    const id = created.json().id;
    const patched = await h.request({
      method: 'PATCH',
      url: measuresUrl(`/${id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(created) },
      payload: { status: 'in_progress' },
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(['measure.created', 'measure.updated']);
    const updated = events[1]!;
    expect(updated.municipalityIds).toEqual([mid]);
    expect(updated.payload.type).toBe('measure.updated');
    expect(new Date(updated.payload.timestamp).toISOString()).toBe(updated.payload.timestamp);
    // The data is what GET returns.
    const got = await h.request({ method: 'GET', url: measuresUrl(`/${id}`), token: admin.token });
    expect(updated.payload.data).toEqual(got.json());
    // The fan-out job is scoped to the writer's municipality (a municipality admin: tenant scope).
    expect(updated.fanout).toEqual({
      municipalityId: mid,
      payload: { eventId: updated.id, municipalityId: mid },
    });
  });

  it('a refused change (412) records nothing', async () => {
    const created = await createMeasure('Digitale Sprechstunde');
    const id = created.json().id;
    const first = await h.request({
      method: 'PATCH',
      url: measuresUrl(`/${id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(created) },
      payload: { status: 'in_progress' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await h.request({
      method: 'PATCH',
      url: measuresUrl(`/${id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(created) },
      payload: { status: 'done' },
    });
    expect(stale.statusCode).toBe(412);
    expect(await typesOf(id)).toEqual(['measure.created', 'measure.updated']);
  });

  it('the program office’s changes are scoped to the platform (fan-out without municipality)', async () => {
    const created = await createMeasure('Online-Bürgerbeteiligung', programAdmin.token);
    const [event] = await eventsOf(created.json().id);
    expect(event!.fanout?.municipalityId).toBeNull();
    expect(event!.municipalityIds).toEqual([mid]);
  });

  it('a deleted measure records measure.deleted with id, municipality and time', async () => {
    const created = await createMeasure('Wird gelöscht');
    const id = created.json().id;
    const del = await h.request({
      method: 'DELETE',
      url: measuresUrl(`/${id}`),
      token: admin.token,
      headers: { 'if-match': etagOf(created) },
    });
    expect(del.statusCode, del.body).toBe(204);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(['measure.created', 'measure.deleted']);
    expect(events[1]!.payload.data).toEqual({ id, municipalityId: mid, deletedAt: expect.any(String) });
  });

  it('a bulk update records one event per measure', async () => {
    const a = (await createMeasure('Bulk A')).json().id;
    const b = (await createMeasure('Bulk B')).json().id;
    const res = await h.request({
      method: 'POST',
      url: measuresUrl('/bulk-update'),
      token: admin.token,
      payload: {
        items: [
          { id: a, status: 'on_hold' },
          { id: b, status: 'in_progress' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await typesOf(a)).toEqual(['measure.created', 'measure.updated']);
    expect(await typesOf(b)).toEqual(['measure.created', 'measure.updated']);
    expect((await eventsOf(b))[1]!.payload.data).toMatchObject({ id: b, status: 'in_progress' });
  });
});

describe('strategy events', () => {
  it('publishing and adopting record strategy.published and strategy.adopted once each', async () => {
    const other = (await h.municipality()).id;
    const otherAdmin = await h.user('municipality_admin', other);
    const fields = [program.fields[0]!.id];
    const first = await putStrategy(h, otherAdmin.token, other, strategyBody(program.id, fields));
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json().id;
    expect(await typesOf(id)).toEqual([]);

    const published = await putStrategy(
      h,
      otherAdmin.token,
      other,
      strategyBody(program.id, fields, { visibility: 'public' }),
      etagOf(first),
    );
    expect(published.statusCode, published.body).toBe(200);
    expect(await typesOf(id)).toEqual(['strategy.published']);

    const adopted = await putStrategy(
      h,
      otherAdmin.token,
      other,
      strategyBody(program.id, fields, { visibility: 'public', status: 'adopted', adoptedOn: '2027-02-14' }),
      etagOf(published),
    );
    expect(adopted.statusCode, adopted.body).toBe(200);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(['strategy.published', 'strategy.adopted']);
    expect(events[1]!.payload.data).toEqual(adopted.json());
    expect(events[1]!.municipalityIds).toEqual([other]);

    // Saving again changes neither visibility nor status: no further event.
    const again = await putStrategy(
      h,
      otherAdmin.token,
      other,
      strategyBody(program.id, fields, {
        visibility: 'public',
        status: 'adopted',
        adoptedOn: '2027-02-14',
        title: 'Neuer Titel',
      }),
      etagOf(adopted),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(await typesOf(id)).toEqual(['strategy.published', 'strategy.adopted']);
  });
});

describe('workshop and registration events', () => {
  let world: WorkshopWorld;
  let a: string;
  let b: string;

  beforeAll(async () => {
    world = await workshopWorld(h);
    a = (await h.municipality()).id;
    b = (await h.municipality({ kind: 'stadt' })).id;
  });

  it('creating and cancelling a workshop record events naming all its municipalities', async () => {
    const workshop = await createWorkshop(h, world, [a, b]);
    const cancel = await h.request({
      method: 'POST',
      url: `/v1/workshops/${workshop.id}/cancel`,
      token: world.admin.token,
      payload: { reason: 'Erkrankung der Moderation' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const events = await eventsOf(workshop.id);
    expect(events.map((e) => e.type)).toEqual(['workshop.created', 'workshop.cancelled']);
    expect(events[0]!.municipalityIds.sort()).toEqual([a, b].sort());
    expect(events[0]!.payload.data).toEqual(workshop);
    expect(events[1]!.payload.data).toMatchObject({ id: workshop.id, status: 'cancelled' });
    expect(events[1]!.fanout?.municipalityId).toBeNull();
  });

  it('an update records workshop.updated', async () => {
    const workshop = await createWorkshop(h, world, [a]);
    const got = await h.request({
      method: 'GET',
      url: `/v1/workshops/${workshop.id}`,
      token: world.admin.token,
    });
    const res = await h.request({
      method: 'PATCH',
      url: `/v1/workshops/${workshop.id}`,
      token: world.admin.token,
      headers: { 'if-match': etagOf(got) },
      payload: { title: 'Digital-Werkstatt im Westerwald' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = await eventsOf(workshop.id);
    expect(events.map((e) => e.type)).toEqual(['workshop.created', 'workshop.updated']);
    expect(events[1]!.payload.data).toMatchObject({ title: 'Digital-Werkstatt im Westerwald' });
  });

  it('registrations by the program office record created, cancelled and the promotion as updated', async () => {
    const workshop = await createWorkshop(h, world, [a], { capacity: 1 });
    const register = (n: number) =>
      h.request({
        method: 'POST',
        url: `/v1/workshops/${workshop.id}/registrations`,
        token: world.admin.token,
        payload: participant(n),
      });
    const first = await register(1);
    expect(first.statusCode, first.body).toBe(201);
    const second = await register(2);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().status).toBe('waitlisted');

    const firstEvents = await eventsOf(first.json().id);
    expect(firstEvents.map((e) => e.type)).toEqual(['registration.created']);
    expect(firstEvents[0]!.municipalityIds).toEqual([a]);
    expect(firstEvents[0]!.payload.data).toEqual(first.json());

    const cancel = await h.request({
      method: 'POST',
      url: `/v1/workshops/${workshop.id}/registrations/${first.json().id}/cancel`,
      token: world.admin.token,
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await typesOf(first.json().id)).toEqual(['registration.created', 'registration.cancelled']);
    const promoted = await eventsOf(second.json().id);
    expect(promoted.map((e) => e.type)).toEqual(['registration.created', 'registration.updated']);
    expect(promoted[1]!.payload.data).toMatchObject({ status: 'confirmed', waitlistPosition: null });
  });
});
