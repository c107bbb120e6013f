import { measures, municipalities, publicChanges, strategies, strategyFields } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFeedPage } from '../src/modules/strategy/public-feed.schemas.js';
import type { Harness, TestKey, TestUser } from './support/harness.js';
import { createHarness } from './support/harness.js';
import { createProgram, type TestProgram } from './support/strategy-fixtures.js';
import { createWorkshop, participant, workshopWorld } from './support/workshop-fixtures.js';

// The public change feeds: every municipality's public measures, strategies and workshops in commit
// order, with tombstones, and never a change skipped by a reader that keeps its cursor.
let h: Harness;
let program: TestProgram;
let publicKey: TestKey;
let editor: TestUser;

interface FeedBody {
  data: {
    position: string;
    id: string;
    municipality: { id: string; name: string } | null;
    deletedAt: string | null;
    data: Record<string, unknown> | null;
  }[];
  nextCursor: string | null;
  syncCursor: string;
}

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h);
  publicKey = await h.apiKey(['public:read']);
});
afterAll(() => h.close());

async function tenant(name: string, visibility: 'public' | 'private') {
  const row = await h.municipality({ name });
  const [s] = await h.owner
    .insert(strategies)
    .values({ municipalityId: row.id, programId: program.id, title: `Digitalstrategie ${name}`, visibility })
    .returning();
  return { id: row.id, name, strategyId: s!.id };
}

const insertMeasure = async (municipalityId: string, title: string) =>
  (
    await h.owner
      .insert(measures)
      .values({ municipalityId, actionFieldId: program.fields[0]!.id, rank: 1, title })
      .returning()
  )[0]!.id;

