import { screen, within } from '@testing-library/react';
import type { Schema } from '@werkstatt/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { applicationFixture, municipalitiesFixture, workshopFixture } from '../../test/fixtures';
import { problem } from '../../test/render';
import { renderInRouter, stubApi } from '../../test/router';
import { OverviewPage } from './OverviewPage';

afterEach(() => vi.unstubAllGlobals());

const counts = { planned: 0, in_progress: 0, done: 0, on_hold: 0, dropped: 0, total: 0 };

const report = (extra: Partial<Schema<'ProgramOverview'>> = {}): Schema<'ProgramOverview'> => ({
  municipalities: { total: 7, withoutStrategy: 1, draft: 2, adopted: 4, publicStrategies: 3 },
  actionFields: [
    { actionFieldId: 'f1', programId: 'p1', key: 'infra', title: 'Digitale Infrastruktur', chosen: 5 },
    { actionFieldId: 'f2', programId: 'p1', key: 'bildung', title: 'Bildung und Jugend', chosen: 3 },
    { actionFieldId: 'f3', programId: 'p1', key: 'tourismus', title: 'Tourismus', chosen: 0 },
  ],
  measures: { counts, overdue: 0, byField: [] },
  workshopsPerMonth: [],
  applications: { pending: 6 },
  ...extra,
});

function stub(overview: { status: number; body: unknown } = { status: 200, body: report() }) {
  return stubApi({
    'GET /v1/reports/overview': overview,
    'GET /v1/workshops': {
      status: 200,
      body: {
        data: [
          workshopFixture(),
          workshopFixture({ id: 'w-cancelled', status: 'cancelled', title: 'Abgesagt' }),
        ],
        nextCursor: null,
      },
    },
    'GET /v1/workshop-applications': {
      status: 200,
      body: { data: [applicationFixture()], nextCursor: null },
    },
    'GET /v1/municipalities': municipalitiesFixture,
  });
}

describe('OverviewPage', () => {
  it('shows the stat tiles, the next workshops with free seats per municipality and the open applications', async () => {
    const requests = stub();
    await renderInRouter(<OverviewPage />);

    expect(screen.getByRole('heading', { level: 1, name: 'Übersicht' })).toBeInTheDocument();
    const tiles = await screen.findByRole('region', { name: de.overview.statsLabel });
    await within(tiles).findByText('6');
    expect(within(tiles).getByRole('link', { name: 'Offene Bewerbungen' })).toHaveAttribute(
      'href',
      '/bewerbungen',
    );
    // The cancelled workshop is neither listed nor counted.
    expect(within(tiles).getByText('Kommende Werkstätten').closest('div')).toHaveTextContent('1');
    expect(screen.queryByText('Abgesagt')).not.toBeInTheDocument();

    const link = await screen.findByRole('link', { name: 'Digital-Werkstatt Rheinhessen' });
    expect(link).toHaveAttribute('href', `/werkstaetten/${workshopFixture().id}`);
    const item = link.closest('li') as HTMLElement;
    expect(item).toHaveTextContent('Dienstag, 09.03.2027, 09:00–16:00 Uhr');
    expect(item).toHaveTextContent('11 von 24 Plätzen frei · 2 Personen auf der Warteliste');
    await within(item).findByText('Verbandsgemeinde Wonnegau');
    expect(item).toHaveTextContent('Verbandsgemeinde Wonnegau 3 von 12 frei');
    expect(item).toHaveTextContent('Verbandsgemeinde Eich ohne Kontingent, 4 Anmeldungen');

    expect(screen.getByText('6 Bewerbungen warten auf eine Entscheidung.')).toBeInTheDocument();
    const newest = screen.getAllByRole('link', { name: 'Verbandsgemeinde Wonnegau' })[0]!;
    expect(newest).toHaveAttribute('href', `/bewerbungen?bewerbung=${applicationFixture().id}`);

    // The newest pending applications in one request, newest first.
    const inbox = requests.find((r) => new URL(r.url).pathname === '/v1/workshop-applications')!;
    const query = new URL(inbox.url).searchParams;
    expect(query.get('status')).toBe('pending');
    expect(query.get('sort')).toBe('-createdAt');
  });

  it('shows strategies by status and the chosen fields as a chart with a table of the same numbers', async () => {
    stub();
    await renderInRouter(<OverviewPage />);

    const chart = await screen.findByRole('img', { name: /^Balkendiagramm/ });
    expect(chart).toHaveAccessibleName(
      'Balkendiagramm der meistgewählten Handlungsfelder: Digitale Infrastruktur: 5, Bildung und Jugend: 3.',
    );
    const table = screen.getByRole('table', { name: de.overview.fieldsCaption });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    // A field nobody chose is left out of both.
    expect(rows).toEqual(['Digitale Infrastruktur5', 'Bildung und Jugend3']);

    const strategies = screen.getByRole('region', { name: 'Strategien nach Status' });
    expect(within(strategies).getByText('Beschlossen').closest('div')).toHaveTextContent('Beschlossen4');
    expect(within(strategies).getByText('Im Entwurf').closest('div')).toHaveTextContent('Im Entwurf2');
    expect(within(strategies).getByText('Noch keine Strategie').closest('div')).toHaveTextContent('1');
    expect(strategies).toHaveTextContent('3 Strategien sind für andere Kommunen sichtbar.');
  });

  it('says when no field was chosen yet', async () => {
    stub({
      status: 200,
      body: report({
        actionFields: [{ actionFieldId: 'f1', programId: 'p1', key: 'a', title: 'A', chosen: 0 }],
      }),
    });
    await renderInRouter(<OverviewPage />);
    expect(await screen.findByText(de.overview.fieldsNone)).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('offers a retry when the report cannot be read', async () => {
    stub({ status: 500, body: problem(500, 'internal') });
    await renderInRouter(<OverviewPage />);
    expect((await screen.findAllByText(de.ui.loadFailed)).length).toBeGreaterThan(0);
    expect(screen.getAllByRole('button', { name: de.problems.retry }).length).toBeGreaterThan(0);
    // The workshops still show: each part has its own state.
    expect(await screen.findByRole('link', { name: 'Digital-Werkstatt Rheinhessen' })).toBeInTheDocument();
  });
});
