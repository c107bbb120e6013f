import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { applicationFixture } from '../../test/fixtures';
import { problem } from '../../test/render';
import { registration, workshop } from '../../test/workshop-fixtures';
import { MunicipalityWorkshopsPage } from './MunicipalityWorkshopsPage';
import { type access, renderInWorkspace, WONNEGAU_ID } from './test-workspace';

afterEach(() => vi.unstubAllGlobals());

const t = de.municipalityWorkshops;
const day = (iso: string) => ({
  startsAt: iso,
  endsAt: iso.replace('T08', 'T16'),
  startsAtLocal: '',
  endsAtLocal: '',
});
const upcoming = workshop({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000d1',
  title: 'Digital-Werkstatt Osthofen',
  startsAt: '2099-03-09T08:00:00.000Z',
  endsAt: '2099-03-09T16:00:00.000Z',
  days: [day('2099-03-09T08:00:00.000Z')],
  seatsPerMunicipality: [{ municipalityId: WONNEGAU_ID, seats: 3, confirmedCount: 2 }],
  capacity: 20,
  seatsLeft: 5,
  waitlistCount: 0,
});
const past = workshop({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000d2',
  title: 'Auftakt-Werkstatt',
  status: 'held',
  startsAt: '2020-03-09T08:00:00.000Z',
  endsAt: '2020-03-09T16:00:00.000Z',
  days: [day('2020-03-09T08:00:00.000Z')],
});
const program = { id: 'p1', name: 'Digital-Werkstatt', maxParticipants: 30, deletedAt: null };

async function show(who: keyof typeof access, routes: Record<string, Reply> = {}) {
  const api = stubApi({
    'GET /v1/workshops': (_request, url) => page(url.searchParams.has('from') ? [upcoming] : [past]),
    'GET /v1/workshop-applications': page([applicationFixture({ programId: 'p1' })]),
    'GET /v1/programs': page([program]),
    [`GET /v1/workshops/${upcoming.id}/registrations`]: page([
      registration({ firstName: 'Anna', lastName: 'Schmidt', status: 'confirmed' }),
      registration({ firstName: 'Jonas', lastName: 'Becker', status: 'waitlisted', waitlistPosition: 2 }),
    ]),
    ...routes,
  });
  await renderInWorkspace(<MunicipalityWorkshopsPage />, who);
  await screen.findByRole('heading', { name: upcoming.title });
  return { api, user: userEvent.setup() };
}

