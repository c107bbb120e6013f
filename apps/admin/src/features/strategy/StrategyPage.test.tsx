import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schema } from '@werkstatt/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderPage } from '../../test/router';
import { type Workspace, WorkspaceContext } from '../workspace/useWorkspace';
import { StrategyPage } from './StrategyPage';
import { catalogue, municipalityId, program, programId, strategyFixture } from './strategy-fixtures';
import type { Strategy } from './strategy-form';

afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const s = de.strategy;
const path = `/v1/municipalities/${municipalityId}/strategy`;

function workspace(canEdit: boolean): Workspace {
  return {
    municipalityId,
    municipality: { id: municipalityId, name: 'Verbandsgemeinde Wonnegau' } as Schema<'Municipality'>,
    canEdit,
    canVote: true,
    canAdminister: false,
    officeView: false,
  };
}

type Answer = Reply | Reply[] | ((request: Request) => Reply);

async function open({
  canEdit = true,
  strategy = strategyFixture() as Strategy | null,
  put = { status: 200, body: strategyFixture() } as Answer,
} = {}) {
  const api = stubApi({
    [`GET ${path}`]: strategy
      ? { status: 200, body: strategy, headers: { etag: '"v1"' } }
      : { status: 404, body: problem(404, 'not_found') },
    'GET /v1/programs': page([program]),
    [`GET /v1/programs/${programId}/action-fields`]: page(catalogue),
    [`PUT ${path}`]: put,
  });
  const user = userEvent.setup();
  await renderPage(
    <WorkspaceContext.Provider value={workspace(canEdit)}>
      <StrategyPage />
    </WorkspaceContext.Provider>,
  );
  return { api, user };
}

const titles = () =>
  Array.from(document.querySelectorAll('.strategy-field-list .strategy-field-title')).map((h) =>
    (h.textContent ?? '').replace(/^\d+\.\s*/, '').replace(/,.*$/, ''),
  );

const sentBody = async (api: ReturnType<typeof stubApi>, n = 0) => {
  const request = api.find('PUT', path)[n];
  if (!request) throw new Error('no PUT');
  return { body: await request.json(), ifMatch: request.headers.get('if-match') };
};

