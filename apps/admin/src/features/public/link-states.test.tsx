import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { problem, renderWithQuery, stubFetch } from '../../test/render';
import { CancelPage } from './CancelPage';
import { ConfirmPage } from './ConfirmPage';
import { InvitationPage } from './InvitationPage';

afterEach(() => vi.unstubAllGlobals());

const workshop = {
  title: 'Digitale Verwaltung gestalten',
  format: 'onsite',
  startsAt: '2026-11-21T08:00:00.000Z',
  endsAt: '2026-11-22T15:00:00.000Z',
  timeZone: 'Europe/Berlin',
  startsAtLocal: '2026-11-21T09:00:00',
  endsAtLocal: '2026-11-22T16:00:00',
  days: [
    {
      startsAt: '2026-11-21T08:00:00.000Z',
      endsAt: '2026-11-21T15:30:00.000Z',
      startsAtLocal: '2026-11-21T09:00:00',
      endsAtLocal: '2026-11-21T16:30:00',
    },
    {
      startsAt: '2026-11-22T08:00:00.000Z',
      endsAt: '2026-11-22T15:00:00.000Z',
      startsAtLocal: '2026-11-22T09:00:00',
      endsAtLocal: '2026-11-22T16:00:00',
    },
  ],
  venue: { name: 'Bürgerhaus', street: 'Marktplatz 1', postalCode: '67346', city: 'Speyer' },
  municipalityName: 'Verbandsgemeinde Musterstadt',
  seats: 'available',
  registration: 'open',
  registrationClosesAt: '2026-11-14T22:59:00.000Z',
};

describe('invitation page', () => {
  it('shows the workshop with German dates and Berlin times, and the form', async () => {
    stubFetch({ status: 200, body: workshop });
    renderWithQuery(<InvitationPage token="tok" />);
    expect(await screen.findByRole('heading', { level: 1, name: workshop.title })).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Tag 1: Samstag, 21.11.2026, 09:00–16:30 Uhr',
      'Tag 2: Sonntag, 22.11.2026, 09:00–16:00 Uhr',
    ]);
    expect(screen.getByText('Marktplatz 1')).toBeInTheDocument();
    expect(screen.getByText('Verbandsgemeinde Musterstadt')).toBeInTheDocument();
    expect(screen.getByText('Anmeldung bis 14.11.2026, 23:59 Uhr')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: de.form.submit })).toBeInTheDocument();
  });

  it('explains an unknown or expired link', async () => {
    stubFetch({ status: 404, body: problem(404, 'not_found') });
    renderWithQuery(<InvitationPage token="tok" />);
    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.linkInvalidTitle);
    expect(screen.queryByRole('button', { name: de.form.submit })).not.toBeInTheDocument();
  });

  it('shows why there is no form when registration has closed', async () => {
    stubFetch({ status: 200, body: { ...workshop, registration: 'closed' } });
    renderWithQuery(<InvitationPage token="tok" />);
    expect(await screen.findByText(de.invitation.closed)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: de.form.submit })).not.toBeInTheDocument();
  });

  it('asks to confirm the address after registering', async () => {
    stubFetch(
      { status: 200, body: workshop },
      { status: 202, body: { status: 'pending', confirmWithinHours: 48 } },
    );
    const user = userEvent.setup();
    renderWithQuery(<InvitationPage token="tok" />);
    await user.type(await screen.findByLabelText(/Vorname/), 'Anna');
    await user.type(screen.getByLabelText(/Nachname/), 'Schmidt');
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'anna@example.de');
    await user.selectOptions(screen.getByLabelText(/Ich nehme teil als/), 'citizen');
    await user.click(screen.getByLabelText(/Ich bin einverstanden/));
    await user.click(screen.getByRole('button', { name: de.form.submit }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(status).toHaveTextContent('48 Stunden');
    expect(screen.queryByRole('button', { name: de.form.submit })).not.toBeInTheDocument();
  });
});

describe('confirmation landing', () => {
  it('confirms with the token from the link', async () => {
    const requests = stubFetch({
      status: 200,
      body: { status: 'confirmed', waitlistPosition: null, workshop },
    });
    renderWithQuery(<ConfirmPage token="secret-1" />);
    expect(await screen.findByRole('heading', { name: de.confirm.confirmedTitle })).toBeInTheDocument();
    expect(requests).toHaveLength(1);
    expect(await requests[0]!.json()).toEqual({ token: 'secret-1' });
  });

  it('tells a waitlisted invitee their position', async () => {
    stubFetch({ status: 200, body: { status: 'waitlisted', waitlistPosition: 3, workshop } });
    renderWithQuery(<ConfirmPage token="secret-1" />);
    expect(await screen.findByText(/Platz 3 der Warteliste/)).toBeInTheDocument();
  });

  it('explains an expired or used link', async () => {
    stubFetch({ status: 404, body: problem(404, 'not_found') });
    renderWithQuery(<ConfirmPage token="secret-1" />);
    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.linkInvalidText);
  });

  it('explains a link without its token, without calling the API', async () => {
    const requests = stubFetch();
    renderWithQuery(<ConfirmPage token={undefined} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.linkInvalidTitle);
    expect(requests).toHaveLength(0);
  });
});

describe('cancel page', () => {
  it('asks first and cancels only on the click', async () => {
    const requests = stubFetch({
      status: 200,
      body: { status: 'cancelled', waitlistPosition: null, workshop },
    });
    const user = userEvent.setup();
    renderWithQuery(<CancelPage token="secret-2" />);
    expect(screen.getByText(de.cancel.question)).toBeInTheDocument();
    expect(requests).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: de.cancel.submit }));
    expect(await screen.findByRole('heading', { name: de.cancel.doneTitle })).toBeInTheDocument();
    expect(await requests[0]!.json()).toEqual({ token: 'secret-2' });
  });

  it('says when the workshop was already attended', async () => {
    stubFetch({ status: 409, body: problem(409, 'registration_attended') });
    const user = userEvent.setup();
    renderWithQuery(<CancelPage token="secret-2" />);
    await user.click(screen.getByRole('button', { name: de.cancel.submit }));
    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.registrationAttended);
    expect(screen.queryByRole('button', { name: de.cancel.submit })).not.toBeInTheDocument();
  });

  it('explains an unknown link', async () => {
    stubFetch({ status: 404, body: problem(404, 'not_found') });
    const user = userEvent.setup();
    renderWithQuery(<CancelPage token="secret-2" />);
    await user.click(screen.getByRole('button', { name: de.cancel.submit }));
    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.linkInvalidTitle);
  });
});
