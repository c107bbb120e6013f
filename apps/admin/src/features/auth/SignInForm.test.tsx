import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../../api/session';
import { de } from '../../i18n/de';
import { problem, stubFetch } from '../../test/render';
import { SignInForm } from './SignInForm';

afterEach(() => vi.unstubAllGlobals());

const user = {
  id: 'u1',
  email: 'anna@vg-example.de',
  name: 'Anna Schmidt',
  role: 'municipality_admin',
  municipalityId: 'm1',
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
};

function setup() {
  const session = createSession({ fetch: (r) => globalThis.fetch(r), origin: 'http://localhost' });
  const onSignedIn = vi.fn();
  const onRefused = vi.fn();
  const ui = userEvent.setup();
  render(<SignInForm login={session.login} onSignedIn={onSignedIn} onRefused={onRefused} />);
  const signIn = async (email = 'anna@vg-example.de', password = 'falsch-falsch') => {
    if (email) await ui.type(screen.getByLabelText(/E-Mail-Adresse/), email);
    if (password) await ui.type(screen.getByLabelText(/^Passwort/), password);
    await ui.click(screen.getByRole('button', { name: de.signIn.submit }));
  };
  return { session, onSignedIn, onRefused, signIn };
}

describe('SignInForm', () => {
  it('signs in in cookie mode and hands the user on', async () => {
    const requests = stubFetch({
      status: 200,
      body: { tokenType: 'Bearer', accessToken: 'at-1', expiresIn: 900, user },
    });
    const { session, onSignedIn, signIn } = setup();
    await signIn('anna@vg-example.de', 'richtig-richtig');

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(user));
    expect(session.getAccessToken()).toBe('at-1');
    const [request] = requests;
    expect(new URL(request!.url).pathname).toBe('/v1/auth/login');
    expect(request!.headers.get('x-werkstatt-client')).toBe('browser');
    expect(request!.credentials).toBe('include');
    expect(await request!.json()).toEqual({ email: 'anna@vg-example.de', password: 'richtig-richtig' });
  });

  it('says that e-mail or password is wrong on 401, focused', async () => {
    stubFetch({ status: 401, body: problem(401, 'invalid_credentials') });
    const { onSignedIn, onRefused, signIn } = setup();
    await signIn();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(de.signIn.wrongCredentials);
    expect(alert).toHaveTextContent(de.signIn.wrongCredentialsText);
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: de.signIn.wrongCredentials })).toHaveFocus(),
    );
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledOnce();
  });

  it('tells how long to wait after too many attempts (429)', async () => {
    stubFetch(
      { status: 429, body: problem(429, 'too_many_requests', { retryAfter: 42 }) },
      { status: 429, body: problem(429, 'too_many_requests', { retryAfter: 600 }) },
    );
    const { signIn } = setup();
    await signIn();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Zu viele Anmeldeversuche. Bitte warten Sie 42 Sekunden',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: de.signIn.submit }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Bitte warten Sie 10 Minuten'));
  });

  it('puts an address the API rejects at the e-mail field', async () => {
    stubFetch({
      status: 400,
      body: problem(400, 'validation_failed', { errors: [{ path: 'body.email', message: 'Invalid email' }] }),
    });
    const { signIn } = setup();
    await signIn('anna@', 'irgendwas-langes');
    expect(await screen.findByRole('alert')).toHaveTextContent(de.form.summaryTitle(1));
    expect(screen.getByLabelText(/E-Mail-Adresse/)).toHaveAccessibleDescription(de.signIn.invalidEmail);
  });

  it('asks for both fields before sending anything', async () => {
    const requests = stubFetch();
    const { signIn } = setup();
    await signIn('', '');
    expect(await screen.findByRole('alert')).toHaveTextContent(de.form.summaryTitle(2));
    expect(screen.getByLabelText(/^Passwort/)).toHaveAttribute('aria-invalid', 'true');
    expect(requests).toHaveLength(0);
  });

  it('reports a lost connection', async () => {
    stubFetch();
    const { signIn } = setup();
    await signIn();
    expect(await screen.findByRole('alert')).toHaveTextContent(de.problems.network);
  });
});