describe('StrategyPage for an editor', { timeout: 30_000 }, () => {
  it('shows the form with the Leitbild preview and saves the whole strategy with If-Match', async () => {
    const { api, user } = await open();
    const title = await screen.findByLabelText(/^Titel/);
    expect(screen.getByText(s.status.draft)).toBeInTheDocument();
    const preview = screen.getByRole('region', { name: s.previewLabel });
    expect(within(preview).getByRole('heading', { level: 3, name: 'Wonnegau 2030' })).toBeInTheDocument();

    await user.clear(title);
    await user.type(title, 'Unsere Strategie');
    await user.clear(screen.getByLabelText(/^Leitbild/));
    await user.type(screen.getByLabelText(/^Leitbild/), '## Neu');
    expect(within(preview).getByRole('heading', { level: 4, name: 'Neu' })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText(/^Handlungsfeld hinzufügen/), 'Bildung');
    await user.click(screen.getByRole('button', { name: s.addFieldButton }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Ziel/, { selector: '#field-fields\\.2\\.goal' })).toHaveFocus(),
    );
    await user.type(document.activeElement as HTMLElement, 'Tablets für alle Schulen.');
    await user.click(screen.getByRole('button', { name: s.save }));

    await screen.findByText(s.saved);
    const { body, ifMatch } = await sentBody(api);
    expect(ifMatch).toBe('"v1"');
    expect(body).toMatchObject({ title: 'Unsere Strategie', vision: '## Neu', status: 'draft' });
    expect(body.fields.map((f: { goal: string }) => f.goal)).toEqual([
      'Alle Anträge online.',
      'WLAN in jedem Ort.',
      'Tablets für alle Schulen.',
    ]);
  });

  it('creates a missing strategy without If-Match', async () => {
    const { api, user } = await open({ strategy: null, put: { status: 201, body: strategyFixture() } });
    expect(await screen.findByLabelText(/^Titel/)).toHaveValue('Digitalstrategie Verbandsgemeinde Wonnegau');
    await user.click(screen.getByRole('button', { name: s.save }));
    await screen.findByText(s.created);
    const { body, ifMatch } = await sentBody(api);
    expect(ifMatch).toBeNull();
    expect(body).toMatchObject({ programId, fields: [] });
  });

  it('reorders with the buttons, announces the new place and keeps focus on the moved field', async () => {
    const { user } = await open();
    await screen.findByLabelText(/^Titel/);
    expect(titles()).toEqual(['Bürgerservice', 'Infrastruktur']);
    expect(screen.getByRole('button', { name: 'Nach oben verschieben: Bürgerservice' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Nach unten verschieben: Bürgerservice' }));
    expect(titles()).toEqual(['Infrastruktur', 'Bürgerservice']);
    expect(screen.getByText(s.moved('Bürgerservice', 2, 2))).toHaveAttribute('role', 'status');
    // At the bottom „Nach unten“ is disabled, so focus moves to „Nach oben“ of the same field.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Nach oben verschieben: Bürgerservice' })).toHaveFocus(),
    );
  });

  it('reorders with the keyboard alone: Tab to „Nach unten“, then Enter or Space', async () => {
    const { user } = await open({
      strategy: strategyFixture({
        fields: [
          ...strategyFixture().fields,
          {
            ...strategyFixture().fields[0],
            actionFieldId: catalogue[2]?.id,
            actionFieldTitle: 'Bildung',
            priority: 3,
          },
        ] as Strategy['fields'],
      }),
    });
    await screen.findByLabelText(/^Titel/);
    screen.getByLabelText(/^Leitbild/).focus();
    const down = screen.getByRole('button', { name: 'Nach unten verschieben: Bürgerservice' });
    for (let i = 0; i < 20 && document.activeElement !== down; i++) await user.tab();
    expect(down).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(titles()).toEqual(['Infrastruktur', 'Bürgerservice', 'Bildung']);
    await waitFor(() => expect(down).toHaveFocus());
    await user.keyboard(' ');
    expect(titles()).toEqual(['Infrastruktur', 'Bildung', 'Bürgerservice']);
    expect(screen.getByText(s.moved('Bürgerservice', 3, 3))).toBeInTheDocument();
  });

  it('reorders by drag and drop', async () => {
    await open();
    await screen.findByLabelText(/^Titel/);
    const items = document.querySelectorAll('.strategy-field-list > li');
    const dataTransfer = { setData: vi.fn(), setDragImage: vi.fn(), effectAllowed: '', dropEffect: '' };
    fireEvent.dragStart(screen.getByTestId(`drag-${catalogue[1]?.id}`), { dataTransfer });
    fireEvent.dragOver(items[0] as Element, { dataTransfer });
    fireEvent.drop(items[0] as Element, { dataTransfer });
    expect(titles()).toEqual(['Infrastruktur', 'Bürgerservice']);
  });

  it('removes a field', async () => {
    const { user } = await open();
    await screen.findByLabelText(/^Titel/);
    await user.click(screen.getByRole('button', { name: 'Entfernen: Bürgerservice' }));
    expect(titles()).toEqual(['Infrastruktur']);
    expect(screen.getByText(s.removed('Bürgerservice'))).toBeInTheDocument();
  });

  it('shows problems from the API at their fields, in German', async () => {
    const { user } = await open({
      put: {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [
            { path: 'body.fields.1.goal', message: 'too long' },
            { path: 'body.title', message: 'too long' },
          ],
        }),
      },
    });
    await screen.findByLabelText(/^Titel/);
    await user.click(screen.getByRole('button', { name: s.save }));
    await screen.findByText(de.form.summaryTitle(2));
    expect(screen.getByLabelText(/^Titel/)).toHaveAccessibleDescription(
      expect.stringContaining(s.errors.title),
    );
    expect(document.getElementById('field-fields.1.goal')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('link', { name: s.errors.goal('Infrastruktur') })).toBeInTheDocument();
  });

  it('checks dates before sending', async () => {
    const { api, user } = await open();
    const review = await screen.findByLabelText(/^Nächste Überprüfung/);
    await user.clear(review);
    await user.type(review, '2027-03-31');
    await user.click(screen.getByRole('button', { name: s.save }));
    expect(await screen.findByRole('link', { name: s.errors.nextReviewOn })).toBeInTheDocument();
    expect(api.find('PUT', path)).toHaveLength(0);
  });

  it('on a conflict shows what the other person changed and keeps the user’s edits on reload', async () => {
    const theirs = strategyFixture({ title: 'Titel der Kollegin', updatedAt: '2026-11-03T00:00:00.000Z' });
    const saved = strategyFixture({ title: 'Titel der Kollegin', summary: 'Meine Zusammenfassung' });
    const { api, user } = await open({
      put: [
        { status: 412, body: problem(412, 'precondition_failed', { current: theirs, currentEtag: '"v2"' }) },
        { status: 200, body: saved, headers: { etag: '"v3"' } },
      ],
    });
    const summary = await screen.findByLabelText(/^Zusammenfassung/);
    await user.clear(summary);
    await user.type(summary, 'Meine Zusammenfassung');
    await user.click(screen.getByRole('button', { name: s.save }));

    const dialog = await screen.findByRole('alertdialog', { name: s.conflict.title });
    const row = within(dialog).getByRole('row', { name: /Titel/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Titel der Kollegin', 'Digitalstrategie Wonnegau']);
    expect(within(dialog).getByRole('button', { name: s.conflict.copyMine })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: s.conflict.keepMine }));
    expect(screen.getByLabelText(/^Titel/)).toHaveValue('Titel der Kollegin');
    expect(screen.getByLabelText(/^Zusammenfassung/)).toHaveValue('Meine Zusammenfassung');
    await user.click(screen.getByRole('button', { name: s.save }));
    await screen.findByText(s.saved);
    const second = await sentBody(api, 1);
    expect(second.ifMatch).toBe('"v2"');
    expect(second.body).toMatchObject({ title: 'Titel der Kollegin', summary: 'Meine Zusammenfassung' });
  });

  it('adopts the strategy with date and resolution', async () => {
    const adopted = strategyFixture({
      status: 'adopted',
      adoptedOn: '2027-03-12',
      councilResolution: '2027/045',
    });
    const { api, user } = await open({ put: { status: 200, body: adopted } });
    await user.click(await screen.findByRole('button', { name: s.adopt }));
    const dialog = await screen.findByRole('dialog', { name: s.adoptTitle });
    await user.type(within(dialog).getByLabelText(/^Beschlossen am/), '12.03.2027');
    await user.type(within(dialog).getByLabelText(/^Beschluss-Nr\./), '2027/045');
    await user.click(within(dialog).getByRole('button', { name: s.adoptConfirm }));
    await screen.findByText(s.adoptDone);
    expect((await sentBody(api)).body).toMatchObject({
      status: 'adopted',
      adoptedOn: '2027-03-12',
      councilResolution: '2027/045',
    });
    expect(screen.getByText('Beschlossen am 12.03.2027 mit Beschluss 2027/045')).toBeInTheDocument();
  });

  it('shows the API’s refusal to adopt without fields in the dialog', async () => {
    const { user } = await open({
      put: {
        status: 422,
        body: problem(422, 'strategy_not_adoptable', { errors: [{ path: 'body.fields', message: 'x' }] }),
      },
    });
    await user.click(await screen.findByRole('button', { name: s.adopt }));
    const dialog = await screen.findByRole('dialog', { name: s.adoptTitle });
    await user.type(within(dialog).getByLabelText(/^Beschlossen am/), '12.03.2027');
    await user.click(within(dialog).getByRole('button', { name: s.adoptConfirm }));
    expect(await within(dialog).findByText(s.errors.fields)).toBeInTheDocument();
  });
});

describe('StrategyPage read-only', () => {
  it('shows the rendered Leitbild and the fields with goals and maturity, without edit controls', async () => {
    await open({ canEdit: false });
    expect(await screen.findByRole('heading', { level: 3, name: 'Wonnegau 2030' })).toBeInTheDocument();
    expect(screen.getByText('Alle Anträge online.')).toBeInTheDocument();
    expect(screen.getByText(s.maturityOption(3, 'fortgeschritten'))).toBeInTheDocument();
    expect(screen.getByText(s.status.draft)).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('says so when there is no strategy yet', async () => {
    await open({ canEdit: false, strategy: null });
    expect(await screen.findByText(s.none)).toBeInTheDocument();
  });
});
