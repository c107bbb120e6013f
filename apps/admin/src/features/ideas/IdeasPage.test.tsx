import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { IdeasPage } from './IdeasPage';
import { sortIdeas } from './queries';
import type { IdeasSearch } from './search';
import {
  base,
  FIELD_A,
  FIELD_B,
  idea,
  M,
  myDotsFixture,
  renderInWorkspace,
  strategyFixture,
  workspaceFixture,
} from './test-fixtures';

afterEach(() => vi.unstubAllGlobals());
// The first render of a file loads the dialog and router code; on a busy machine that takes seconds.
vi.setConfig({ testTimeout: 15_000 });

const t = de.ideas;

function Harness({ initial = {} }: { initial?: IdeasSearch }) {
  const [search, setSearch] = useState<IdeasSearch>(initial);
  return <IdeasPage search={search} onSearch={setSearch} />;
}

const older = idea({ title: 'Online-Terminvergabe', votes: 4, createdAt: '2026-11-01T10:00:00.000Z' });
const newer = idea({ title: 'Smartphone-Sprechstunde', votes: 1, createdAt: '2026-11-03T10:00:00.000Z' });
const middle = idea({
  title: 'Digitaler Bauantrag',
  votes: 2,
  createdAt: '2026-11-02T10:00:00.000Z',
  estimatedDuration: 'up_to_2_years',
});
const otherField = idea({ title: 'Tablets für die Grundschule', actionFieldId: FIELD_B, votes: 9 });
const promoted = idea({
  title: 'E-Akte im Bauamt',
  votes: 0,
  status: 'planned',
  measureId: '0190f1c2-7a1b-7cde-8f00-3000000000m1',
  createdAt: '2026-10-01T10:00:00.000Z',
});

const boardRoutes = (
  extra: Parameters<typeof stubApi>[0] = {},
  usedA = 0,
  mine: Schema<'IdeaDots'>[] = [],
) => ({
  [`GET ${base}/strategy`]: { status: 200, body: strategyFixture() },
  [`GET ${base}/ideas`]: page([older, newer, middle, otherField, promoted]),
  [`GET ${base}/ideas/my-dots`]: { status: 200, body: myDotsFixture(usedA, 5, mine) },
  ...extra,
});

/** The ideas on screen that offer „Punkt zurücknehmen“, by the button's name. */
const takeBackButtons = () =>
  screen
    .queryAllByRole('button', { name: new RegExp(`^${t.unvote}`) })
    .map((b) => b.getAttribute('aria-label'));

const titles = () =>
  within(screen.getByRole('list', { name: t.listLabel('Bürgerservice') }))
    .getAllByRole('heading', { level: 3 })
    .map((h) => h.textContent);

async function showBoard(routes = boardRoutes(), workspace = workspaceFixture(), initial: IdeasSearch = {}) {
  const api = stubApi(routes);
  const view = await renderInWorkspace(<Harness initial={initial} />, workspace);
  await screen.findByRole('heading', { level: 3, name: older.title });
  return { api, view, user: userEvent.setup() };
}

describe('sortIdeas', () => {
  it('puts most dots first, the newer idea first on a tie; or the newest first', () => {
    const tie = idea({ votes: 4, createdAt: '2026-11-05T10:00:00.000Z' });
    expect(sortIdeas([older, newer, middle, tie], 'votes').map((i) => i.id)).toEqual([
      tie.id,
      older.id,
      middle.id,
      newer.id,
    ]);
    expect(sortIdeas([older, newer, middle, tie], 'newest').map((i) => i.id)).toEqual([
      tie.id,
      newer.id,
      middle.id,
      older.id,
    ]);
  });
});

describe('IdeasPage', () => {
  it('shows the first chosen field’s ideas, most dots first, and switches the order and the field', async () => {
    const { user } = await showBoard();
    expect(screen.getByRole('heading', { level: 1, name: t.title })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Bürgerservice' })).toBeInTheDocument();
    expect(screen.getByText('Jeder Antrag geht auch online.')).toBeInTheDocument();
    expect(titles()).toEqual([older.title, middle.title, newer.title, promoted.title]);
    expect(screen.getByText(`${t.duration}: ${t.durations.up_to_2_years}`)).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: t.sortNewest }));
    expect(titles()).toEqual([newer.title, middle.title, older.title, promoted.title]);

    const chooser = screen.getByRole('button', { name: /Bildung und Teilhabe/ });
    expect(chooser).toHaveAttribute('aria-pressed', 'false');
    expect(chooser).toHaveTextContent('1 Idee · noch 5 Punkte');
    await user.click(chooser);
    expect(chooser).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('heading', { level: 3, name: otherField.title })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3, name: older.title })).not.toBeInTheDocument();
  });

  it('links a promoted idea to its measure', async () => {
    await showBoard();
    expect(screen.getByRole('link', { name: `${t.toMeasure}: ${promoted.title}` })).toHaveAttribute(
      'href',
      `/arbeitsbereich/${M}/massnahmen/${promoted.measureId}`,
    );
    expect(screen.queryByRole('button', { name: `${t.promote}: ${promoted.title}` })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: `${t.promote}: ${older.title}` })).toBeInTheDocument();
  });

  it('asks for chosen fields when there is no strategy yet', async () => {
    stubApi({ [`GET ${base}/strategy`]: { status: 404, body: problem(404, 'not_found') } });
    await renderInWorkspace(<Harness />);
    expect(await screen.findByRole('heading', { name: t.noStrategyTitle })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: t.toStrategy })).toHaveAttribute(
      'href',
      `/arbeitsbereich/${M}/strategie`,
    );
  });
});

