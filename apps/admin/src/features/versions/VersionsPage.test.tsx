import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schema } from '@werkstatt/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { type Workspace, WorkspaceContext } from '../workspace/useWorkspace';
import { diffFixture, documentFixture, municipalityId, versionFixture } from './fixtures';
import type { VersionsSearch } from './search';
import { VersionsPage } from './VersionsPage';

afterEach(() => vi.unstubAllGlobals());

const [v1, v2, v3] = [versionFixture(1), versionFixture(2), versionFixture(3)];
const readyDoc = {
  ...documentFixture('ready', 100, { strategyVersionId: v2.id }),
  version: { id: v2.id, number: 2, label: v2.label },
};
const base = `/v1/municipalities/${municipalityId}`;

const workspace = (canEdit: boolean): Workspace => ({
  municipalityId,
  municipality: { id: municipalityId, name: 'Verbandsgemeinde Wonnegau' } as Schema<'Municipality'>,
  canEdit,
  canVote: true,
  canAdminister: canEdit,
  officeView: false,
});

function routes(extra: Record<string, Reply | Reply[]> = {}) {
  return {
    [`GET ${base}/strategy/versions`]: page([v1, v2, v3]),
    [`GET ${base}/documents`]: page([readyDoc]),
    [`GET ${base}/strategy/versions/${v2.id}/diff/${v3.id}`]: { status: 200, body: diffFixture() },
    [`GET ${base}/strategy/versions/${v1.id}/diff/${v3.id}`]: { status: 200, body: diffFixture() },
    ...extra,
  };
}

async function show({
  canEdit = true,
  search = {} as VersionsSearch,
  extra = {},
  followFetch = vi.fn(),
} = {}) {
  const api = stubApi(routes(extra));
  const onSearch = vi.fn();
  await renderInRouter(
    <WorkspaceContext.Provider value={workspace(canEdit)}>
      <VersionsPage
        search={search}
        onSearch={onSearch}
        followDeps={{ fetch: followFetch, baseUrl: 'http://localhost' }}
      />
    </WorkspaceContext.Provider>,
  );
  await screen.findByRole('rowheader', { name: 'Version 3' });
  return { api, onSearch, user: userEvent.setup() };
}

