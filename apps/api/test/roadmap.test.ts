import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatQuarter, quarterOf, spanOf } from '../src/modules/strategy/roadmap-fns.js';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 4);
});
afterAll(() => h.close());

describe('quarter spans', () => {
  it('maps dates to quarters at the boundaries', () => {
    expect(formatQuarter(quarterOf('2027-01-01'))).toBe('2027-Q1');
    expect(formatQuarter(quarterOf('2027-03-31'))).toBe('2027-Q1');
    expect(formatQuarter(quarterOf('2027-04-01'))).toBe('2027-Q2');
    expect(formatQuarter(quarterOf('2027-12-31'))).toBe('2027-Q4');
    expect(formatQuarter(quarterOf('2027-12-31') + 1)).toBe('2028-Q1');
  });

  it('derives spans from dates, else from the start window counted from the reference date', () => {
    const ref = '2027-05-10';
    const none = { startDate: null, endDate: null, startWindow: null };
    expect(spanOf({ ...none, startDate: '2027-01-15', endDate: '2027-11-30' }, ref)).toEqual({
      from: '2027-Q1',
      to: '2027-Q4',
      estimated: false,
    });
    expect(spanOf({ ...none, startWindow: 'immediately' }, ref)).toEqual({
      from: '2027-Q2',
      to: '2028-Q1',
      estimated: true,
    });
    expect(spanOf({ ...none, startWindow: 'within_2_years' }, ref)).toMatchObject({
      from: '2027-Q2',
      to: '2029-Q1',
    });
    expect(spanOf({ ...none, startWindow: 'within_4_years' }, ref)).toMatchObject({
      from: '2027-Q2',
      to: '2031-Q1',
    });
    expect(spanOf({ ...none, startDate: '2028-05-01', startWindow: 'immediately' }, ref)).toEqual({
      from: '2028-Q2',
      to: '2028-Q2',
      estimated: true,
    });
    expect(spanOf({ ...none, endDate: '2026-12-31', startWindow: 'immediately' }, ref)).toEqual({
      from: '2026-Q4',
      to: '2026-Q4',
      estimated: true,
    });
    expect(spanOf({ ...none, endDate: '2028-02-01' }, ref)).toMatchObject({ from: '2028-Q1', to: '2028-Q1' });
    expect(spanOf(none, ref)).toBeNull();
  });
});

describe('GET /roadmap', () => {
  let mid: string;
  let admin: TestUser;

  async function measure(body: Record<string, unknown>) {
    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures`,
      token: admin.token,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res;
  }
  const roadmap = () =>
    h.request({ method: 'GET', url: `/v1/municipalities/${mid}/roadmap`, token: admin.token });

  beforeAll(async () => {
    mid = (await h.municipality()).id;
    admin = await h.user('municipality_admin', mid);
  });

  it('is 404 without a strategy', async () => {
    const res = await roadmap();
    expect(res.statusCode).toBe(404);
  });

  it('groups measures by field (chosen by priority first) with quarter spans and status counts', async () => {
    const [f1, f2, f3, f4] = program.fields;
    await putStrategy(
      h,
      admin.token,
      mid,
      strategyBody(program.id, [f2!.id, f1!.id, f4!.id], { status: 'adopted', adoptedOn: '2027-02-14' }),
    );
    await measure({
      title: 'A',
      actionFieldId: f1!.id,
      startDate: '2027-01-15',
      endDate: '2027-11-30',
      status: 'in_progress',
    });
    await measure({ title: 'B', actionFieldId: f1!.id, startWindow: 'immediately' });
    await measure({
      title: 'C',
      actionFieldId: f2!.id,
      startWindow: 'within_2_years',
      status: 'done',
      progress: 100,
    });
    await measure({ title: 'D', actionFieldId: f2!.id, startDate: '2028-05-01', lead: 'Schulamt' });
    await measure({
      title: 'E',
      actionFieldId: f3!.id,
      endDate: '2030-06-30',
      startWindow: 'within_4_years',
      status: 'dropped',
    });
    await measure({ title: 'F', actionFieldId: f3!.id });
    const gone = await measure({
      title: 'Gelöscht',
      actionFieldId: f1!.id,
      startDate: '2035-01-01',
      endDate: '2035-12-31',
    });
    await h.request({
      method: 'DELETE',
      url: `/v1/municipalities/${mid}/measures/${gone.json().id}`,
      token: admin.token,
      headers: { 'if-match': gone.headers.etag as string },
    });

    const res = await roadmap();
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeTruthy();
    const body = res.json();
    expect(body).toMatchObject({
      municipalityId: mid,
      windowsFrom: '2027-02-14',
      range: { from: '2027-Q1', to: '2030-Q2' },
      counts: { planned: 3, in_progress: 1, done: 1, on_hold: 0, dropped: 1, total: 6 },
    });
    const summary = body.fields.map(
      (f: { title: string; priority: number | null; measures: { title: string }[] }) => [
        f.title,
        f.priority,
        f.measures.map((m) => m.title),
      ],
    );
    expect(summary).toEqual([
      [f2!.title, 1, ['C', 'D']],
      [f1!.title, 2, ['A', 'B']],
      [f4!.title, 3, []],
      [f3!.title, null, ['E', 'F']],
    ]);
    const spans = Object.fromEntries(
      body.fields.flatMap((f: { measures: { title: string; span: unknown }[] }) =>
        f.measures.map((m) => [m.title, m.span]),
      ),
    );
    expect(spans).toEqual({
      A: { from: '2027-Q1', to: '2027-Q4', estimated: false },
      B: { from: '2027-Q1', to: '2027-Q4', estimated: true },
      C: { from: '2027-Q1', to: '2028-Q4', estimated: true },
      D: { from: '2028-Q2', to: '2028-Q2', estimated: true },
      E: { from: '2027-Q1', to: '2030-Q2', estimated: true },
      F: null,
    });
    expect(body.fields[0]).toMatchObject({
      goal: 'Ziel 1: schneller, einfacher, näher',
      counts: { planned: 1, done: 1, total: 2 },
    });
    expect(body.fields[2].counts.total).toBe(0);
    expect(body.fields[3].counts).toMatchObject({ planned: 1, dropped: 1, total: 2 });
  });

  it('uses the same number of queries for 6 or 46 measures (no N+1)', async () => {
    const countQueries = async () => {
      h.deps.representations.clear(); // the full read, not a stored response
      const spy = vi.spyOn(pg.Client.prototype, 'query');
      try {
        const res = await roadmap();
        expect(res.statusCode).toBe(200);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const before = await countQueries();
    for (let i = 0; i < 40; i++) {
      const res = await measure({
        title: `Weitere Maßnahme ${i}`,
        actionFieldId: program.fields[i % 4]!.id,
        startWindow: 'within_2_years',
      });
      if (i % 2 === 0) {
        await h.request({
          method: 'POST',
          url: `/v1/municipalities/${mid}/measures/${res.json().id}/steps`,
          token: admin.token,
          payload: { title: 'Schritt', dueOn: '2020-01-01' },
        });
      }
    }
    const after = await countQueries();
    expect((await roadmap()).json().counts.total).toBe(46);
    expect(after).toBe(before);
    // The sign-in is cached since the first request (credential-cache.test.ts), so only the roadmap:
    // BEGIN with the scope, credential check and tag in one message, strategy, fields, measures, COMMIT.
    expect(after).toBe(5);
    // Unchanged since, the stored response is served after one statement: scope, credential check
    // and the municipality's tag (representation-cache.test.ts).
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      expect((await roadmap()).statusCode).toBe(200);
      expect(spy.mock.calls.length).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
