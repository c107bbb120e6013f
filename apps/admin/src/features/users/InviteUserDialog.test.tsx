import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { InviteUserDialog } from './InviteUserDialog';

afterEach(() => vi.unstubAllGlobals());

const wonnegau = { id: '0190f1c2-7a1b-7cde-8f00-000000000001', name: 'Verbandsgemeinde Wonnegau' };
const eich = { id: '0190f1c2-7a1b-7cde-8f00-000000000002', name: 'Verbandsgemeinde Eich' };

async function open(post: Parameters<typeof stubApi>[0][string]) {
  const api = stubApi({ 'GET /v1/municipalities': page([wonnegau, eich]), 'POST /v1/users': post });
  const onInvited = vi.fn();
  await renderInRouter(<InviteUserDialog open onClose={vi.fn()} onInvited={onInvited} />);
  return { api, onInvited, user: userEvent.setup() };
}

async function fillIn(user: ReturnType<typeof userEvent.setup>, role = 'municipality_editor') {
  await user.type(screen.getByLabelText(/^Name/), 'Jürgen Weißmüller');
  await user.type(screen.getByLabelText(/^E-Mail-Adresse/), 'juergen@vg-wonnegau.de');
  await user.selectOptions(screen.getByLabelText(/^Rolle/), role);
}

describe('InviteUserDialog', () => {
  it('says that the API mails a link to set the password', async () => {
    await open({ status: 500 });
    expect(screen.getByRole('dialog', { name: de.users.inviteTitle })).toHaveTextContent(
      'Wir schicken der Person eine E-Mail mit einem Link, über den sie ihr Passwort selbst festlegt.',
    );
  });

  it('asks for the municipality of a municipality role and sends it with an Idempotency-Key', async () => {
    const { api, onInvited, user } = await open({
      status: 201,
      body: { id: 'u9', name: 'Jürgen Weißmüller', email: 'juergen@vg-wonnegau.de' },
    });
    await fillIn(user);
    const municipality = await screen.findByRole('combobox', { name: /^Kommune/ });
    await screen.findByRole('option', { name: eich.name });
    await user.selectOptions(municipality, eich.id);
    await user.click(screen.getByRole('button', { name: de.users.send }));

    await waitFor(() => expect(onInvited).toHaveBeenCalled());
    const [request] = api.find('POST', '/v1/users');
    expect(await request!.json()).toEqual({
      name: 'Jürgen Weißmüller',
      email: 'juergen@vg-wonnegau.de',
      role: 'municipality_editor',
      municipalityId: eich.id,
    });
    expect(request!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends no municipality for a program office role', async () => {
    const { api, user } = await open({ status: 201, body: { id: 'u9', email: 'x@y.de' } });
    await fillIn(user, 'moderator');
    expect(screen.queryByRole('combobox', { name: /^Kommune/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: de.users.send }));
    await waitFor(() => expect(api.find('POST', '/v1/users')).toHaveLength(1));
    expect(await api.find('POST', '/v1/users')[0]!.json()).not.toHaveProperty('municipalityId');
  });

  it('puts a taken e-mail address at the e-mail field, in German', async () => {
    const { onInvited, user } = await open({ status: 409, body: problem(409, 'email_taken') });
    await fillIn(user, 'moderator');
    await user.click(screen.getByRole('button', { name: de.users.send }));

    await screen.findByText(de.form.summaryTitle(1));
    const email = screen.getByLabelText(/^E-Mail-Adresse/);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(expect.stringContaining(de.users.emailTaken));
    expect(onInvited).not.toHaveBeenCalled();
  });

  it('maps the API’s validation errors to their fields', async () => {
    const { user } = await open({
      status: 400,
      body: problem(400, 'validation_failed', {
        errors: [
          { path: 'body.email', message: 'Invalid email address' },
          { path: 'body.name', message: 'Too big' },
        ],
      }),
    });
    await fillIn(user, 'moderator');
    await user.click(screen.getByRole('button', { name: de.users.send }));

    await screen.findByText(de.form.summaryTitle(2));
    expect(screen.getAllByRole('link').map((l) => l.textContent)).toEqual([
      de.users.fieldErrors.name,
      de.users.fieldErrors.email,
    ]);
    expect(screen.getByLabelText(/^Name/)).toHaveAccessibleDescription(de.users.fieldErrors.name);
  });

  it('checks the required fields before sending anything', async () => {
    const { api, user } = await open({ status: 500 });
    await user.selectOptions(screen.getByLabelText(/^Rolle/), 'municipality_admin');
    await user.click(screen.getByRole('button', { name: de.users.send }));
    await screen.findByText(de.form.summaryTitle(3));
    expect(screen.getByRole('combobox', { name: /^Kommune/ })).toHaveAccessibleDescription(
      expect.stringContaining(de.users.missingMunicipality),
    );
    expect(api.find('POST', '/v1/users')).toHaveLength(0);
  });
});