describe('MunicipalityWorkshopsPage', { timeout: 30_000 }, () => {
  it('lists upcoming and past workshops of the municipality with its seats', async () => {
    const { api } = await show('admin');
    const upcomingList = screen.getByRole('region', { name: t.upcoming });
    expect(upcomingList).toHaveTextContent('2 von 3 Plätzen vergeben');
    expect(upcomingList).toHaveTextContent('Insgesamt 5 von 20 Plätzen frei.');
    expect(
      within(screen.getByRole('region', { name: t.past })).getByText('Auftakt-Werkstatt'),
    ).toBeInTheDocument();
    for (const request of api.find('GET', '/v1/workshops')) {
      expect(new URL(request.url).searchParams.get('municipalityId')).toBe(WONNEGAU_ID);
    }
  });

  it('shows the municipality’s registrations with seat or waitlist place when opened', async () => {
    const { api, user } = await show('viewer');
    expect(api.find('GET', `/v1/workshops/${upcoming.id}/registrations`)).toHaveLength(0);
    await user.click(screen.getAllByText(t.registrationsShow)[0]!);
    const list = await screen.findByRole('list', { name: t.registrationsCaption(upcoming.title) });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Anna Schmidt');
    expect(items[0]).toHaveTextContent('Platz erhalten');
    expect(items[1]).toHaveTextContent('Jonas Becker');
    expect(items[1]).toHaveTextContent('Warteliste, Platz 2');
    const query = new URL(api.find('GET', `/v1/workshops/${upcoming.id}/registrations`)[0]!.url).searchParams;
    expect(query.get('municipalityId')).toBe(WONNEGAU_ID);
  });

  it('gives an admin the buttons to register colleagues, apply and withdraw', async () => {
    await show('admin');
    expect(screen.getByRole('button', { name: t.registerFor(upcoming.title) })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.apply })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.withdrawFor('01.12.2026') })).toBeInTheDocument();
  });

  it('lets an editor register colleagues but not apply', async () => {
    await show('editor');
    expect(screen.getByRole('button', { name: t.registerFor(upcoming.title) })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.apply })).toBeNull();
    expect(screen.getByText(t.applyNotAllowed)).toBeInTheDocument();
  });

  it('shows a viewer everything without a button to register, apply or withdraw', async () => {
    await show('viewer');
    expect(screen.queryByRole('button', { name: /anmelden/ })).toBeNull();
    expect(screen.queryByRole('button', { name: t.apply })).toBeNull();
    expect(screen.queryByRole('button', { name: /Zurückziehen/ })).toBeNull();
    expect(screen.getByText(t.registerNotAllowed)).toBeInTheDocument();
    expect(await screen.findByText(t.applicationTitle('01.12.2026'))).toBeInTheDocument();
  });

  it('lets the program office register for the municipality, but applying stays with the municipality', async () => {
    await show('office');
    expect(screen.getByRole('button', { name: t.registerFor(upcoming.title) })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.apply })).toBeNull();
    expect(screen.getByText(t.applyOffice)).toBeInTheDocument();
  });

  it('tells a moderator of the program office who registers, without a button', async () => {
    await show('moderator');
    expect(screen.getByText(t.registerNotAllowedOffice)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.registerFor(upcoming.title) })).toBeNull();
  });

  it('withdraws a pending application after asking', async () => {
    const id = applicationFixture().id;
    const { api, user } = await show('admin', {
      [`POST /v1/workshop-applications/${id}/withdraw`]: {
        status: 200,
        body: applicationFixture({ status: 'withdrawn' }),
      },
    });
    await user.click(screen.getByRole('button', { name: t.withdrawFor('01.12.2026') }));
    const confirm = await screen.findByRole('alertdialog', { name: t.withdrawTitle });
    await user.click(within(confirm).getByRole('button', { name: t.withdrawConfirm }));
    await screen.findByText(t.withdrawn);
    expect(api.find('POST', `/v1/workshop-applications/${id}/withdraw`)).toHaveLength(1);
  });

  it('applies for a workshop and shows the API’s problems at the fields', async () => {
    const { api, user } = await show('admin', {
      'POST /v1/workshop-applications': {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [{ path: 'body.contact.email', message: 'Invalid email address' }],
        }),
      },
    });
    await user.click(screen.getByRole('button', { name: t.apply }));
    const dialog = await screen.findByRole('dialog', { name: t.applyTitle });
    // The only program is chosen already.
    await waitFor(() => expect(within(dialog).getByLabelText(/^Programm/)).toHaveValue('p1'));
    await user.type(within(dialog).getByLabelText(/^Datum/), '2099-03-09');
    await user.type(within(dialog).getByLabelText(/^Erwartete Teilnehmende/), '25');
    await user.type(within(dialog).getByLabelText(/^Name der Ansprechperson/), 'Anna Schäfer');
    await user.type(
      within(dialog).getByLabelText(/^E-Mail-Adresse der Ansprechperson/),
      'anna@wonnegau.example',
    );
    await user.click(within(dialog).getByRole('button', { name: t.applySubmit }));

    await within(dialog).findByText(de.form.summaryTitle(1));
    expect(within(dialog).getByLabelText(/^E-Mail-Adresse der Ansprechperson/)).toHaveAccessibleDescription(
      t.invalid.contactEmail,
    );
    const [request] = api.find('POST', '/v1/workshop-applications');
    expect(await request!.json()).toEqual({
      programId: 'p1',
      preferredDates: [{ date: '2099-03-09', from: null, to: null }],
      partnerMunicipalityIds: [],
      expectedParticipants: 25,
      contact: { name: 'Anna Schäfer', email: 'anna@wonnegau.example', phone: null },
      note: '',
    });
    expect(request!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
