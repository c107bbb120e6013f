import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let editor: TestUser;
let colleague: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 2);
  mid = (await h.municipality()).id;
  editor = await h.user('municipality_editor', mid, { name: 'Erika Bearbeiterin' });
  colleague = await h.user('municipality_admin', mid, { name: 'Karl Kollege' });
  viewer = await h.user('municipality_viewer', mid);
});
afterAll(() => h.close());

const activity = (token: string, query = '') =>
  h.request({ method: 'GET', url: `/v1/municipalities/${mid}/activity${query}`, token });

describe('GET /v1/municipalities/{id}/activity', () => {
  let measureId: string;

  beforeAll(async () => {
    const [f1] = program.fields;
    await putStrategy(
      h,
      editor.token,
      mid,
      strategyBody(program.id, [f1!.id], { title: 'Digital Wonnegau' }),
    );
    const measure = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures`,
      token: colleague.token,
      payload: { title: 'Digitales Bürgerbüro', actionFieldId: f1!.id },
    });
    expect(measure.statusCode, measure.body).toBe(201);
    measureId = measure.json().id;
    const step = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/measures/${measureId}/steps`,
      token: editor.token,
      payload: { title: 'Bedarf erheben' },
    });
    expect(step.statusCode, step.body).toBe(201);
    const idea = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/ideas`,
      token: editor.token,
      payload: { title: 'Online-Terminvergabe', actionFieldId: f1!.id },
    });
    expect(idea.statusCode, idea.body).toBe(201);
    const vote = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${mid}/ideas/${idea.json().id}/votes`,
      token: viewer.token,
    });
    expect(vote.statusCode, vote.body).toBeLessThan(300);
  });

  it('lists the changes newest first with titles and who, leaving votes out, for a viewer too', async () => {
    const res = await activity(viewer.token);
    expect(res.statusCode, res.body).toBe(200);
    const entries = res.json().data;
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      'idea.created',
      'measure_step.created',
      'measure.created',
      'strategy.created',
    ]);
    expect(entries[0]).toMatchObject({
      entityType: 'idea',
      title: 'Online-Terminvergabe',
      measureId: null,
      actor: { name: 'Erika Bearbeiterin', isCaller: false },
    });
    expect(entries[1]).toMatchObject({ title: 'Bedarf erheben', measureId });
    expect(entries[2]).toMatchObject({
      title: 'Digitales Bürgerbüro',
      measureId,
      actor: { name: 'Karl Kollege', isCaller: false },
    });
    expect(entries[3]).toMatchObject({ entityType: 'strategy', title: 'Digital Wonnegau' });
    expect(JSON.stringify(entries)).not.toMatch(/before|after|@/);
  });

  it("marks the caller's own changes", async () => {
    const res = await activity(editor.token, '?limit=1');
    expect(res.json().data[0].actor).toEqual({ name: 'Erika Bearbeiterin', isCaller: true });
  });

  it('pages with a cursor and refuses pages over 50', async () => {
    const first = await activity(editor.token, '?limit=2');
    const { data, nextCursor } = first.json();
    expect(data).toHaveLength(2);
    const second = await activity(editor.token, `?limit=2&cursor=${encodeURIComponent(nextCursor)}`);
    expect(second.json().data.map((e: { action: string }) => e.action)).toEqual([
      'measure.created',
      'strategy.created',
    ]);
    expect(second.json().nextCursor).toBeNull();
    const tooMany = await activity(editor.token, '?limit=51');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it("is another municipality's secret: 404", async () => {
    const other = await h.municipality();
    const stranger = await h.user('municipality_admin', other.id);
    const res = await activity(stranger.token);
    expect(res.statusCode).toBe(404);
  });
});
