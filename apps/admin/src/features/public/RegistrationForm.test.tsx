import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { problem, renderWithQuery, stubFetch } from '../../test/render';
import { RegistrationForm } from './RegistrationForm';

afterEach(() => vi.unstubAllGlobals());

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/Vorname/), 'Jürgen');
  await user.type(screen.getByLabelText(/Nachname/), 'Weißmüller');
  await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'juergen@vg-example.de');
  await user.selectOptions(screen.getByLabelText(/Ich nehme teil als/), 'administration');
  await user.click(screen.getByLabelText(/Ich bin einverstanden/));
}

describe('RegistrationForm', () => {
  it('shows the API’s field problems in German at their fields and in the summary, focused', async () => {
    const requests = stubFetch({
      status: 400,
      body: problem(400, 'validation_failed', {
        errors: [
          { path: 'body.email', message: 'Invalid email address' },
          { path: 'body.lastName', message: 'Too big: expected string to have <=100 characters' },
        ],
      }),
    });
    const user = userEvent.setup();
    renderWithQuery(<RegistrationForm token="tok-1" onRegistered={vi.fn()} />);
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: de.form.submit }));

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent(de.form.summaryTitle(2));
    await waitFor(() => expect(summary).toHaveFocus());
    // Summary in form order: last name before e-mail.
    const links = screen.getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([de.fieldErrors.lastName, de.fieldErrors.email]);

    const email = screen.getByLabelText(/E-Mail-Adresse/);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(expect.stringContaining(de.fieldErrors.email));
    expect(screen.getByLabelText(/Nachname/)).toHaveAccessibleDescription(de.fieldErrors.lastName);
    expect(screen.getByLabelText(/Vorname/)).not.toHaveAttribute('aria-invalid');

    await user.click(links[1]!);
    expect(email).toHaveFocus();

    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.url).pathname).toBe('/v1/public/invitations/tok-1/registrations');
    expect(await requests[0]!.json()).toEqual({
      firstName: 'Jürgen',
      lastName: 'Weißmüller',
      email: 'juergen@vg-example.de',
      role: 'administration',
      note: '',
      consent: true,
    });
  });

  it('checks required fields and consent before sending anything', async () => {
    const requests = stubFetch();
    const user = userEvent.setup();
    renderWithQuery(<RegistrationForm token="tok-1" onRegistered={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: de.form.submit }));

    expect(await screen.findByRole('alert')).toHaveTextContent(de.form.summaryTitle(5));
    expect(screen.getByLabelText(/Ich bin einverstanden/)).toHaveAccessibleDescription(
      de.fieldErrors.consent,
    );
    expect(requests).toHaveLength(0);
  });

  it('shows a conflict that is not about a field as the form’s message', async () => {
    stubFetch({ status: 409, body: problem(409, 'invitation_used_up') });
    const user = userEvent.setup();
    const onRegistered = vi.fn();
    renderWithQuery(<RegistrationForm token="tok-1" onRegistered={onRegistered} />);
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: de.form.submit }));

    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.invitationUsedUp);
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(onRegistered).not.toHaveBeenCalled();
  });

  it('hands the pending registration on after a 202', async () => {
    stubFetch({ status: 202, body: { status: 'pending', confirmWithinHours: 48 } });
    const user = userEvent.setup();
    const onRegistered = vi.fn();
    renderWithQuery(<RegistrationForm token="tok-1" onRegistered={onRegistered} />);
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: de.form.submit }));

    await waitFor(() =>
      expect(onRegistered).toHaveBeenCalledWith({ status: 'pending', confirmWithinHours: 48 }),
    );
  });
});
