import { auditEvents, ideas, ideaVotes, programs } from '@werkstatt/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;
let mid: string;
let admin: TestUser;
let editor: TestUser;
let moderator: TestUser;

const url = (path = '') => `/v1/municipalities/${mid}/ideas${path}`;

async function createIdea(actionFieldId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await h.request({
    method: 'POST',
    url: url(),
    token: admin.token,
    payload: { title: 'Digitale Sprechstunde', actionFieldId, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const vote = (ideaId: string, who: TestUser = editor) =>
  h.request({ method: 'POST', url: url(`/${ideaId}/votes`), token: who.token });
const withdraw = (ideaId: string, who: TestUser = editor) =>
  h.request({ method: 'DELETE', url: url(`/${ideaId}/votes`), token: who.token });

const votesOf = async (ideaId: string) =>
  (await h.owner.select().from(ideas).where(eq(ideas.id, ideaId)))[0]!.votes;
const dotRows = async (userId: string, ideaId?: string) =>
  (
    await h.owner
      .select()
      .from(ideaVotes)
      .where(and(eq(ideaVotes.userId, userId), ideaId ? eq(ideaVotes.ideaId, ideaId) : undefined))
  ).length;

// The budget is counted per municipality, so each test gets its own with a fresh strategy.
async function freshMunicipality(): Promise<void> {
  mid = (await h.municipality()).id;
  admin = await h.user('municipality_admin', mid);
  editor = await h.user('municipality_editor', mid);
  const put = await putStrategy(h, admin.token, mid, strategyBody(program.id, [program.fields[0]!.id]));
  expect(put.statusCode).toBe(201);
}

beforeAll(async () => {
  // Ten parallel votes from one person need more than the default pool of 5 to answer promptly.
  h = await createHarness({ DATABASE_POOL_MAX: '12' });
  program = await createProgram(h, 2);
  moderator = await h.user('moderator');
});
afterAll(() => h.close());

describe('the dot budget per person and action field', () => {
  it('allows the program’s three dots per field, shows what is left, and refuses the fourth (422)', async () => {
    await freshMunicipality();
    const [a, b] = [await createIdea(program.fields[0]!.id), await createIdea(program.fields[0]!.id)];
    const first = await vote(a);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      ideaId: a,
      votes: 1,
      actionFieldId: program.fields[0]!.id,
      myVotes: 1,
      dotsPerField: 3,
      dotsLeft: 2,
    });
    // Two dots on one idea are fine.
    expect((await vote(a)).json()).toMatchObject({ votes: 2, myVotes: 2, dotsLeft: 1 });
    expect((await vote(b)).json()).toMatchObject({ ideaId: b, votes: 1, myVotes: 1, dotsLeft: 0 });

    const over = await vote(b);
    expect(over.statusCode).toBe(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json()).toMatchObject({
      code: 'dot_budget_exhausted',
      status: 422,
      actionFieldId: program.fields[0]!.id,
      dotsPerField: 3,
      dotsLeft: 0,
    });
    expect(await votesOf(b)).toBe(1);
    expect(await dotRows(editor.id)).toBe(3);

    // Another field has its own budget, and so has another person.
    const other = await createIdea(program.fields[1]!.id);
    expect((await vote(other)).json()).toMatchObject({ dotsLeft: 2, actionFieldId: program.fields[1]!.id });
    expect((await vote(b, admin)).json()).toMatchObject({ votes: 2, myVotes: 1, dotsLeft: 2 });
  });

  it('parallel votes by one person never exceed the budget', async () => {
    await freshMunicipality();
    const [a, b] = [await createIdea(program.fields[0]!.id), await createIdea(program.fields[0]!.id)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => vote(i % 2 ? a : b)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(3).fill(200), ...Array(7).fill(422)]);
    expect(results.filter((r) => r.statusCode === 422).map((r) => r.json().code)).toEqual(
      Array(7).fill('dot_budget_exhausted'),
    );
    expect(await dotRows(editor.id)).toBe(3);
    expect((await votesOf(a)) + (await votesOf(b))).toBe(3);
    const [{ n }] = (await h.owner
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, editor.id), eq(auditEvents.action, 'idea.voted')))) as [
      { n: number },
    ];
    expect(n).toBe(3);
  });

  it('counts the moderator per municipality, and dots entered from the wall belong to no one', async () => {
    await freshMunicipality();
    const a = await createIdea(program.fields[0]!.id, { votes: 12 });
    for (let i = 0; i < 3; i++) expect((await vote(a, moderator)).statusCode).toBe(200);
    expect((await vote(a, moderator)).json().code).toBe('dot_budget_exhausted');
    expect(await votesOf(a)).toBe(15);
    // The wall's dots cannot be withdrawn by anyone; the moderator's own can.
    expect((await withdraw(a)).json().code).toBe('no_vote_to_withdraw');
    expect((await withdraw(a, moderator)).json()).toMatchObject({ votes: 14, myVotes: 2, dotsLeft: 1 });
  });

  it('follows the program setting', async () => {
    const own = await createProgram(h, 1);
    await h.owner.update(programs).set({ dotVotesPerField: 1 }).where(eq(programs.id, own.id));
    mid = (await h.municipality()).id;
    admin = await h.user('municipality_admin', mid);
    await putStrategy(h, admin.token, mid, strategyBody(own.id, [own.fields[0]!.id]));
    const a = await createIdea(own.fields[0]!.id);
    expect((await vote(a, admin)).json()).toMatchObject({ dotsPerField: 1, dotsLeft: 0 });
    expect((await vote(a, admin)).json().code).toBe('dot_budget_exhausted');

    const programAdmin = await h.user('program_admin');
    const patch = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${own.id}`,
      token: programAdmin.token,
      payload: { dotVotesPerField: 2 },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().dotVotesPerField).toBe(2);
    expect((await vote(a, admin)).json()).toMatchObject({ votes: 2, dotsPerField: 2, dotsLeft: 0 });
    const invalid = await h.request({
      method: 'PATCH',
      url: `/v1/programs/${own.id}`,
      token: programAdmin.token,
      payload: { dotVotesPerField: 0 },
    });
    expect(invalid.statusCode).toBe(400);
  });
});

describe('withdrawing a dot', () => {
  it('gives the dot back, lowers the count, audits, and is 409 when there is none', async () => {
    await freshMunicipality();
    const a = await createIdea(program.fields[0]!.id);
    for (let i = 0; i < 3; i++) await vote(a);
    expect((await vote(a)).statusCode).toBe(422);

    const res = await withdraw(a);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ideaId: a, votes: 2, myVotes: 2, dotsPerField: 3, dotsLeft: 1 });
    expect(await votesOf(a)).toBe(2);
    expect(await dotRows(editor.id, a)).toBe(2);
    const [audit] = await h.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, a), eq(auditEvents.action, 'idea.vote_withdrawn')));
    expect(audit).toMatchObject({ actorId: editor.id, before: { votes: 3 }, after: { votes: 2 } });

    expect((await vote(a)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await withdraw(a)).statusCode).toBe(200);
    const none = await withdraw(a);
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('no_vote_to_withdraw');
    expect(await votesOf(a)).toBe(0);
  });

  it('a deleted idea gives its dots back to the field, and cannot be voted on or withdrawn from (404)', async () => {
    await freshMunicipality();
    const [a, b] = [await createIdea(program.fields[0]!.id), await createIdea(program.fields[0]!.id)];
    for (let i = 0; i < 3; i++) await vote(a);
    const del = await h.request({
      method: 'DELETE',
      url: url(`/${a}`),
      token: admin.token,
      headers: { 'if-match': '*' },
    });
    expect(del.statusCode).toBe(204);
    expect((await vote(a)).statusCode).toBe(404);
    expect((await withdraw(a)).statusCode).toBe(404);
    expect((await vote(b)).json()).toMatchObject({ dotsLeft: 2 });
  });

  it('only one’s own dots, never another municipality’s, never by API key', async () => {
    await freshMunicipality();
    const a = await createIdea(program.fields[0]!.id);
    await vote(a, admin);
    expect((await withdraw(a)).json().code).toBe('no_vote_to_withdraw');
    const key = await h.apiKey(['municipality:write'], mid);
    expect((await h.request({ method: 'DELETE', url: url(`/${a}/votes`), token: key.key })).statusCode).toBe(
      403,
    );
    const outsider = await h.user('municipality_admin', (await h.municipality()).id);
    expect((await withdraw(a, outsider)).statusCode).toBe(404);
    expect(await votesOf(a)).toBe(1);
    expect(await dotRows(admin.id, a)).toBe(1);
  });
});

const myDots = async (who: TestUser = editor) => {
  const res = await h.request({ method: 'GET', url: url('/my-dots'), token: who.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('my dots', () => {
  it('lists every action field of the program with the caller’s used and remaining dots', async () => {
    await freshMunicipality();
    const a = await createIdea(program.fields[0]!.id);
    const b = await createIdea(program.fields[1]!.id);
    await vote(a);
    await vote(a);
    await vote(b);
    await vote(b, admin);
    const res = await h.request({ method: 'GET', url: url('/my-dots'), token: editor.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBeDefined();
    expect(res.json()).toEqual({
      dotsPerField: 3,
      fields: [
        { actionFieldId: program.fields[0]!.id, dotsUsed: 2, dotsLeft: 1 },
        { actionFieldId: program.fields[1]!.id, dotsUsed: 1, dotsLeft: 2 },
      ],
      ideas: [
        { ideaId: a, dots: 2 },
        { ideaId: b, dots: 1 },
      ],
    });
    // A withdrawn dot and a deleted idea give dots back.
    await withdraw(a);
    await h.request({
      method: 'DELETE',
      url: url(`/${b}`),
      token: admin.token,
      headers: { 'if-match': '*' },
    });
    const after = await h.request({ method: 'GET', url: url('/my-dots'), token: editor.token });
    expect(after.json().fields.map((f: { dotsUsed: number }) => f.dotsUsed)).toEqual([1, 0]);
    expect(after.json().ideas).toEqual([{ ideaId: a, dots: 1 }]);
  });

  it('needs the strategy (409) and a person (403 for API keys)', async () => {
    const bare = (await h.municipality()).id;
    const user = await h.user('municipality_viewer', bare);
    const res = await h.request({
      method: 'GET',
      url: `/v1/municipalities/${bare}/ideas/my-dots`,
      token: user.token,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('strategy_required');
    const key = await h.apiKey(['municipality:read'], mid);
    expect((await h.request({ method: 'GET', url: url('/my-dots'), token: key.key })).statusCode).toBe(403);
  });
});

describe('my dots per idea', () => {
  it('lists the caller’s dots on each idea, oldest idea first, and drops withdrawn and deleted ones', async () => {
    await freshMunicipality();
    const field = program.fields[0]!.id;
    const [a, b, c] = [
      await createIdea(field),
      await createIdea(field),
      await createIdea(program.fields[1]!.id),
    ];
    await vote(c);
    await vote(b);
    await vote(a);
    await vote(b);
    await vote(a, admin);
    // Only the caller's own dots, and only on ideas that carry some.
    expect((await myDots()).ideas).toEqual([
      { ideaId: a, dots: 1 },
      { ideaId: b, dots: 2 },
      { ideaId: c, dots: 1 },
    ]);
    expect((await myDots(admin)).ideas).toEqual([{ ideaId: a, dots: 1 }]);

    await withdraw(b);
    await withdraw(a);
    expect((await myDots()).ideas).toEqual([
      { ideaId: b, dots: 1 },
      { ideaId: c, dots: 1 },
    ]);

    const del = await h.request({
      method: 'DELETE',
      url: url(`/${c}`),
      token: admin.token,
      headers: { 'if-match': '*' },
    });
    expect(del.statusCode).toBe(204);
    expect((await myDots()).ideas).toEqual([{ ideaId: b, dots: 1 }]);
  });
});
