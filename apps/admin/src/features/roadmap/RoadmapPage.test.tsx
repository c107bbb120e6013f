import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../api/session';
import { type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { type Workspace, WorkspaceContext } from '../workspace/useWorkspace';
import { FIELD_A, FIELD_B, roadmapField, roadmapFixture, roadmapMeasure } from './fixtures';
import { RoadmapPage } from './RoadmapPage';
import type { RoadmapFilters } from './roadmap-model';

const municipalityId = '0190f1c2-7a1b-7cde-8f00-000000000001';
const me = {
  id: 'u1',
  email: 'redaktion@wonnegau.example',
  name: 'Rita Redaktion',
  role: 'municipality_viewer',
  municipalityId,
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
};
const workspace = {
  municipalityId,
  municipality: { id: municipalityId, name: 'Verbandsgemeinde Wonnegau' },
  canEdit: false,
  canVote: true,
  canAdminister: false,
  officeView: false,
} as unknown as Workspace;

const overdue = roadmapMeasure({
  title: 'E-Akte einführen',
  status: 'in_progress',
  progress: 40,
  startDate: '2026-01-01',
  endDate: '2026-09-30',
  overdue: true,
});
const wlan = roadmapMeasure({ title: 'WLAN im Bürgerhaus', startDate: '2027-02-01', endDate: '2027-12-31' });
const portal = roadmapMeasure({
  title: 'Bürgerportal',
  startDate: null,
  endDate: null,
  startWindow: 'immediately',
});

const data = roadmapFixture([
  roadmapField(FIELD_A, 'Verwaltung digital', [overdue, portal]),
  roadmapField(FIELD_B, 'Bildung', [wlan]),
]);

afterEach(() => vi.unstubAllGlobals());

async function show(reply: Reply = { status: 200, body: data }, search: RoadmapFilters = {}) {
  stubApi({
    'POST /v1/auth/login': {
      status: 200,
      body: { tokenType: 'Bearer', accessToken: 'at', expiresIn: 900, user: me },
    },
    [`GET /v1/municipalities/${municipalityId}/roadmap`]: reply,
  });
  await session.login(me.email, 'x');
  const onSearch = vi.fn();
  const ui: ReactElement = (
    <WorkspaceContext.Provider value={workspace}>
      <RoadmapPage search={search} onSearch={onSearch} today="2026-12-05" />
    </WorkspaceContext.Provider>
  );
  await renderInRouter(ui);
  return { onSearch, user: userEvent.setup() };
}

const chart = async () => within(await screen.findByRole('region', { name: /Zeitplan/ }));

describe('RoadmapPage', () => {
  it('draws the chart as a table: caption, a column per quarter, a row header per measure', async () => {
    await show();
    const table = (await chart()).getByRole('table');
    expect(table).toHaveAccessibleName(
      'Zeitplan: 2 Maßnahmen von Q1 2026 bis Q4 2027. Die rote Linie markiert heute, den 05.12.2026.',
    );
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers[0]).toBe('Maßnahme');
    expect(headers.slice(1)).toHaveLength(8);
    expect(headers[1]).toContain('Q1 2026');
    expect(within(table).getByRole('rowheader', { name: /Verwaltung digital/ })).toHaveAttribute(
      'scope',
      'rowgroup',
    );
    const link = within(table).getByRole('link', { name: '1.1 E-Akte einführen' });
    expect(link).toHaveAttribute('href', `/arbeitsbereich/${municipalityId}/massnahmen/${overdue.id}`);
    expect(link.closest('th')).toHaveAttribute('scope', 'row');
  });

  it('tells a screen reader what the bar shows, and marks overdue bars in words too', async () => {
    await show();
    const table = (await chart()).getByRole('table');
    const row = within(table)
      .getByRole('rowheader', { name: /E-Akte/ })
      .closest('tr') as HTMLElement;
    expect(row).toHaveTextContent(
      'Zeitraum 01.01.2026 bis 30.09.2026 (Q1 2026 bis Q3 2026). Status: In Umsetzung. Fortschritt 40 %. Überfällig.',
    );
    const bar = row.querySelector('.roadmap-bar') as HTMLElement;
    expect(bar).toHaveClass('is-overdue');
    expect(bar.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(within(row).getByText(/überfällig/, { selector: '.roadmap-overdue' })).toBeInTheDocument();
    expect(bar.querySelector('.roadmap-fill')).toHaveStyle({ width: '40%' });
    expect(bar).toHaveTextContent('40 %');
    const other = within(table).getByRole('rowheader', { name: /WLAN/ }).closest('tr') as HTMLElement;
    expect(other.querySelector('.roadmap-overdue')).toBeNull();
  });

  it('draws the today line and flags today over its quarter', async () => {
    await show();
    const table = (await chart()).getByRole('table');
    expect(table.querySelectorAll('.roadmap-today')).toHaveLength(2);
    const flag = within(table).getByText('Heute');
    expect(flag.closest('th')).toHaveTextContent('Q4 2026');
  });

  it('lists the measures without dates below the chart', async () => {
    await show();
    const section = await screen.findByRole('region', { name: 'Maßnahmen ohne festen Zeitraum' });
    const row = within(section)
      .getByRole('rowheader', { name: '1.2 Bürgerportal' })
      .closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Verwaltung digital');
    expect(row).toHaveTextContent('sofort');
    expect(row).toHaveTextContent('Geplant');
    expect((await chart()).queryByText(/Bürgerportal/)).toBeNull();
  });

  it('moves between measures with the arrow keys', async () => {
    await show();
    const table = (await chart()).getByRole('table');
    const first = within(table).getByRole('link', { name: /E-Akte/ });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(within(table).getByRole('link', { name: /WLAN/ })).toHaveFocus();
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    expect(first).toHaveFocus();
  });

  it('applies the filters through the address', async () => {
    const { onSearch, user } = await show();
    await user.selectOptions(await screen.findByLabelText('Handlungsfeld'), '2 Bildung');
    await user.selectOptions(screen.getByLabelText('Status'), 'In Umsetzung');
    await user.click(screen.getByRole('button', { name: 'Filter anwenden' }));
    expect(onSearch).toHaveBeenCalledWith({ feld: FIELD_B, status: 'in_progress' });
  });

  it('shows only what the filters let through', async () => {
    await show(undefined, { feld: FIELD_B });
    const table = (await chart()).getByRole('table');
    expect(
      within(table)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['2.1 WLAN im Bürgerhaus']);
    expect(screen.queryByRole('region', { name: 'Maßnahmen ohne festen Zeitraum' })).toBeNull();
    await show(undefined, { status: 'dropped' });
    expect(await screen.findByText('Keine Maßnahme passt zu diesen Filtern.')).toBeInTheDocument();
  });

  it('prints with the browser, in parts of 25 measures', async () => {
    const many = roadmapFixture([
      roadmapField(
        FIELD_A,
        'Verwaltung digital',
        Array.from({ length: 30 }, () => roadmapMeasure()),
      ),
    ]);
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { user } = await show({ status: 200, body: many });
    await user.click(await screen.findByRole('button', { name: 'Drucken' }));
    expect(print).toHaveBeenCalledOnce();
    const parts = document.querySelectorAll('.roadmap-print-chunk');
    expect(parts).toHaveLength(2);
    expect(parts[0]?.querySelectorAll('tbody th[scope="row"]')).toHaveLength(25);
    expect(parts[1]?.querySelectorAll('tbody th[scope="row"]')).toHaveLength(5);
    expect(parts[1]?.querySelector('caption')).toHaveTextContent('Teil 2 von 2');
    expect(parts[1]?.querySelector('.roadmap-group-head')).toHaveTextContent('(Fortsetzung)');
    expect(parts[1]?.querySelectorAll('thead th[scope="col"]').length).toBeGreaterThan(4);
    // Paper gets no links.
    expect(parts[0]?.querySelector('a')).toBeNull();
  });

  it('says when there is no strategy yet, and when it has no measures', async () => {
    await show({ status: 404, body: problem(404, 'not_found') });
    expect(await screen.findByRole('heading', { name: 'Noch keine Strategie' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Zur Strategie' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Drucken' })).toBeNull();
    await show({ status: 200, body: roadmapFixture([]) });
    expect(await screen.findByText('Die Strategie hat noch keine Maßnahmen.')).toBeInTheDocument();
  });

  it('offers a retry when loading fails', async () => {
    await show({ status: 500, body: problem(500, 'internal') });
    expect(await screen.findByRole('button', { name: 'Erneut versuchen' })).toBeInTheDocument();
  });
});
