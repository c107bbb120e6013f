import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWerkstattClient, type WerkstattClient } from '@werkstatt/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortal, type Portal } from '../src/portal.js';
import { freePort, type Stack, startStack } from './stack.js';

// The example against a live instance (API and worker processes on a fresh database with the demo
// data): it mirrors everything public, then follows changes through signed webhooks, and the mirror
// must equal what the API shows.
let stack: Stack;
let office: WerkstattClient;
let token: string;

/**
 * Writes as the program office with plain fetch: the generated client types request fields that
 * have a default as required (openapi-typescript's defaultNonNullable), and the test sends only some.
 */
async function write(method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.apiUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'if-match': '*',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}
let portal: Portal;
let dir: string;
let receiverPort: number;

const must = <T>(r: { data?: T; error?: unknown; response: Response }): T => {
  if (r.data === undefined)
    throw new Error(`${r.response.url}: ${r.response.status} ${JSON.stringify(r.error)}`);
  return r.data;
};

async function all<T>(page: (cursor?: string) => Promise<{ data: T[]; nextCursor: string | null }>) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    items.push(...p.data);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Everything public, read the ordinary way: per municipality, as the program office. */
async function publicStateFromApi() {
  const municipalities = await all((cursor) =>
    office.GET('/v1/municipalities', { params: { query: { limit: 200, cursor } } }).then(must),
  );
  const measures: Record<string, unknown> = {};
  const strategies: Record<string, unknown> = {};
  for (const m of municipalities) {
    const strategy = await office.GET('/v1/municipalities/{id}/strategy', { params: { path: { id: m.id } } });
    if (strategy.data?.visibility !== 'public') continue;
    strategies[strategy.data.id] = strategy.data;
    for (const measure of await all((cursor) =>
      office
        .GET('/v1/municipalities/{id}/measures', {
          params: { path: { id: m.id }, query: { limit: 200, cursor } },
        })
        .then(must),
    )) {
      measures[measure.id] = measure;
    }
  }
  const workshops = (
    await all((cursor) =>
      office.GET('/v1/workshops', { params: { query: { limit: 200, cursor } } }).then(must),
    )
  ).filter((w) => w.status !== 'draft');
  return { measures, strategies, workshops: Object.fromEntries(workshops.map((w) => [w.id, w])) };
}

/** The mirror equals the API: the same items, and each mirrored item as the API shows it. */
async function mirrorMatchesApi(): Promise<string | undefined> {
  const api = await publicStateFromApi();
  const mirror = portal.mirror().feeds;
  for (const feed of ['measures', 'strategies'] as const) {
    const mirrored = Object.fromEntries(Object.entries(mirror[feed].items).map(([id, i]) => [id, i.data]));
    if (JSON.stringify(Object.keys(mirrored).sort()) !== JSON.stringify(Object.keys(api[feed]).sort())) {
      return `${feed}: ids differ`;
    }
    for (const [id, item] of Object.entries(api[feed])) {
      if (JSON.stringify(mirrored[id]) !== JSON.stringify(item)) return `${feed} ${id} differs`;
    }
  }
  const workshopIds = Object.keys(mirror.workshops.items).sort();
  if (JSON.stringify(workshopIds) !== JSON.stringify(Object.keys(api.workshops).sort()))
    return 'workshops: ids differ';
  for (const [id, w] of Object.entries(api.workshops)) {
    const mirrored = mirror.workshops.items[id]!.data;
    if (mirrored.title !== w.title || mirrored.status !== w.status || mirrored.startsAt !== w.startsAt) {
      return `workshop ${id} differs`;
    }
  }
  return undefined;
}