describe('IdeasPage: permissions', () => {
  it('gives a viewer the vote, but nothing to add, edit, withdraw or promote', async () => {
    await showBoard(boardRoutes(), workspaceFixture('viewer'));
    expect(screen.getByRole('button', { name: `${t.vote}: ${older.title}` })).toBeInTheDocument();
    expect(screen.getByText(t.dotsLeft(5, 5))).toBeInTheDocument();
    for (const name of [t.add, t.edit, t.withdraw, t.promote]) {
      expect(screen.queryByRole('button', { name: new RegExp(`^${name}`) })).not.toBeInTheDocument();
    }
  });

  it('gives an editor every action on an idea', async () => {
    await showBoard();
    const actions = screen.getByRole('group', { name: t.actionsFor(older.title) });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual([`${t.promote}: ${older.title}`, `${t.edit}: ${older.title}`, `${t.withdraw}: ${older.title}`]);
    expect(screen.getByRole('button', { name: t.add })).toBeInTheDocument();
  });

  it('shows no votes and reads no dots for someone who may not vote', async () => {
    const { api } = await showBoard(boardRoutes(), { ...workspaceFixture('viewer'), canVote: false });
    expect(screen.queryByRole('button', { name: new RegExp(`^${t.vote}`) })).not.toBeInTheDocument();
    expect(screen.queryByText(t.dotsLeft(5, 5))).not.toBeInTheDocument();
    expect(api.find('GET', `${base}/ideas/my-dots`)).toHaveLength(0);
  });
});

/** The API, with the votes route held until the test answers it. */
function holdVotes(routes: Parameters<typeof stubApi>[0]) {
  const held: { request: Request; answer: (reply: Reply) => void }[] = [];
  const { find } = stubApi(routes);
  const routed = globalThis.fetch;
  vi.stubGlobal(
    'fetch',
    vi.fn((request: Request) => {
      if (!new URL(request.url).pathname.endsWith('/votes')) return routed(request);
      return new Promise<Response>((resolve) => {
        held.push({
          request,
          answer: (reply) =>
            resolve(
              new Response(JSON.stringify(reply.body ?? null), {
                status: reply.status,
                headers: {
                  'content-type': reply.status >= 400 ? 'application/problem+json' : 'application/json',
                },
              }),
            ),
        });
      });
    }),
  );
  return { held, find };
}

