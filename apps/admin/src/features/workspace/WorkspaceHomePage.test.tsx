import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, stubApi } from '../../test/api';
import { workshopFixture } from '../../test/fixtures';
import { problem } from '../../test/render';
import { accessOf, MUNICIPALITY_ID, renderWorkspacePage } from '../../test/workspace';
import { WorkspaceHomePage } from './WorkspaceHomePage';

const base = `/v1/municipalities/${MUNICIPALITY_ID}`;

const strategy = {
  id: 's1',
  municipalityId: MUNICIPALITY_ID,
  programId: 'p1',
  title: 'Digitales Wonnegau 2030',
  vision: '',
  summary: '',
  status: 'adopted',
  adoptedOn: '2026-10-14',
  councilResolution: 'VG-2026/117',
  visibility: 'public',
  nextReviewOn: '2020-01-31',
  councilMeeting: null,
  fields: [],
  createdAt: '2026-09-01T00:00:00.000Z',
  updatedAt: '2026-10-14T00:00:00.000Z',
};

const entry = (extra: Record<string, unknown>) => ({
  id: `e-${Math.random()}`,
  occurredAt: '2026-12-04T13:05:00.000Z',
  action: 'measure.updated',
  entityType: 'measure',
  entityId: 'm1',
  title: 'Digitales Bürgerbüro',
  measureId: 'm1',
  actor: { name: 'Karl Kollege', isCaller: false },
  ...extra,
});

function stubHome(overrides: Record<string, unknown> = {}) {
  return stubApi({
    [`GET ${base}/strategy`]: { status: 200, body: strategy },
    [`GET ${base}/measures`]: page([
      { id: 'm9', title: 'Breitband für alle Ortsteile', endDate: '2026-06-30' },
    ] as never[]),
    'GET /v1/workshops': page([
      workshopFixture({
        seatsPerMunicipality: [{ municipalityId: MUNICIPALITY_ID, seats: 12, confirmedCount: 9 }],
      }),
    ]),
    [`GET ${base}/activity`]: page([
      entry({}),
      entry({ action: 'idea.created', entityType: 'idea', title: 'Online-Termine', measureId: null }),
      entry({ action: 'strategy.updated', entityType: 'strategy', actor: { name: 'Erika', isCaller: true } }),
      entry({ action: 'measure.created', actor: { name: null, isCaller: false } }),
    ]),
    ...overrides,
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('the workspace home', () => {
  it('shows the strategy status, what is overdue, the next workshop and recent changes', async () => {
    const api = stubHome();
    await renderWorkspacePage(<WorkspaceHomePage />);

    const strategyCard = (await screen.findByRole('heading', { name: 'Strategie' })).closest('section')!;
    expect(await within(strategyCard).findByText('Digitales Wonnegau 2030')).toBeInTheDocument();
    expect(within(strategyCard).getByText('Beschlossen')).toBeInTheDocument();
    expect(within(strategyCard).getByText('VG-2026/117')).toBeInTheDocument();
    expect(within(strategyCard).getByText('31.01.2020')).toBeInTheDocument();
    expect(within(strategyCard).getByText('fällig')).toBeInTheDocument();
    expect(within(strategyCard).getByRole('link', { name: 'Strategie bearbeiten' })).toBeInTheDocument();

    const overdue = screen.getByRole('heading', { name: 'Überfällige Maßnahmen' }).closest('section')!;
    expect(
      await within(overdue).findByRole('link', { name: 'Breitband für alle Ortsteile' }),
    ).toHaveAttribute('href', `/arbeitsbereich/${MUNICIPALITY_ID}/massnahmen/m9`);
    expect(within(overdue).getByText('fällig seit 30.06.2026')).toBeInTheDocument();
    expect(api.find('GET', `${base}/measures`)[0]!.url).toContain('overdue=true');

    const workshop = screen.getByRole('heading', { name: 'Nächste Werkstatt' }).closest('section')!;
    expect(await within(workshop).findByText('Digital-Werkstatt Rheinhessen')).toBeInTheDocument();
    expect(within(workshop).getByText('9 von 12 vergeben')).toBeInTheDocument();
    expect(api.find('GET', '/v1/workshops')[0]!.url).toContain(`municipalityId=${MUNICIPALITY_ID}`);

    const activity = screen.getByRole('heading', { name: 'Zuletzt geändert' }).closest('section')!;
    const items = await within(activity).findAllByRole('listitem');
    expect(items.map((li) => li.querySelector('p')?.textContent)).toEqual([
      'Karl Kollege hat die Maßnahme „Digitales Bürgerbüro“ bearbeitet',
      'Karl Kollege hat die Idee „Online-Termine“ eingebracht',
      'Sie haben die Strategie bearbeitet',
      'Jemand vom Programmbüro hat die Maßnahme „Digitales Bürgerbüro“ angelegt',
    ]);
    expect(within(items[0]!).getByRole('link')).toHaveAttribute(
      'href',
      `/arbeitsbereich/${MUNICIPALITY_ID}/massnahmen/m1`,
    );
    expect(within(items[0]!).getByText('04.12.2026, 14:05 Uhr')).toBeInTheDocument();
  });

  it('offers a viewer to look, not to edit, and says when there is no strategy yet', async () => {
    stubHome({ [`GET ${base}/strategy`]: { status: 404, body: problem(404, 'not_found') } });
    await renderWorkspacePage(<WorkspaceHomePage />, { access: accessOf.viewer });
    expect(await screen.findByText('Ihre Kommune hat noch keine Strategie angelegt.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Strategie beginnen' })).toBeNull();
  });

  it('says so when nothing is overdue, planned or changed', async () => {
    stubHome({
      [`GET ${base}/measures`]: page([]),
      'GET /v1/workshops': page([]),
      [`GET ${base}/activity`]: page([]),
    });
    await renderWorkspacePage(<WorkspaceHomePage />, { access: accessOf.viewer });
    expect(await screen.findByText('Keine Maßnahme ist überfällig.')).toBeInTheDocument();
    expect(await screen.findByText('Zurzeit sind keine Werkstätten geplant.')).toBeInTheDocument();
    expect(await screen.findByText('Noch keine Änderungen.')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Strategie ansehen' })).toBeInTheDocument();
  });
});
