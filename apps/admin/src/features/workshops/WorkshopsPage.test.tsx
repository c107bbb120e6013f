import { type AnyRoute, createRoute } from '@tanstack/react-router';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schema } from '@werkstatt/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { validateWorkshopsSearch } from './search';
import { renderRoutes, stubApi } from './test-router';
import { WorkshopsPage } from './WorkshopsPage';

afterEach(() => vi.unstubAllGlobals());
vi.setConfig({ testTimeout: 20_000 });
// The first render waits for the router and the lookups; give it time on a busy machine.
configure({ asyncUtilTimeout: 5_000 });

const WONNEGAU = '0190f1c2-7a1b-7cde-8f00-0000000000a1';
const EICH = '0190f1c2-7a1b-7cde-8f00-0000000000a2';

const day = (date: string, from: string, to: string) => ({
  startsAt: `${date}T${from}:00+01:00`,
  endsAt: `${date}T${to}:00+01:00`,
  startsAtLocal: `${date}T${from}:00`,
  endsAtLocal: `${date}T${to}:00`,
});

const workshop = (
  id: string,
  title: string,
  days: ReturnType<typeof day>[],
  extra: Partial<Schema<'Workshop'>> = {},
) =>
  ({
    id,
    title,
    format: 'onsite',
    startsAt: days[0]!.startsAt,
    endsAt: days[days.length - 1]!.endsAt,
    days,
    venue: {
      name: 'Bürgerhaus Osthofen',
      street: 'Friedrich-Ebert-Straße 16',
      postalCode: '67574',
      city: 'Osthofen',
    },
    onlineUrl: null,
    municipalityIds: [WONNEGAU, EICH],
    capacity: 24,
    confirmedCount: 20,
    waitlistCount: 3,
    status: 'published',
    ...extra,
  }) as Schema<'Workshop'>;

const first = workshop('0190f1c2-7a1b-7cde-8f00-0000000000c1', 'Digital-Werkstatt Rheinhessen', [
  day('2027-02-10', '09:00', '16:30'),
  day('2027-02-11', '09:00', '15:00'),
]);
const second = workshop(
  '0190f1c2-7a1b-7cde-8f00-0000000000c2',
  'Online-Werkstatt Eich',
  [day('2027-02-24', '10:00', '12:00')],
  {
    format: 'online',
    venue: null,
    onlineUrl: 'https://konferenz.example/eich',
    municipalityIds: [EICH],
    confirmedCount: 0,
    waitlistCount: 0,
    status: 'draft',
  },
);

function api() {
  return stubApi({
    '/v1/programs': () => ({
      data: [{ id: '0190f1c2-7a1b-7cde-8f00-000000000001', name: 'Digital-Werkstatt' }],
      nextCursor: null,
    }),
    '/v1/municipalities': () => ({
      data: [
        { id: WONNEGAU, name: 'Verbandsgemeinde Wonnegau' },
        { id: EICH, name: 'Verbandsgemeinde Eich' },
      ],
      nextCursor: null,
    }),
    '/v1/workshops': (url) =>
      url.searchParams.get('cursor') === 'seite-2'
        ? { data: [second], nextCursor: null }
        : url.searchParams.has('limit') && url.searchParams.get('limit') === '200'
          ? { data: [first, second], nextCursor: null }
          : { data: [first], nextCursor: 'seite-2' },
  });
}

function renderPage(initial: string) {
  const page = (parent: AnyRoute) => {
    const route = createRoute({
      getParentRoute: () => parent,
      path: '/werkstaetten',
      validateSearch: validateWorkshopsSearch,
      component: () => <WorkshopsPage search={route.useSearch()} />,
    });
    return route;
  };
  return renderRoutes([page], initial, ['/werkstaetten/neu', '/werkstaetten/$workshopId']);
}

