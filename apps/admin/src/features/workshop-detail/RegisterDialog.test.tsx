import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { problem, renderWithQuery, stubFetch } from '../../test/render';
import { EICH, names, registration, WONNEGAU, WORKSHOP_ID } from '../../test/workshop-fixtures';
import { RegisterDialog } from './RegisterDialog';

vi.mock('../../ui/useUnsavedChanges', () => ({ useUnsavedChanges: () => undefined }));
afterEach(() => vi.unstubAllGlobals());

const t = de.workshopDetail.register;
const municipalities = [
  { id: WONNEGAU, name: names.get(WONNEGAU)! },
  { id: EICH, name: names.get(EICH)! },
];

function open(onRegistered = vi.fn()) {
  renderWithQuery(
    <RegisterDialog
      open
      workshopId={WORKSHOP_ID}
      municipalities={municipalities}
      onClose={vi.fn()}
      onRegistered={onRegistered}
    />,
  );
  return onRegistered;
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(screen.getByLabelText(/^Kommune/), EICH);
  await user.type(screen.getByLabelText(/^Vorname/), 'Jürgen');
  await user.type(screen.getByLabelText(/^Nachname/), 'Weißmüller');
  await user.type(screen.getByLabelText(/^E-Mail-Adresse/), 'juergen@vg-eich.de');
  await user.selectOptions(screen.getByLabelText(/^Nimmt teil als/), 'politics');
}

describe('RegisterDialog', () => {
  it('asks for the required fields before sending anything', async () => {
    const requests = stubFetch();
    const user = userEvent.setup();
    open();
    await user.click(screen.getByRole('button', { name: t.submit }));
    const links = screen.getAllByRole('link').map((l) => l.textContent);
    expect(links).toEqual([
      t.missingMunicipality,
      t.missingFirstName,
      t.missingLastName,
      t.missingEmail,
      t.missingRole,
    ]);
    expect(requests).toHaveLength(0);
  });

  it('shows the API’s field problems in German at their fields', async () => {
    const requests = stubFetch({
      status: 400,
      body: problem(400, 'validation_failed', {
        errors: [
          { path: 'body.email', message: 'Invalid email address' },
          { path: 'body.firstName', message: 'Too big' },
        ],
      }),
    });
    const user = userEvent.setup();
    open();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: t.submit }));

    const summary = await screen.findByText(de.form.summaryTitle(2));
    await waitFor(() => expect(summary.closest('[role="alert"]')).toHaveFocus());
    expect(screen.getByLabelText(/^E-Mail-Adresse/)).toHaveAccessibleDescription(t.fieldErrors.email);
    expect(screen.getByLabelText(/^Vorname/)).toHaveAccessibleDescription(t.fieldErrors.firstName);
    expect(screen.getByLabelText(/^Nachname/)).not.toHaveAttribute('aria-invalid');
    expect(await requests[0]!.json()).toEqual({
      municipalityId: EICH,
      firstName: 'Jürgen',
      lastName: 'Weißmüller',
      email: 'juergen@vg-eich.de',
      role: 'politics',
      note: '',
    });
  });

  it('puts a second registration of the same address at the e-mail field', async () => {
    stubFetch({ status: 409, body: problem(409, 'already_registered') });
    const user = userEvent.setup();
    open();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: t.submit }));
    await screen.findByRole('link', { name: t.alreadyRegistered });
    expect(screen.getByLabelText(/^E-Mail-Adresse/)).toHaveAccessibleDescription(t.alreadyRegistered);
  });

  it('names a non-participating municipality at its field', async () => {
    stubFetch({
      status: 422,
      body: problem(422, 'municipality_not_participating', {
        errors: [{ path: 'body.municipalityId', message: 'not a participating municipality' }],
      }),
    });
    const user = userEvent.setup();
    open();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: t.submit }));
    await screen.findByRole('link', { name: t.fieldErrors.municipalityId });
  });

  it('says above the form when registration has closed', async () => {
    stubFetch({ status: 409, body: problem(409, 'registration_closed') });
    const user = userEvent.setup();
    open();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: t.submit }));
    expect(await screen.findByRole('alert')).toHaveTextContent(de.invitation.closed);
  });

  it('hands the new registration over', async () => {
    const created = registration({
      firstName: 'Jürgen',
      lastName: 'Weißmüller',
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    stubFetch({ status: 201, body: created });
    const user = userEvent.setup();
    const onRegistered = open();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: t.submit }));
    await waitFor(() => expect(onRegistered).toHaveBeenCalledWith(created));
  });
});