async function eventually(what: string, check: () => Promise<string | undefined | false | true>) {
  let last: unknown;
  for (let i = 0; i < 150; i++) {
    last = await check();
    if (last === undefined || last === true) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: ${String(last)}`);
}

beforeAll(async () => {
  receiverPort = await freePort();
  stack = await startStack(`http://127.0.0.1:${receiverPort}`);
  const anonymous = createWerkstattClient({ baseUrl: stack.apiUrl });
  const login = must(
    await anonymous.POST('/v1/auth/login', {
      body: { email: 'programmbuero@werkstatt.example', password: 'Werkstatt-Demo-2026' },
    }),
  );
  token = login.accessToken;
  office = createWerkstattClient({ baseUrl: stack.apiUrl, getAccessToken: () => token });
  const key = must(
    await office.POST('/v1/api-keys', { body: { name: 'Landesportal (Test)', scopes: ['public:read'] } }),
  );
  const created = await write('POST', '/v1/webhooks', {
    url: `http://127.0.0.1:${receiverPort}/werkstatt`,
    events: [
      'measure.created',
      'measure.updated',
      'measure.deleted',
      'strategy.published',
      'strategy.adopted',
      'workshop.created',
      'workshop.updated',
      'workshop.cancelled',
    ],
    description: 'Landesportal (Test)',
  });
  expect(created.status).toBe(201);
  const subscription = (await created.json()) as { secret: string };
  dir = await mkdtemp(path.join(tmpdir(), 'portal-sync-'));
  portal = await createPortal({
    baseUrl: stack.apiUrl,
    apiKey: key.key,
    file: path.join(dir, 'mirror.json'),
    webhookSecrets: [subscription.secret],
  });
  await portal.listen(receiverPort);
});

afterAll(async () => {
  await portal?.close();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('examples/portal-sync against a live instance', () => {
  it('mirrors everything public through the feeds into its JSON file', async () => {
    const first = await portal.sync();
    expect(first.upserted.measures).toBeGreaterThan(0);
    expect(first.upserted.strategies).toBeGreaterThan(0);
    expect(await mirrorMatchesApi()).toBeUndefined();
    const file = JSON.parse(await readFile(path.join(dir, 'mirror.json'), 'utf8'));
    expect(Object.keys(file.feeds.measures.items)).toEqual(Object.keys(portal.mirror().feeds.measures.items));
  });

  it('follows changes and deletions from signed webhooks until the mirror equals the API again', async () => {
    const [someStrategy] = Object.values(portal.mirror().feeds.strategies.items);
    const municipalityId = someStrategy!.municipality!.id;
    const measures = Object.entries(portal.mirror().feeds.measures.items).filter(
      ([, m]) => m.municipality?.id === municipalityId,
    );
    expect(measures.length).toBeGreaterThanOrEqual(2);
    const [[changedId], [deletedId]] = measures as [[string, unknown], [string, unknown]];

    const base = `/v1/municipalities/${municipalityId}/measures`;
    const changed = await write('PATCH', `${base}/${changedId}`, {
      title: 'Glasfaser für alle Ortsteile (fortgeschrieben)',
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await write('DELETE', `${base}/${deletedId}`)).status).toBe(204);
    const response = await write('POST', base, {
      actionFieldId: (someStrategy!.data.fields as { actionFieldId: string }[])[0]!.actionFieldId,
      title: 'Digitale Sprechstunde im Rathaus',
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = (await response.json()) as { id: string };

    await eventually('webhooks for the three changes', async () => {
      const types = portal.received.map((e) => e.type);
      return (
        ['measure.updated', 'measure.deleted', 'measure.created'].every((t) => types.includes(t)) ||
        types.join()
      );
    });
    await eventually('the mirror equals the API', mirrorMatchesApi);
    const mirrored = portal.mirror().feeds.measures.items;
    expect(mirrored[changedId]?.data.title).toBe('Glasfaser für alle Ortsteile (fortgeschrieben)');
    expect(mirrored[deletedId]).toBeUndefined();
    expect(mirrored[created.id]?.data.title).toBe('Digitale Sprechstunde im Rathaus');
    // At-least-once delivery, handled once: every webhook id at most once.
    const ids = portal.received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a webhook whose signature does not verify, and changes nothing', async () => {
    const before = portal.received.length;
    const res = await fetch(`http://127.0.0.1:${receiverPort}/werkstatt`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,bm90LWEtc2lnbmF0dXJl',
      },
      body: JSON.stringify({ type: 'measure.deleted', timestamp: new Date().toISOString(), data: {} }),
    });
    expect(res.status).toBe(401);
    expect(portal.received.length).toBe(before);
  });
});