describe('Werkstätten list', () => {
  it('shows the columns in German, names municipalities from one list call, and loads more', async () => {
    const requests = api();
    const user = userEvent.setup();
    renderPage('/werkstaetten');

    const row = (await screen.findByRole('link', { name: 'Digital-Werkstatt Rheinhessen' })).closest('tr')!;
    await waitFor(() => expect(row).toHaveTextContent('Verbandsgemeinde Wonnegau'));
    expect(row).toHaveTextContent('10.02.2027 – 11.02.2027');
    expect(row).toHaveTextContent(de.workshops.days(2));
    expect(row).toHaveTextContent('Verbandsgemeinde Eich');
    expect(row).toHaveTextContent('Bürgerhaus Osthofen, Osthofen');
    expect(row).toHaveTextContent(de.workshops.seatsLabel(20, 24));
    expect(row).toHaveTextContent(de.workshops.waitlist(3));
    expect(row).toHaveTextContent('Veröffentlicht');
    expect(within(row).getByRole('link')).toHaveAttribute('href', `/werkstaetten/${first.id}`);

    // Without "Von" the list starts today, earliest first.
    const listCall = requests.find((u) => u.pathname === '/v1/workshops')!;
    expect(listCall.searchParams.get('sort')).toBe('startsAt');
    expect(listCall.searchParams.get('from')).toMatch(/T00:00:00\+0[12]:00$/);

    await user.click(screen.getByRole('button', { name: de.ui.loadMore }));
    const next = (await screen.findByRole('link', { name: 'Online-Werkstatt Eich' })).closest('tr')!;
    expect(next).toHaveTextContent('24.02.2027');
    expect(next).toHaveTextContent('10:00–12:00 Uhr');
    expect(next).toHaveTextContent('Online');
    expect(next).toHaveTextContent('Entwurf');
    expect(screen.queryByRole('button', { name: de.ui.loadMore })).not.toBeInTheDocument();
    expect(requests.filter((u) => u.pathname === '/v1/municipalities')).toHaveLength(1);
  });

  it('puts the filters in the URL on submit, and never a half-typed date', async () => {
    const requests = api();
    const user = userEvent.setup();
    const router = renderPage('/werkstaetten');
    await screen.findByRole('link', { name: 'Digital-Werkstatt Rheinhessen' });

    await user.selectOptions(await screen.findByLabelText('Kommune'), EICH);
    fireEvent.change(screen.getByLabelText(/^Von/), { target: { value: '01.02.20' } });
    expect(router.state.location.search).toEqual({});
    await user.click(screen.getByRole('button', { name: de.workshops.apply }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Von/)).toHaveAccessibleDescription(
        expect.stringContaining(de.workshops.invalidDate),
      ),
    );
    expect(screen.getByLabelText(/^Von/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Von/)).toHaveFocus();
    expect(router.state.location.search).toEqual({});

    fireEvent.change(screen.getByLabelText(/^Von/), { target: { value: '01.02.2027' } });
    await user.selectOptions(screen.getByLabelText('Reihenfolge'), 'spaeteste');
    await user.click(screen.getByRole('button', { name: de.workshops.apply }));
    await waitFor(() =>
      expect(router.state.location.search).toEqual({
        kommune: EICH,
        von: '2027-02-01',
        reihenfolge: 'spaeteste',
      }),
    );
    await waitFor(() => {
      const last = requests.filter((u) => u.pathname === '/v1/workshops').at(-1)!;
      expect(last.searchParams.get('municipalityId')).toBe(EICH);
      expect(last.searchParams.get('from')).toBe('2027-02-01T00:00:00+01:00');
      expect(last.searchParams.get('sort')).toBe('-startsAt');
    });
    expect(screen.getByLabelText(/^Von/)).toHaveValue('01.02.2027');
  });
});

describe('Werkstätten calendar', () => {
  it('shows the month as a grid with each workshop on each of its days', async () => {
    const requests = api();
    renderPage('/werkstaetten?ansicht=kalender&monat=2027-02');

    const grid = await screen.findByRole('table', { name: 'Februar 2027' });
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(de.workshops.calendar.weekdaysShort);
    await waitFor(() =>
      expect(within(grid).getAllByRole('link', { name: /Digital-Werkstatt Rheinhessen/ })).toHaveLength(2),
    );
    const cell = within(grid).getByText('Mittwoch, 10.02.2027').closest('td')!;
    expect(cell).toHaveTextContent('09:00 Digital-Werkstatt Rheinhessen (Tag 1 von 2)');
    expect(within(grid).getByText('Donnerstag, 11.02.2027').closest('td')).toHaveTextContent('(Tag 2 von 2)');
    expect(within(grid).getByText('Mittwoch, 24.02.2027').closest('td')).toHaveTextContent(
      'Online-Werkstatt Eich – Entwurf',
    );

    const call = requests.find((u) => u.pathname === '/v1/workshops')!;
    expect(call.searchParams.get('from')).toBe('2027-02-01T00:00:00+01:00');
    expect(call.searchParams.get('to')).toBe('2027-03-01T00:00:00+01:00');
    expect(screen.getByRole('link', { name: /Nächster Monat/ })).toHaveAttribute(
      'href',
      '/werkstaetten?ansicht=kalender&monat=2027-03',
    );
    expect(screen.getByRole('link', { name: /Vorheriger Monat/ })).toHaveAttribute(
      'href',
      '/werkstaetten?ansicht=kalender&monat=2027-01',
    );
  });
});
