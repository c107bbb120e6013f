import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { fakeApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderPage } from '../../test/router';
import type { ActionField } from './ActionFieldForm';
import { ActionFieldsSection, reorder } from './ActionFieldsSection';

// Typing into many fields is slow on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.programs.actionFields;
const programId = '0190f1c2-7a1b-7cde-8f00-0000000000aa';
const list = `/v1/programs/${programId}/action-fields`;

const field = (n: number, title: string, sortOrder = n * 10): ActionField => ({
  id: `0190f1c2-7a1b-7cde-8f00-00000000000${n}`,
  programId,
  key: title.toLowerCase().replace(/\s+/g, '-'),
  title,
  description: `${title}: worum es geht.`,
  exampleMeasures: ['Eine Maßnahme'],
  sortOrder,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
});
const fields = [field(1, 'Digitale Infrastruktur'), field(2, 'Bildung und Jugend'), field(3, 'Tourismus')];
const page = { status: 200, body: { data: fields, nextCursor: null } };

describe('ActionFieldsSection', () => {
  it('shows moderators the catalog read-only: no button they could not use', async () => {
    fakeApi({ [`GET ${list}`]: page });
    await renderPage(<ActionFieldsSection programId={programId} canManage={false} />);
    const items = await screen.findAllByRole('listitem', { name: /./ });
    expect(items.map((li) => within(li).getByRole('heading').textContent)).toEqual([
      'Digitale Infrastruktur',
      'Bildung und Jugend',
      'Tourismus',
    ]);
    expect(screen.getByText(t.count(3))).toBeInTheDocument();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('moves a field up by swapping sort orders, with If-Match of each field, and says where it went', async () => {
    const [, second, third] = fields as [ActionField, ActionField, ActionField];
    const api = fakeApi({
      [`GET ${list}`]: page,
      [`GET ${list}/${third.id}`]: { status: 200, body: third, headers: { etag: '"t1"' } },
      [`GET ${list}/${second.id}`]: { status: 200, body: second, headers: { etag: '"s1"' } },
      [`PATCH ${list}/${third.id}`]: { status: 200, body: { ...third, sortOrder: 20 } },
      [`PATCH ${list}/${second.id}`]: { status: 200, body: { ...second, sortOrder: 30 } },
    });
    const user = userEvent.setup();
    await renderPage(<ActionFieldsSection programId={programId} canManage />);
    await user.click(await screen.findByRole('button', { name: `${t.moveUp}: Tourismus` }));

    expect(await screen.findByText(t.moved('Tourismus', 2))).toBeInTheDocument();
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.headers.get('if-match'))).toEqual(['"t1"', '"s1"']);
    expect(await Promise.all(patches.map((r) => r.json()))).toEqual([{ sortOrder: 20 }, { sortOrder: 30 }]);
    expect(screen.getByRole('button', { name: `${t.moveUp}: Digitale Infrastruktur` })).toBeDisabled();
  });

  it('shows why the API refused to delete a field, in German, inside the dialog', async () => {
    const [first] = fields as [ActionField];
    fakeApi({
      [`GET ${list}`]: page,
      [`GET ${list}/${first.id}`]: { status: 200, body: first, headers: { etag: '"f1"' } },
      [`DELETE ${list}/${first.id}`]: { status: 409, body: problem(409, 'action_field_in_use') },
    });
    const user = userEvent.setup();
    await renderPage(<ActionFieldsSection programId={programId} canManage />);
    await user.click(await screen.findByRole('button', { name: `${t.remove}: Digitale Infrastruktur` }));
    const dialog = screen.getByRole('alertdialog', { name: t.delete.title('Digitale Infrastruktur') });
    expect(dialog).toHaveTextContent(t.delete.text);
    await user.click(within(dialog).getByRole('button', { name: t.delete.confirm }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent(t.delete.refused));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(de.problems.generic);
  });

  it('opens the conflict dialog when a field changed since the list was read', async () => {
    const [first] = fields as [ActionField];
    fakeApi({
      [`GET ${list}`]: page,
      [`GET ${list}/${first.id}`]: {
        status: 200,
        body: { ...first, updatedAt: '2026-11-05T00:00:00.000Z' },
        headers: { etag: '"f2"' },
      },
    });
    const user = userEvent.setup();
    await renderPage(<ActionFieldsSection programId={programId} canManage />);
    await user.click(await screen.findByRole('button', { name: `${t.remove}: Digitale Infrastruktur` }));
    await user.click(screen.getByRole('button', { name: t.delete.confirm }));
    expect(await screen.findByRole('alertdialog', { name: de.ui.conflictTitle })).toBeInTheDocument();
  });
});

describe('ActionFieldDialog', () => {
  it('asks before closing over unsaved input, and stays open when the answer is no', async () => {
    fakeApi({ [`GET ${list}`]: page });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const user = userEvent.setup();
    await renderPage(<ActionFieldsSection programId={programId} canManage />);
    await user.click(await screen.findByRole('button', { name: t.add }));
    const dialog = screen.getByRole('dialog', { name: t.addTitle });
    await user.type(within(dialog).getByLabelText(/^Titel/), 'Klimaschutz');
    await user.click(within(dialog).getByRole('button', { name: de.ui.close }));
    expect(confirm).toHaveBeenCalledWith(t.discardConfirm);
    expect(screen.getByRole('dialog', { name: t.addTitle })).toBeInTheDocument();

    confirm.mockReturnValue(true);
    await user.click(within(dialog).getByRole('button', { name: de.ui.cancel }));
    expect(screen.queryByRole('dialog', { name: t.addTitle })).not.toBeInTheDocument();
    confirm.mockRestore();
  });
});

describe('reorder', () => {
  it('swaps two different sort orders, and numbers anew when they tie', () => {
    expect(reorder(fields, 1, -1).map((c) => [c.field.title, c.sortOrder])).toEqual([
      ['Bildung und Jugend', 10],
      ['Digitale Infrastruktur', 20],
    ]);
    const tied = [field(1, 'A', 0), field(2, 'B', 0), field(3, 'C', 0)];
    expect(reorder(tied, 2, -1).map((c) => [c.field.title, c.sortOrder])).toEqual([
      ['A', 10],
      ['C', 20],
      ['B', 30],
    ]);
    expect(reorder(fields, 0, -1)).toEqual([]);
  });
});