async function feed(kind: string, cursor?: string, limit?: number, token = publicKey.key): Promise<FeedBody> {
  const query = new URLSearchParams({
    ...(cursor ? { cursor } : {}),
    ...(limit ? { limit: String(limit) } : {}),
  });
  const res = await h.request({ method: 'GET', url: `/v1/public/${kind}?${query}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Reads the feed to its end from a cursor; the items and the cursor to keep. */
async function drain(kind: string, cursor?: string, limit?: number) {
  const items: FeedBody['data'] = [];
  let next = cursor;
  for (;;) {
    const page = await feed(kind, next, limit);
    items.push(...page.data);
    if (!page.nextCursor) return { items, cursor: page.syncCursor };
    next = page.nextCursor;
  }
}

/**
 * Other test files share the Postgres cluster, and the horizon is the cluster's oldest open
 * transaction: their short transactions may hold a change back for a moment. Poll until `until` holds.
 */
async function drainUntil(
  kind: string,
  cursor: string | undefined,
  until: (items: FeedBody['data']) => boolean,
) {
  const items: FeedBody['data'] = [];
  let next = cursor;
  for (let i = 0; i < 100; i++) {
    const page = await drain(kind, next);
    items.push(...page.items);
    next = page.cursor;
    if (until(items)) return { items, cursor: next };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the ${kind} feed did not deliver what was expected: ${JSON.stringify(items)}`);
}

const ids = (items: FeedBody['data']) => items.map((i) => i.id);

describe('the public measures feed', () => {
  it('lists the measures of public strategies of every municipality, with their municipality, never private ones', async () => {
    const open = await tenant('Gemeinde Offenbach-Hundheim', 'public');
    const closed = await tenant('Gemeinde Verschlossen', 'private');
    const shown = await insertMeasure(open.id, 'WLAN im Bürgerhaus');
    const hidden = await insertMeasure(closed.id, 'Geheime Maßnahme');
    const { items } = await drainUntil('measures', undefined, (all) => ids(all).includes(shown));
    const item = items.find((i) => i.id === shown)!;
    expect(item.municipality).toMatchObject({ id: open.id, name: open.name });
    expect(item.deletedAt).toBeNull();
    expect(item.data).toMatchObject({ id: shown, title: 'WLAN im Bürgerhaus', municipalityId: open.id });
    expect(item.position).toMatch(/^\d+$/);
    expect(ids(items)).not.toContain(hidden);
    expect(JSON.stringify(items)).not.toContain('Geheime Maßnahme');
  });

  it('encodes each measure exactly as the contract and GET have it', async () => {
    const m = await tenant('Stadt Vollständig', 'public');
    const [full] = await h.owner
      .insert(measures)
      .values({
        municipalityId: m.id,
        actionFieldId: program.fields[0]!.id,
        rank: 2,
        title: 'Glasfaser „bis ins Haus“ – Übersicht',
        description: 'Zeile 1\nZeile 2 mit "Anführungszeichen" und \\ Backslash',
        lead: 'Bauamt',
        startWindow: 'within_2_years',
        startDate: '2025-01-01',
        endDate: '2025-06-30',
        status: 'in_progress',
        progress: 40,
        budgetCents: 12_345_678_901,
        fundingSource: 'Land',
        indicators: [
          {
            name: 'Anschlüsse',
            unit: 'Haushalte',
            baseline: 10,
            target: 500.5,
            currentValue: null,
            currentAsOf: null,
          },
          {
            name: 'Zufriedenheit',
            unit: null,
            baseline: null,
            target: 4,
            currentValue: 3,
            currentAsOf: '2026-10-01',
          },
        ],
      })
      .returning();
    const { items } = await drainUntil('measures', undefined, (all) => ids(all).includes(full!.id));
    const res = await h.request({ method: 'GET', url: '/v1/public/measures', token: publicKey.key });
    // Every member the schema declares, of the declared type, and nothing else: parsing keeps the
    // length of the text only when no member was dropped.
    const parsed = measureFeedPage.parse(res.json());
    expect(JSON.stringify(parsed).length).toBe(JSON.stringify(res.json()).length);
    const single = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${m.id}/measures/${full!.id}`,
      token: publicKey.key,
    });
    expect(single.statusCode, single.body).toBe(200);
    expect(items.find((i) => i.id === full!.id)?.data).toStrictEqual(single.json());
    expect(single.json()).toMatchObject({
      overdue: true,
      progressSource: 'manual',
      budgetCents: 12_345_678_901,
    });
  });

  it('moves a changed measure behind the cursor and sends a tombstone for a deleted one', async () => {
    const m = await tenant('Stadt Änderungshausen', 'public');
    const kept = await insertMeasure(m.id, 'Digitales Rathaus');
    const gone = await insertMeasure(m.id, 'Papierakte');
    const first = await drainUntil('measures', undefined, (all) => ids(all).includes(gone));

    await h.owner.update(measures).set({ title: 'Digitales Rathaus 2.0' }).where(eq(measures.id, kept));
    await h.owner.update(measures).set({ deletedAt: new Date() }).where(eq(measures.id, gone));
    const later = await drainUntil(
      'measures',
      first.cursor,
      (all) => ids(all).includes(kept) && ids(all).includes(gone),
    );
    expect(later.items.find((i) => i.id === kept)?.data).toMatchObject({ title: 'Digitales Rathaus 2.0' });
    const tombstone = later.items.find((i) => i.id === gone)!;
    expect(tombstone.data).toBeNull();
    expect(tombstone.deletedAt).not.toBeNull();
    expect(tombstone.municipality?.id).toBe(m.id);
    // Each change once: what came before the cursor does not come again.
    expect(later.items.filter((i) => i.id === kept)).toHaveLength(1);
    const positions = later.items.map((i) => BigInt(i.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('turns every measure into a tombstone when the strategy goes private, and back when it is published again', async () => {
    const m = await tenant('Gemeinde Wechselburg', 'public');
    const a = await insertMeasure(m.id, 'Maßnahme A');
    const b = await insertMeasure(m.id, 'Maßnahme B');
    const start = await drainUntil('measures', undefined, (all) => ids(all).includes(b));

    await h.owner.update(strategies).set({ visibility: 'private' }).where(eq(strategies.id, m.strategyId));
    const hidden = await drainUntil(
      'measures',
      start.cursor,
      (all) => ids(all).includes(a) && ids(all).includes(b),
    );
    expect(
      hidden.items.filter((i) => [a, b].includes(i.id)).every((i) => i.data === null && i.deletedAt),
    ).toBe(true);

    await h.owner.update(strategies).set({ visibility: 'public' }).where(eq(strategies.id, m.strategyId));
    const shown = await drainUntil(
      'measures',
      hidden.cursor,
      (all) => ids(all).includes(a) && ids(all).includes(b),
    );
    expect(shown.items.filter((i) => [a, b].includes(i.id)).every((i) => i.data !== null)).toBe(true);
  });

  it('sends tombstones for everything of a deleted municipality', async () => {
    const m = await tenant('Gemeinde Aufgelöst', 'public');
    const a = await insertMeasure(m.id, 'Letzte Maßnahme');
    const start = await drainUntil('measures', undefined, (all) => ids(all).includes(a));
    await h.owner.update(municipalities).set({ deletedAt: new Date() }).where(eq(municipalities.id, m.id));
    const after = await drainUntil('measures', start.cursor, (all) => ids(all).includes(a));
    expect(after.items.find((i) => i.id === a)).toMatchObject({ data: null, municipality: null });
    const strategyFeed = await drainUntil('strategies', undefined, (all) => ids(all).includes(m.strategyId));
    expect(strategyFeed.items.findLast((i) => i.id === m.strategyId)?.data).toBeNull();
  });

  it('pages up to 500 items with nextCursor, and refuses a bad cursor or limit with a problem', async () => {
    const m = await tenant('Gemeinde Viele Maßnahmen', 'public');
    await h.owner.insert(measures).values(
      Array.from({ length: 12 }, (_, i) => ({
        municipalityId: m.id,
        actionFieldId: program.fields[1]!.id,
        rank: i + 1,
        title: `Maßnahme ${i + 1}`,
      })),
    );
    const paged = await drainUntil(
      'measures',
      undefined,
      (all) => all.filter((i) => i.municipality?.id === m.id).length === 12,
    );
    const byPages = await drain('measures', undefined, 5);
    expect(ids(byPages.items)).toEqual(ids(paged.items).slice(0, byPages.items.length));
    for (const bad of ['cursor=bm90LWEtY3Vyc29y', 'limit=501', 'limit=0', 'since=1']) {
      const res = await h.request({ method: 'GET', url: `/v1/public/measures?${bad}`, token: publicKey.key });
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('is refused to API keys without public:read bound to a municipality', async () => {
    const m = await h.municipality();
    const bound = await h.apiKey(['municipality:read'], m.id);
    const res = await h.request({ method: 'GET', url: '/v1/public/measures', token: bound.key });
    expect(res.statusCode).toBe(403);
    editor = await h.user('municipality_editor', m.id);
    expect(
      (await h.request({ method: 'GET', url: '/v1/public/measures', token: editor.token })).statusCode,
    ).toBe(200);
  });
});

describe('exact sync across interleaved transactions', () => {
  it('misses neither row when the later-started transaction commits first', async () => {
    const m = await tenant('Gemeinde Nebenläufig', 'public');
    const early = await insertMeasure(m.id, 'Früh begonnen');
    const late = await insertMeasure(m.id, 'Spät begonnen');
    const start = await drainUntil('measures', undefined, (all) => ids(all).includes(late));

    const t1 = new pg.Client({ connectionString: h.config.DATABASE_URL });
    const t2 = new pg.Client({ connectionString: h.config.DATABASE_URL });
    await Promise.all([t1.connect(), t2.connect()]);
    try {
      // T1 starts first (and takes the smaller transaction id), T2 later; T2 commits first.
      await t1.query('begin');
      await t1.query(`update measures set title = 'Früh begonnen, spät committet' where id = $1`, [early]);
      await t2.query('begin');
      await t2.query(`update measures set title = 'Spät begonnen, früh committet' where id = $1`, [late]);
      await t2.query('commit');

      // A reader polls in between: by time, T2's change is there, but handing it out now would move
      // the cursor past T1's smaller position. The feed holds it back while T1 is open.
      const between = await drain('measures', start.cursor);
      expect(ids(between.items)).not.toContain(late);
      expect(ids(between.items)).not.toContain(early);

      await t1.query('commit');
      const after = await drainUntil(
        'measures',
        between.cursor,
        (all) => ids(all).includes(early) && ids(all).includes(late),
      );
      expect(after.items.find((i) => i.id === early)?.data).toMatchObject({
        title: 'Früh begonnen, spät committet',
      });
      expect(after.items.find((i) => i.id === late)?.data).toMatchObject({
        title: 'Spät begonnen, früh committet',
      });
    } finally {
      await Promise.all([t1.end(), t2.end()]);
    }
  });
});

describe('the public strategies feed', () => {
  it('carries the chosen fields and moves when a field or the strategy changes', async () => {
    const m = await tenant('Verbandsgemeinde Feldauswahl', 'public');
    await h.owner.insert(strategyFields).values({
      municipalityId: m.id,
      strategyId: m.strategyId,
      actionFieldId: program.fields[2]!.id,
      priority: 1,
      goal: 'Schnelles Internet für alle Ortsteile',
    });
    const first = await drainUntil('strategies', undefined, (all) =>
      all.some((i) => i.id === m.strategyId && JSON.stringify(i.data).includes('Schnelles Internet')),
    );
    const item = first.items.findLast((i) => i.id === m.strategyId)!;
    expect(item.data).toMatchObject({ title: `Digitalstrategie ${m.name}`, visibility: 'public' });
    expect((item.data as { fields: unknown[] }).fields).toHaveLength(1);

    await h.owner
      .update(strategies)
      .set({ status: 'adopted', adoptedOn: '2026-12-01' })
      .where(eq(strategies.id, m.strategyId));
    const later = await drainUntil('strategies', first.cursor, (all) => ids(all).includes(m.strategyId));
    expect(later.items.find((i) => i.id === m.strategyId)?.data).toMatchObject({ status: 'adopted' });
  });
});

describe('the public workshops feed', () => {
  it('lists scheduled workshops with their municipalities and only public fields, never drafts', async () => {
    const world = await workshopWorld(h);
    const host = await h.municipality({ name: 'Stadt Gastgeberin' });
    const guest = await h.municipality({ name: 'Gemeinde Gast' });
    const shown = await createWorkshop(h, world, [host.id, guest.id], {
      notes: 'Schlüssel beim Hausmeister',
    });
    const draft = await createWorkshop(h, world, [host.id], { status: 'draft' });
    const { items, cursor } = await drainUntil('workshops', undefined, (all) => ids(all).includes(shown.id));
    const item = items.find((i) => i.id === shown.id)!;
    expect(item.municipality?.id).toBe(host.id);
    expect(item.data).toMatchObject({
      title: 'Digital-Werkstatt an der Lahn',
      status: 'published',
      venue: { city: 'Nassau' },
      municipalities: [
        { id: host.id, name: 'Stadt Gastgeberin' },
        { id: guest.id, name: 'Gemeinde Gast' },
      ],
    });
    expect(JSON.stringify(item)).not.toContain('Hausmeister');
    expect(Object.keys(item.data!)).not.toEqual(
      expect.arrayContaining(['notes', 'moderatorIds', 'onlineUrl']),
    );
    expect(ids(items)).not.toContain(draft.id);

    // A registration takes a seat but changes nothing public: the workshop keeps its position.
    const positionOf = async () =>
      (await h.owner.select().from(publicChanges).where(eq(publicChanges.entityId, shown.id)))[0]!.position;
    const before = await positionOf();
    const registered = await h.request({
      method: 'POST',
      url: `/v1/workshops/${shown.id}/registrations`,
      token: world.admin.token,
      payload: { ...participant(1), municipalityId: host.id },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(await positionOf()).toBe(before);

    const cancel = await h.request({
      method: 'POST',
      url: `/v1/workshops/${shown.id}/cancel`,
      token: world.admin.token,
      payload: { reason: 'Zu wenige Anmeldungen' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const later = await drainUntil('workshops', cursor, (all) => ids(all).includes(shown.id));
    expect(later.items.find((i) => i.id === shown.id)?.data).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'Zu wenige Anmeldungen',
    });
  });
});
