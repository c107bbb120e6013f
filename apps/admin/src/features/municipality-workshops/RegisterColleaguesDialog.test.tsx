import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { registration } from '../../test/workshop-fixtures';
import { RegisterColleaguesDialog } from './RegisterColleaguesDialog';
import { renderInWorkspace, WONNEGAU_ID } from './test-workspace';

afterEach(() => vi.unstubAllGlobals());

const t = de.municipalityWorkshops;
const workshop = { id: '0190f1c2-7a1b-7cde-8f00-000000000001', title: 'Digital-Werkstatt Wonnegau' };
const path = `POST /v1/workshops/${workshop.id}/registrations`;

async function open(replies: Parameters<typeof stubApi>[0][string]) {
  const api = stubApi({ [path]: replies });
  const onRegistered = vi.fn();
  await renderInWorkspace(
    <RegisterColleaguesDialog
      workshop={workshop}
      municipalityId={WONNEGAU_ID}
      onClose={vi.fn()}
      onRegistered={onRegistered}
    />,
  );
  const dialog = screen.getByRole('dialog', { name: t.registerTitle(workshop.title) });
  return { api, onRegistered, dialog, user: userEvent.setup() };
}

async function fillPerson(
  user: ReturnType<typeof userEvent.setup>,
  dialog: HTMLElement,
  n: number,
  [first, last, email]: [string, string, string],
) {
  const group = within(dialog).getByRole('group', { name: t.person(n) });
  await user.type(within(group).getByLabelText(/^Vorname/), first);
  await user.type(within(group).getByLabelText(/^Nachname/), last);
  await user.type(within(group).getByLabelText(/^E-Mail-Adresse/), email);
}

// Typing several people's details takes a while on a busy machine.
describe('RegisterColleaguesDialog', { timeout: 30_000 }, () => {
  it('registers two colleagues in order and shows at once who got a seat and who a waitlist place', async () => {
    const { api, dialog, onRegistered, user } = await open([
      {
        status: 201,
        body: registration({ firstName: 'Anna', lastName: 'Schmidt', status: 'confirmed' }),
      },
      {
        status: 201,
        body: registration({
          firstName: 'Jonas',
          lastName: 'Becker',
          status: 'waitlisted',
          waitlistPosition: 3,
        }),
      },
    ]);
    await fillPerson(user, dialog, 1, ['Anna', 'Schmidt', 'anna@vg-wonnegau.de']);
    await user.click(within(dialog).getByRole('button', { name: t.addPerson }));
    await fillPerson(user, dialog, 2, ['Jonas', 'Becker', 'jonas@vg-wonnegau.de']);
    await user.click(within(dialog).getByRole('button', { name: t.registerSubmitMany(2) }));

    const results = await within(dialog).findByRole('region', { name: t.results });
    const items = within(results).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Anna Schmidt');
    expect(items[0]).toHaveTextContent('Platz erhalten');
    expect(items[1]).toHaveTextContent('Jonas Becker');
    expect(items[1]).toHaveTextContent('Warteliste, Platz 3');
    expect(results).toHaveTextContent(t.resultsNote);
    expect(onRegistered).toHaveBeenCalledTimes(1);

    const bodies = await Promise.all(
      api.find('POST', `/v1/workshops/${workshop.id}/registrations`).map((r) => r.json()),
    );
    expect(bodies).toEqual([
      {
        municipalityId: WONNEGAU_ID,
        firstName: 'Anna',
        lastName: 'Schmidt',
        email: 'anna@vg-wonnegau.de',
        role: 'administration',
        note: '',
      },
      expect.objectContaining({ firstName: 'Jonas', email: 'jonas@vg-wonnegau.de' }),
    ]);
    // The form is empty again for more people.
    expect(within(dialog).getByRole('group', { name: t.person(1) })).toBeInTheDocument();
    expect(within(dialog).queryByRole('group', { name: t.person(2) })).toBeNull();
  });

  it('keeps a person the API refused in the form, with the reason at the e-mail field', async () => {
    const { dialog, user } = await open([
      { status: 409, body: problem(409, 'already_registered') },
      { status: 201, body: registration({ firstName: 'Jonas', lastName: 'Becker' }) },
    ]);
    await fillPerson(user, dialog, 1, ['Anna', 'Schmidt', 'anna@vg-wonnegau.de']);
    await user.click(within(dialog).getByRole('button', { name: t.addPerson }));
    await fillPerson(user, dialog, 2, ['Jonas', 'Becker', 'jonas@vg-wonnegau.de']);
    await user.click(within(dialog).getByRole('button', { name: t.registerSubmitMany(2) }));

    await within(dialog).findByText(de.form.summaryTitle(1));
    const email = within(dialog).getByLabelText(/^E-Mail-Adresse/);
    expect(email).toHaveValue('anna@vg-wonnegau.de');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(t.alreadyRegistered);
    expect(within(dialog).getByRole('region', { name: t.results })).toHaveTextContent('Jonas Becker');
  });

  it('stops at a closed registration and says so in German', async () => {
    const { api, dialog, user } = await open({ status: 409, body: problem(409, 'registration_closed') });
    await fillPerson(user, dialog, 1, ['Anna', 'Schmidt', 'anna@vg-wonnegau.de']);
    await user.click(within(dialog).getByRole('button', { name: t.addPerson }));
    await fillPerson(user, dialog, 2, ['Jonas', 'Becker', 'jonas@vg-wonnegau.de']);
    await user.click(within(dialog).getByRole('button', { name: t.registerSubmitMany(2) }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(de.invitation.closed);
    expect(api.find('POST', `/v1/workshops/${workshop.id}/registrations`)).toHaveLength(1);
    expect(within(dialog).getByRole('group', { name: t.person(2) })).toBeInTheDocument();
  });

  it('checks the fields before sending anything', async () => {
    const { api, dialog, user } = await open({ status: 500 });
    await user.type(within(dialog).getByLabelText(/^E-Mail-Adresse/), 'keine-adresse');
    await user.click(within(dialog).getByRole('button', { name: t.registerSubmit }));
    await within(dialog).findByText(de.form.summaryTitle(3));
    expect(within(dialog).getByLabelText(/^E-Mail-Adresse/)).toHaveAccessibleDescription(t.invalidEmail);
    await waitFor(() =>
      expect(api.find('POST', `/v1/workshops/${workshop.id}/registrations`)).toHaveLength(0),
    );
  });
});
