import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import type { Reply } from '../../test/api';
import { problem } from '../../test/render';
import { base, measureFixture, sheetRoutes, showSheet, stepFixture } from './test-fixtures';

vi.setConfig({ testTimeout: 20_000 });
afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.measureSheet;
const s = t.steps;
const [one, two] = [stepFixture(1), stepFixture(2)];
const later = '2026-11-03T08:00:00.000Z';
const reply = (body: unknown, etag?: string): Reply => ({ status: 200, body, headers: etag ? { etag } : {} });
const rollup = (done: number, total: number) =>
  measureFixture({
    progress: Math.round((done / total) * 100),
    progressSource: 'steps',
    stepsDone: done,
    stepsTotal: total,
    updatedAt: later,
  });

describe('StepsChecklist', () => {
  it('adds a step with its due date and shows the progress from the steps', async () => {
    const added = stepFixture(1, { title: 'Angebote einholen', dueOn: '2027-03-31' });
    const { api } = await showSheet({
      ...sheetRoutes([reply(measureFixture(), '"m1"'), reply(rollup(0, 1), '"m2"')]),
      [`GET ${base}/steps`]: [reply({ data: [] }), reply({ data: [added] })],
      [`POST ${base}/steps`]: { status: 201, body: added },
    });
    const user = userEvent.setup();
    expect(await screen.findByText(s.none)).toBeInTheDocument();
    expect(screen.getByText(t.progress.manual(0))).toBeInTheDocument();
    const form = screen.getByRole('form', { name: s.addHeading });
    await user.type(within(form).getByLabelText(/^Schritt/), 'Angebote einholen');
    await user.type(within(form).getByLabelText(/^Fällig bis/), '31.03.2027');
    await user.click(within(form).getByRole('button', { name: s.add }));

    expect(await screen.findByRole('checkbox', { name: /Angebote einholen/ })).not.toBeChecked();
    expect(screen.getByText(s.due('31.03.2027'))).toBeInTheDocument();
    expect(screen.getAllByText(t.progress.fromSteps(0, 1, 0)).length).toBeGreaterThan(0);
    // The manual progress field gives way to the roll-up.
    expect(screen.queryByLabelText(/^Fortschritt in Prozent/)).not.toBeInTheDocument();
    const post = api.find((r) => r.method === 'POST');
    expect(await post?.json()).toEqual({ title: 'Angebote einholen', dueOn: '2027-03-31', doneAt: null });
    expect(post?.headers.get('idempotency-key')).toBeTruthy();
    expect(within(form).getByLabelText(/^Schritt/)).toHaveValue('');
  });

  it('ticks a step over the version on screen and updates the roll-up', async () => {
    const oneDone = { ...one, doneAt: later, updatedAt: later };
    const { api } = await showSheet({
      ...sheetRoutes([reply(rollup(0, 2), '"m1"'), reply(rollup(1, 2), '"m2"')]),
      [`GET ${base}/steps`]: [reply({ data: [one, two] }), reply({ data: [oneDone, two] })],
      [`GET ${base}/steps/${one.id}`]: reply(one, '"s1"'),
      [`PATCH ${base}/steps/${one.id}`]: reply(oneDone, '"s1b"'),
    });
    const user = userEvent.setup();
    expect(await screen.findAllByText(t.progress.fromSteps(0, 2, 0))).not.toHaveLength(0);
    await user.click(await screen.findByRole('checkbox', { name: /Schritt 1/ }));
    await waitFor(() =>
      expect(screen.getAllByText(t.progress.fromSteps(1, 2, 50)).length).toBeGreaterThan(0),
    );
    expect(screen.getByRole('checkbox', { name: /Schritt 1/ })).toBeChecked();
    expect(await screen.findByText(s.ticked('Schritt 1'))).toBeInTheDocument();
    const patch = api.find((r) => r.method === 'PATCH');
    expect(patch?.headers.get('if-match')).toBe('"s1"');
    expect((await patch?.json())?.doneAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lets the form save after a tick with the measure’s newer ETag, not a conflict', async () => {
    const oneDone = { ...one, doneAt: later, updatedAt: later };
    const { api } = await showSheet({
      ...sheetRoutes([reply(rollup(0, 2), '"m1"'), reply(rollup(1, 2), '"m2"')]),
      [`GET ${base}/steps`]: [reply({ data: [one, two] }), reply({ data: [oneDone, two] })],
      [`GET ${base}/steps/${one.id}`]: reply(one, '"s1"'),
      [`PATCH ${base}/steps/${one.id}`]: reply(oneDone, '"s1b"'),
      [`PATCH ${base}`]: reply({ ...rollup(1, 2), lead: 'Hauptamt' }, '"m3"'),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: /Schritt 1/ }));
    await waitFor(() =>
      expect(screen.getAllByText(t.progress.fromSteps(1, 2, 50)).length).toBeGreaterThan(0),
    );
    const lead = screen.getByLabelText(/^Federführung/);
    await user.clear(lead);
    await user.type(lead, 'Hauptamt');
    await user.click(screen.getByRole('button', { name: t.save }));
    await screen.findByText(t.saved);
    const patch = api.find((r) => r.method === 'PATCH' && r.url.endsWith(base));
    expect(patch?.headers.get('if-match')).toBe('"m2"');
    expect(await patch?.json()).toEqual({ lead: 'Hauptamt' });
  });

  it('moves a step down with Alt + arrow key and keeps the focus on it', async () => {
    const moved = [
      { ...two, order: 1, updatedAt: later },
      { ...one, order: 2, updatedAt: later },
    ];
    const { api } = await showSheet({
      ...sheetRoutes(rollup(0, 2)),
      [`GET ${base}/steps`]: [reply({ data: [one, two] }), reply({ data: moved })],
      [`GET ${base}/steps/${one.id}`]: reply(one, '"s1"'),
      [`GET ${base}/steps/${two.id}`]: reply(two, '"s2"'),
      [`PATCH ${base}/steps/${one.id}`]: reply(moved[1], '"s1b"'),
      [`PATCH ${base}/steps/${two.id}`]: reply(moved[0], '"s2b"'),
    });
    const user = userEvent.setup();
    const down = await screen.findByRole('button', { name: s.downLabel('Schritt 1') });
    down.focus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await screen.findByText(s.moved('Schritt 1', 2, 2));
    const items = within(screen.getByRole('list', { name: s.listLabel })).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('checkbox').getAttribute('id'))).toEqual([
      `step-${two.id}-done`,
      `step-${one.id}-done`,
    ]);
    await waitFor(() => expect(screen.getByRole('button', { name: s.downLabel('Schritt 1') })).toHaveFocus());
    const patches = api.filter((r) => r.method === 'PATCH');
    expect(await Promise.all(patches.map((r) => r.json()))).toEqual([{ order: 1 }, { order: 2 }]);
    // The last step cannot move further down; its button says so and stays focusable.
    expect(screen.getByRole('button', { name: s.downLabel('Schritt 1') })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('renames a step and gives it a due date in place', async () => {
    const renamed = { ...one, title: 'Ausschreibung', dueOn: '2027-05-01', updatedAt: later };
    const { api } = await showSheet({
      ...sheetRoutes(rollup(0, 1)),
      [`GET ${base}/steps`]: [reply({ data: [one] }), reply({ data: [renamed] })],
      [`GET ${base}/steps/${one.id}`]: reply(one, '"s1"'),
      [`PATCH ${base}/steps/${one.id}`]: reply(renamed, '"s1b"'),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: s.editLabel('Schritt 1') }));
    const editor = screen.getByRole('form', { name: s.editLabel('Schritt 1') });
    const title = within(editor).getByLabelText(/^Schritt/);
    expect(title).toHaveFocus();
    await user.clear(title);
    await user.type(title, 'Ausschreibung');
    await user.type(within(editor).getByLabelText(/^Fällig bis/), '1.5.2027');
    await user.click(within(editor).getByRole('button', { name: s.save }));
    expect(await screen.findByRole('checkbox', { name: /Ausschreibung/ })).toBeInTheDocument();
    expect(await api.find((r) => r.method === 'PATCH')?.json()).toEqual({
      title: 'Ausschreibung',
      dueOn: '2027-05-01',
    });
  });

  it('deletes a step after asking, and reloads when someone else changed it first', async () => {
    const theirs = { ...two, title: 'Schritt 2 (neu)', updatedAt: later };
    const { api } = await showSheet({
      ...sheetRoutes(rollup(0, 2)),
      [`GET ${base}/steps`]: [reply({ data: [one, two] }), reply({ data: [two] }), reply({ data: [theirs] })],
      [`GET ${base}/steps/${one.id}`]: reply(one, '"s1"'),
      [`GET ${base}/steps/${two.id}`]: reply(theirs, '"s2b"'),
      [`DELETE ${base}/steps/${one.id}`]: { status: 204 },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: s.deleteLabel('Schritt 1') }));
    const dialog = screen.getByRole('alertdialog', { name: s.deleteTitle('Schritt 1') });
    await user.click(within(dialog).getByRole('button', { name: s.deleteConfirm }));
    await screen.findByText(s.removed('Schritt 1'));
    expect(api.find((r) => r.method === 'DELETE')?.headers.get('if-match')).toBe('"s1"');

    await user.click(screen.getByRole('checkbox', { name: /Schritt 2/ }));
    expect(await screen.findByText(s.conflict)).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: /Schritt 2 \(neu\)/ })).not.toBeChecked();
    expect(api.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('says in German why a new step is refused', async () => {
    await showSheet({
      ...sheetRoutes(rollup(0, 1)),
      [`GET ${base}/steps`]: reply({ data: [one] }),
      [`POST ${base}/steps`]: { status: 422, body: problem(422, 'too_many_steps') },
    });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: s.addHeading });
    await user.click(within(form).getByRole('button', { name: s.add }));
    expect(within(form).getByLabelText(/^Schritt/)).toHaveAccessibleDescription(s.missingTitle);
    await user.type(within(form).getByLabelText(/^Schritt/), 'Noch einer');
    await user.click(within(form).getByRole('button', { name: s.add }));
    expect(await screen.findByRole('heading', { name: s.tooMany })).toBeInTheDocument();
  });
});
