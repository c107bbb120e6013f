import { measures, strategies, strategyFields, workshopApplications, workshops } from '@werkstatt/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import { createProgram, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;

async function withStrategy(
  status: 'draft' | 'adopted',
  visibility: 'private' | 'public',
  fieldIdx: number[],
) {
  const m = await h.municipality();
  const [s] = await h.owner
    .insert(strategies)
    .values({
      municipalityId: m.id,
      programId: program.id,
      title: 'Digitalstrategie',
      status,
      visibility,
      adoptedOn: status === 'adopted' ? '2026-02-01' : null,
    })
    .returning();
  if (fieldIdx.length > 0) {
    await h.owner.insert(strategyFields).values(
      fieldIdx.map((i, n) => ({
        municipalityId: m.id,
        strategyId: s!.id,
        actionFieldId: program.fields[i]!.id,
        priority: n + 1,
      })),
    );
  }
  return m.id;
}

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 3);
  const [f1, f2] = [program.fields[0]!.id, program.fields[1]!.id];
  await h.municipality();
  await h.municipality({ deletedAt: new Date() });
  const draft = await withStrategy('draft', 'private', [0]);
  const adopted = await withStrategy('adopted', 'public', [0, 1]);
  const measure = (
    municipalityId: string,
    actionFieldId: string,
    extra: Partial<typeof measures.$inferInsert>,
  ) => ({
    municipalityId,
    actionFieldId,
    rank: 1,
    title: 'Maßnahme',
    ...extra,
  });
  await h.owner.insert(measures).values([
    measure(draft, f1, { status: 'planned' }),
    // Overdue: still planned, end date long past.
    measure(draft, f1, { status: 'in_progress', startDate: '2020-01-01', endDate: '2020-06-30' }),
    measure(adopted, f1, { status: 'done', startDate: '2020-01-01', endDate: '2020-06-30' }),
    measure(adopted, f2, { status: 'planned', endDate: '2021-01-01' }),
    measure(adopted, f2, { status: 'dropped' }),
    measure(adopted, f2, { status: 'planned', deletedAt: new Date() }),
  ]);
  const workshop = (startsAt: string, status: 'draft' | 'published' | 'cancelled' | 'held') => ({
    programId: program.id,
    municipalityId: draft,
    municipalityIds: [draft],
    title: 'Digital-Werkstatt',
    format: 'online' as const,
    onlineUrl: 'https://meet.example.org/w',
    startsAt: new Date(startsAt),
    endsAt: new Date(new Date(startsAt).getTime() + 8 * 3600_000),
    capacity: 30,
    status,
  });
  await h.owner.insert(workshops).values([
    workshop('2026-01-15T08:00:00Z', 'held'),
    // 00:30 on 1 March in Berlin: a March workshop, although it is still February in UTC.
    workshop('2026-02-28T23:30:00Z', 'held'),
    workshop('2026-03-10T08:00:00Z', 'held'),
    workshop('2026-03-12T08:00:00Z', 'published'),
    workshop('2026-04-12T08:00:00Z', 'cancelled'),
  ]);
  const application = (status: 'pending' | 'declined') => ({
    municipalityId: draft,
    programId: program.id,
    preferredDates: [{ date: '2026-05-05', from: null, to: null }],
    expectedParticipants: 20,
    contactName: 'Petra Schäfer',
    contactEmail: 'p.schaefer@example.org',
    status,
    ...(status === 'declined' ? { declineReason: 'Kein Termin frei.', decidedAt: new Date() } : {}),
  });
  await h.owner
    .insert(workshopApplications)
    .values([application('pending'), application('pending'), application('declined')]);
});
afterAll(() => h.close());

describe('GET /v1/reports/overview', () => {
  it('counts municipalities, chosen fields, measures by field and status, overdue measures and held workshops per Berlin month', async () => {
    const moderator = await h.user('moderator');
    const res = await h.request({ method: 'GET', url: '/v1/reports/overview', token: moderator.token });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.municipalities).toEqual({
      total: 3,
      withoutStrategy: 1,
      draft: 1,
      adopted: 1,
      publicStrategies: 1,
    });
    expect(body.actionFields.map((f: { key: string; chosen: number }) => [f.key, f.chosen])).toEqual([
      ['feld-1', 2],
      ['feld-2', 1],
      ['feld-3', 0],
    ]);
    expect(body.measures.counts).toEqual({
      planned: 2,
      in_progress: 1,
      done: 1,
      on_hold: 0,
      dropped: 1,
      total: 5,
    });
    expect(body.measures.overdue).toBe(2);
    expect(body.applications).toEqual({ pending: 2 });
    expect(body.measures.byField).toEqual([
      {
        actionFieldId: program.fields[0]!.id,
        key: 'feld-1',
        title: 'Digitale Infrastruktur',
        counts: { planned: 1, in_progress: 1, done: 1, on_hold: 0, dropped: 0, total: 3 },
        overdue: 1,
      },
      {
        actionFieldId: program.fields[1]!.id,
        key: 'feld-2',
        title: 'Bildung und Jugend',
        counts: { planned: 1, in_progress: 0, done: 0, on_hold: 0, dropped: 1, total: 2 },
        overdue: 1,
      },
    ]);
    expect(body.workshopsPerMonth).toEqual([
      { month: '2026-01', held: 1 },
      { month: '2026-03', held: 2 },
    ]);
  });

  it('is for the program office only', async () => {
    const municipalityId = await withStrategy('draft', 'private', []);
    for (const token of [
      (await h.user('municipality_admin', municipalityId)).token,
      (await h.apiKey(['municipality:read'])).key,
    ]) {
      const res = await h.request({ method: 'GET', url: '/v1/reports/overview', token });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
  });
});
