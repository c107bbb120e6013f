import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { renderWithQuery, stubFetch } from '../../test/render';
import { EICH, names, registration, workshop } from '../../test/workshop-fixtures';
import { ToastProvider } from '../../ui/Toast';
import { promotedBetween } from './promotion';
import { Registrations } from './Registrations';

vi.mock('../../ui/useUnsavedChanges', () => ({ useUnsavedChanges: () => undefined }));
afterEach(() => vi.unstubAllGlobals());

const c = de.workshopDetail.cancelRegistration;
const page = (data: unknown[]) => ({ status: 200, body: { data, nextCursor: null } });

function show() {
  renderWithQuery(
    <ToastProvider>
      <Registrations workshop={workshop()} municipalityNames={names} editable />
    </ToastProvider>,
  );
}

describe('Registrations', () => {
  it('tells who moved up from the waitlist after a cancellation', async () => {
    const anna = registration({ firstName: 'Anna', lastName: 'Schmidt' });
    const bernd = registration({
      firstName: 'Bernd',
      lastName: 'Krämer',
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    const carla = registration({
      firstName: 'Carla',
      lastName: 'Özdemir',
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    const requests = stubFetch(
      page([anna, bernd, carla]),
      { status: 200, body: { ...anna, status: 'cancelled' } },
      page([
        { ...anna, status: 'cancelled' },
        { ...bernd, status: 'confirmed', waitlistPosition: null },
        { ...carla, waitlistPosition: 1 },
      ]),
    );
    const user = userEvent.setup();
    show();

    const table = await screen.findByRole('table', { name: de.workshopDetail.registrations.caption });
    expect(within(table).getByRole('row', { name: /Bernd Krämer/ })).toHaveTextContent('Platz 1');
    await user.click(screen.getByRole('button', { name: 'Stornieren: Anna Schmidt' }));
    const dialog = screen.getByRole('alertdialog', { name: c.title });
    expect(dialog).toHaveTextContent(c.question('Anna Schmidt'));
    expect(dialog).toHaveTextContent(c.consequenceConfirmed);
    await user.click(within(dialog).getByRole('button', { name: c.submit }));

    const outcome = await screen.findByRole('heading', { name: c.doneTitle('Anna Schmidt') });
    expect(outcome.closest('[role="status"]')).toHaveTextContent(c.promoted('Bernd Krämer'));
    expect(outcome).toHaveFocus();
    expect(new URL(requests[1]!.url).pathname).toBe(
      `/v1/workshops/${anna.workshopId}/registrations/${anna.id}/cancel`,
    );
    // Carla now waits at place 1; the cancelled one is hidden unless asked for.
    expect(screen.getByRole('row', { name: /Carla Özdemir/ })).toHaveTextContent('Platz 1');
    expect(screen.queryByRole('row', { name: /Anna Schmidt/ })).not.toBeInTheDocument();
  });

  it('tells at once that a new participant got a place on the waitlist', async () => {
    const added = registration({
      firstName: 'Dora',
      lastName: 'Weiß',
      municipalityId: EICH,
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    stubFetch(page([]), { status: 201, body: added }, page([added]));
    const user = userEvent.setup();
    show();
    await screen.findByText(de.workshopDetail.registrations.empty);
    await user.click(screen.getByRole('button', { name: de.workshopDetail.registrations.add }));
    await user.selectOptions(screen.getByLabelText(/^Kommune/), EICH);
    await user.type(screen.getByLabelText(/^Vorname/), 'Dora');
    await user.type(screen.getByLabelText(/^Nachname/), 'Weiß');
    await user.type(screen.getByLabelText(/^E-Mail-Adresse/), 'dora@vg-eich.de');
    await user.selectOptions(screen.getByLabelText(/^Nimmt teil als/), 'citizen');
    await user.click(screen.getByRole('button', { name: de.workshopDetail.register.submit }));
    expect(
      await screen.findByRole('heading', {
        name: de.workshopDetail.register.waitlistedTitle('Dora Weiß', 2),
      }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('row', { name: /Dora Weiß/ })).toHaveTextContent('Verbandsgemeinde Eich');
  });
});

describe('promotedBetween', () => {
  it('finds those who were waiting and now hold a seat', () => {
    const a = registration({ status: 'waitlisted', waitlistPosition: 1 });
    const b = registration({ status: 'waitlisted', waitlistPosition: 2 });
    const c2 = registration({ status: 'confirmed' });
    const after = [
      { ...a, status: 'confirmed' as const, waitlistPosition: null },
      { ...b, waitlistPosition: 1 },
      c2,
    ];
    expect(promotedBetween([a, b, c2], after).map((r) => r.id)).toEqual([a.id]);
  });
});