describe('VersionsPage', () => {
  it('lists the versions newest first with date, author and the PDF of each', async () => {
    await show();
    const table = screen.getAllByRole('table')[0]!;
    const rows = within(table)
      .getAllByRole('rowheader')
      .map((r) => r.textContent);
    expect(rows).toEqual(['Version 3', 'Version 2', 'Version 1']);
    const second = within(table).getByRole('rowheader', { name: 'Version 2' }).closest('tr')!;
    expect(second).toHaveTextContent('Fassung 2');
    expect(second).toHaveTextContent('21.11.2026 10:30');
    expect(second).toHaveTextContent('Rita Redaktion');
    expect(
      within(second).getByRole('button', { name: 'PDF herunterladen für Version 2' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'PDF erzeugen für Version 3' })).toBeInTheDocument();
  });

  it('lists generated documents with date, pages and size in German', async () => {
    await show();
    const section = screen.getByRole('region', { name: 'Erzeugte PDF-Dokumente' });
    const row = within(section).getByRole('listitem');
    expect(row).toHaveTextContent('Version 2 – Fassung 2');
    expect(row).toHaveTextContent('Erzeugt am 21.11.2026 10:30 · 12 Seiten, 1,4 MB');
    expect(within(row).getByRole('button', { name: 'PDF herunterladen für Version 2' })).toBeInTheDocument();
  });

  it('shows the state of a document that is not ready yet, and its progress to anyone', async () => {
    const { user } = await show({
      canEdit: false,
      extra: {
        [`GET ${base}/documents`]: page([
          { ...readyDoc, ...documentFixture('rendering', 40, { strategyVersionId: v2.id }) },
        ]),
      },
    });
    const section = screen.getByRole('region', { name: 'Erzeugte PDF-Dokumente' });
    expect(within(section).getByText('wird erstellt')).toBeInTheDocument();
    const versionRow = screen.getAllByRole('table')[0]!.querySelectorAll('tr')[2]!;
    expect(versionRow).toHaveTextContent('wird erstellt');
    await user.click(within(versionRow).getByRole('button', { name: 'Fortschritt anzeigen für Version 2' }));
    const progress = await screen.findByRole('region', { name: 'PDF von Version 2' });
    expect(within(progress).getByRole('progressbar')).toHaveAttribute('value', '40');
  });

  it('compares the newest version with the one before by default, and follows the choice', async () => {
    const { onSearch, user } = await show();
    const compare = screen.getByRole('region', { name: 'Versionen vergleichen' });
    expect(
      await within(compare).findByRole('heading', { name: /Freies WLAN im Bürgerhaus/ }),
    ).toBeInTheDocument();
    expect(within(compare).getByLabelText(/Ältere Version/)).toHaveValue(v2.id);
    expect(within(compare).getByLabelText(/Neuere Version/)).toHaveValue(v3.id);
    await user.selectOptions(within(compare).getByLabelText(/Ältere Version/), v1.id);
    expect(onSearch).toHaveBeenCalledWith({ a: v1.id, b: v3.id });
  });

  it('shows a viewer everything without the buttons to create', async () => {
    await show({ canEdit: false });
    expect(screen.queryByRole('button', { name: 'Version anlegen' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /erzeugen/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'PDF herunterladen für Version 2' })).toHaveLength(2);
    expect(screen.getAllByText('noch keins')).toHaveLength(2);
  });

  it('generates a PDF and shows its progress', async () => {
    const queued = documentFixture('queued', 0, {
      strategyVersionId: v3.id,
      id: '0190f1c2-7a1b-7cde-8f00-0000000000d3',
    });
    const followFetch = vi.fn(
      async () => new Response(JSON.stringify(documentFixture('rendering', 30)), { status: 200 }),
    );
    const { api, user } = await show({
      extra: { [`POST ${base}/strategy/versions/${v3.id}/documents`]: { status: 202, body: queued } },
      followFetch,
    });
    await user.click(screen.getByRole('button', { name: 'PDF erzeugen für Version 3' }));
    const progress = await screen.findByRole('region', { name: 'PDF von Version 3' });
    expect(within(progress).getByRole('progressbar')).toBeInTheDocument();
    expect(within(progress).getByText('in der Warteschlange')).toBeInTheDocument();
    const post = api.requests.filter((r) => r.method === 'POST')[0]!;
    expect(post.headers.get('idempotency-key')).toBeTruthy();
    await waitFor(() => expect(followFetch).toHaveBeenCalled());
  });

  it('creates a version with a label, and asks for one first', async () => {
    const created = { ...versionFixture(4), snapshot: {} };
    const { api, user, onSearch } = await show({
      extra: { [`POST ${base}/strategy/versions`]: { status: 201, body: created } },
    });
    await user.click(screen.getByRole('button', { name: 'Version anlegen' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Version anlegen' }));
    expect(await within(dialog).findAllByText('Bitte geben Sie eine Bezeichnung ein.')).not.toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/Bezeichnung/), 'Vorlage für den Rat');
    await user.click(within(dialog).getByRole('button', { name: 'Version anlegen' }));
    expect(await screen.findByText('Version 4 wurde angelegt.')).toBeInTheDocument();
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(await post.json()).toEqual({ label: 'Vorlage für den Rat' });
    expect(onSearch).toHaveBeenCalledWith({});
  });

  it('shows the API’s refusal at the label and a missing strategy for the form', async () => {
    const { user } = await show({
      extra: {
        [`POST ${base}/strategy/versions`]: [
          {
            status: 400,
            body: problem(400, 'validation_failed', {
              errors: [{ path: 'body.label', message: 'Too long' }],
            }),
          },
          { status: 409, body: problem(409, 'strategy_missing') },
        ],
      },
    });
    await user.click(screen.getByRole('button', { name: 'Version anlegen' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Bezeichnung/), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Version anlegen' }));
    expect(
      await within(dialog).findAllByText('Bitte geben Sie eine Bezeichnung mit höchstens 200 Zeichen ein.'),
    ).not.toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Version anlegen' }));
    expect(await within(dialog).findByText(/Es gibt noch keine Strategie/)).toBeInTheDocument();
  });

  it('says when there is no version yet', async () => {
    stubApi({
      ...routes(),
      [`GET ${base}/strategy/versions`]: page([]),
      [`GET ${base}/documents`]: page([]),
    });
    await renderInRouter(
      <WorkspaceContext.Provider value={workspace(true)}>
        <VersionsPage search={{}} onSearch={vi.fn()} />
      </WorkspaceContext.Provider>,
    );
    expect(await screen.findByText(/Es gibt noch keine Version/)).toBeInTheDocument();
    expect(await screen.findByText('Es wurde noch kein PDF erzeugt.')).toBeInTheDocument();
  });
});