describe('IdeasPage: dot voting', () => {
  const votes = (votesNow: number, myVotes: number, dotsLeft: number) => ({
    status: 200,
    body: { ideaId: newer.id, votes: votesNow, actionFieldId: FIELD_A, myVotes, dotsPerField: 5, dotsLeft },
  });

  it('shows the dot at once, then the API’s count, and offers to take it back', async () => {
    const network = holdVotes(boardRoutes());
    const user = userEvent.setup();
    await renderInWorkspace(<Harness />);
    await screen.findByText(t.dotsLeft(5, 5));
    const card = screen.getByRole('article', { name: newer.title });
    expect(within(card).queryByRole('button', { name: new RegExp(`^${t.unvote}`) })).not.toBeInTheDocument();

    await user.click(within(card).getByRole('button', { name: `${t.vote}: ${newer.title}` }));
    // Before the API has answered.
    expect(screen.getByText(t.dotsLeft(4, 5))).toBeInTheDocument();
    expect(within(card).getByText('2')).toBeInTheDocument();
    expect(within(card).getByText(t.mine(1))).toBeInTheDocument();
    await vi.waitFor(() => expect(network.held).toHaveLength(1));
    const call = network.held.shift()!;
    expect(call.request.method).toBe('POST');
    expect(new URL(call.request.url).pathname).toBe(`${base}/ideas/${newer.id}/votes`);
    call.answer(votes(3, 1, 4));

    await within(card).findByText('3');
    expect(screen.getByText(t.dotsLeft(4, 5))).toBeInTheDocument();
    expect(within(card).getByText(t.mine(1))).toBeInTheDocument();
    // Three dots: it now comes right after "Online-Terminvergabe" (4).
    expect(titles()).toEqual([older.title, newer.title, middle.title, promoted.title]);
    const meter = document.getElementById('ideas-dots');
    expect(meter).toHaveAttribute('role', 'status');
    expect(meter).toHaveTextContent(t.dotsLeft(4, 5));

    await user.click(within(card).getByRole('button', { name: `${t.unvote}: ${newer.title}` }));
    // Taken back at once: no dot of the caller left there to offer.
    expect(within(card).queryByText(t.mine(1))).not.toBeInTheDocument();
    expect(takeBackButtons()).toEqual([]);
    await vi.waitFor(() => expect(network.held).toHaveLength(1));
    const back = network.held.shift()!;
    expect(back.request.method).toBe('DELETE');
    back.answer(votes(2, 0, 5));
    await screen.findByText(t.dotsLeft(5, 5));
    expect(takeBackButtons()).toEqual([]);
  });

  it('shows the caller’s dots on each idea after a reload, from my-dots alone', async () => {
    const first = stubApi(
      boardRoutes({ [`POST ${base}/ideas/${newer.id}/votes`]: [votes(2, 1, 4), votes(3, 2, 3)] }),
    );
    const user = userEvent.setup();
    const before = await renderInWorkspace(<Harness />);
    const vote = await screen.findByRole('button', { name: `${t.vote}: ${newer.title}` });
    await user.click(vote);
    await screen.findByText(t.mine(1));
    await user.click(vote);
    await screen.findByText(t.mine(2));
    expect(first.find('POST', `${base}/ideas/${newer.id}/votes`)).toHaveLength(2);
    before.unmount();

    // A fresh query client, and an API that knows of the two dots: no vote of this page is needed.
    const reloaded = stubApi(
      boardRoutes(
        { [`GET ${base}/ideas`]: page([older, { ...newer, votes: 3 }, middle, otherField, promoted]) },
        2,
        [{ ideaId: newer.id, dots: 2 }],
      ),
    );
    await renderInWorkspace(<Harness />);
    const card = await screen.findByRole('article', { name: newer.title });
    expect(await within(card).findByText('Davon 2 Punkte von Ihnen')).toBeInTheDocument();
    expect(screen.getAllByText(/Punkte? von Ihnen$/)).toHaveLength(1);
    expect(takeBackButtons()).toEqual([`${t.unvote}: ${newer.title}`]);
    expect(screen.getByText(t.dotsLeft(3, 5))).toBeInTheDocument();
    expect(reloaded.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('stops offering „zurücknehmen“ on an idea whose dot was taken back elsewhere', async () => {
    const network = holdVotes(
      boardRoutes({
        [`GET ${base}/ideas/my-dots`]: [
          { status: 200, body: myDotsFixture(1, 5, [{ ideaId: middle.id, dots: 1 }]) },
          { status: 200, body: myDotsFixture(0) },
        ],
      }),
    );
    const user = userEvent.setup();
    await renderInWorkspace(<Harness />);
    await screen.findByText(t.dotsLeft(4, 5));
    // Exactly where the caller's dot lies, not on the other ideas with dots.
    expect(takeBackButtons()).toEqual([`${t.unvote}: ${middle.title}`]);
    expect(
      within(screen.getByRole('article', { name: middle.title })).getByText(t.mine(1)),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: `${t.unvote}: ${middle.title}` }));
    await vi.waitFor(() => expect(network.held).toHaveLength(1));
    network.held.shift()!.answer({ status: 409, body: problem(409, 'no_vote_to_withdraw') });
    expect(await screen.findByText(t.problems.noVoteToWithdraw)).toBeInTheDocument();
    expect(takeBackButtons()).toEqual([]);
    // Read again: the dot is back in the budget.
    expect(await screen.findByText(t.dotsLeft(5, 5))).toBeInTheDocument();
    expect(network.find('GET', `${base}/ideas/my-dots`)).toHaveLength(2);
    expect(takeBackButtons()).toEqual([]);
  });

  it('takes the dot back and says why when the budget is used up elsewhere', async () => {
    const network = holdVotes(boardRoutes({}, 4));
    const user = userEvent.setup();
    await renderInWorkspace(<Harness />);
    await screen.findByText(t.dotsLeft(1, 5));
    const card = screen.getByRole('article', { name: newer.title });
    await user.click(within(card).getByRole('button', { name: `${t.vote}: ${newer.title}` }));
    expect(screen.getByText(t.dotsAllUsed(5))).toBeInTheDocument();
    expect(within(card).getByText('2')).toBeInTheDocument();

    await vi.waitFor(() => expect(network.held).toHaveLength(1));
    network.held.shift()!.answer({
      status: 422,
      body: problem(422, 'dot_budget_exhausted', { actionFieldId: FIELD_A, dotsPerField: 5, dotsLeft: 0 }),
    });
    expect(await screen.findByText(t.problems.budgetExhausted(5))).toBeInTheDocument();
    expect(within(card).getByText('1')).toBeInTheDocument();
    await waitFor(() => expect(network.find('GET', `${base}/ideas/my-dots`).length).toBeGreaterThan(1));
  });

  it('lets the API refuse a vote with no dot left, without showing one in advance', async () => {
    const network = holdVotes(boardRoutes({}, 5));
    const user = userEvent.setup();
    await renderInWorkspace(<Harness />);
    await screen.findByText(t.dotsAllUsed(5));
    const card = screen.getByRole('article', { name: older.title });
    await user.click(within(card).getByRole('button', { name: `${t.vote}: ${older.title}` }));
    expect(within(card).getByText('4')).toBeInTheDocument();
    await vi.waitFor(() => expect(network.held).toHaveLength(1));
    network.held.shift()!.answer({
      status: 422,
      body: problem(422, 'dot_budget_exhausted', { dotsPerField: 5, dotsLeft: 0 }),
    });
    expect(await screen.findByText(t.problems.budgetExhausted(5))).toBeInTheDocument();
    expect(within(card).getByText('4')).toBeInTheDocument();
  });
});

describe('IdeasPage: promote and withdraw', () => {
  it('promotes in one step and lands on the new measure’s fact sheet', async () => {
    const measureId = '0190f1c2-7a1b-7cde-8f00-3000000000m2';
    const { api, view, user } = await showBoard(
      boardRoutes({
        [`POST ${base}/ideas/${older.id}/promote`]: { status: 201, body: { id: measureId } },
        [`GET ${base}/measures`]: page([]),
      }),
    );
    await user.click(screen.getByRole('button', { name: `${t.promote}: ${older.title}` }));
    await waitFor(() =>
      expect(view.router.state.location.pathname).toBe(`/arbeitsbereich/${M}/massnahmen/${measureId}`),
    );
    expect(api.find('POST', `${base}/ideas/${older.id}/promote`)[0]!.headers.get('idempotency-key')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(await screen.findByText(t.promoted(older.title))).toBeInTheDocument();
  });

  it('says so when the idea was promoted meanwhile', async () => {
    const { view, user } = await showBoard(
      boardRoutes({
        [`POST ${base}/ideas/${older.id}/promote`]: {
          status: 409,
          body: problem(409, 'idea_already_promoted'),
        },
      }),
    );
    await user.click(screen.getByRole('button', { name: `${t.promote}: ${older.title}` }));
    expect(await screen.findByText(t.problems.alreadyPromoted)).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/');
  });

  it('asks before withdrawing and deletes with the idea’s current ETag', async () => {
    const path = `${base}/ideas/${middle.id}`;
    const { api, user } = await showBoard(
      boardRoutes({
        [`GET ${path}`]: { status: 200, body: middle, headers: { etag: '"m1"' } },
        [`DELETE ${path}`]: { status: 204 },
      }),
    );
    await user.click(screen.getByRole('button', { name: `${t.withdraw}: ${middle.title}` }));
    const dialog = screen.getByRole('alertdialog', { name: t.withdrawTitle(middle.title) });
    expect(api.find('DELETE', path)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: t.withdrawConfirm }));
    await screen.findByText(t.withdrawn(middle.title));
    expect(api.find('DELETE', path)[0]!.headers.get('if-match')).toBe('"m1"');
  });

  it('does not withdraw an idea someone changed meanwhile', async () => {
    const path = `${base}/ideas/${middle.id}`;
    const changed = { ...middle, title: 'Digitaler Bauantrag (neu)', updatedAt: '2026-11-30T10:00:00.000Z' };
    const { api, user } = await showBoard(
      boardRoutes({
        [`GET ${path}`]: { status: 200, body: changed, headers: { etag: '"m2"' } },
        [`DELETE ${path}`]: { status: 204 },
      }),
    );
    await user.click(screen.getByRole('button', { name: `${t.withdraw}: ${middle.title}` }));
    await user.click(screen.getByRole('button', { name: t.withdrawConfirm }));
    expect(await screen.findByRole('heading', { name: t.withdrawChanged })).toBeInTheDocument();
    expect(screen.getByRole('alertdialog', { name: t.withdrawTitle(changed.title) })).toBeInTheDocument();
    expect(api.find('DELETE', path)).toHaveLength(0);
  });
});
