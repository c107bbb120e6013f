import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../api/session';
import { de } from '../../i18n/de';
import { problem, renderWithQuery } from '../../test/render';
import { AccountPage, changePasswordErrors } from './AccountPage';

vi.mock('../../ui/useUnsavedChanges', () => ({ useUnsavedChanges: () => undefined }));

const user = {
  id: 'u1',
  name: 'Jana Berger',
  email: 'jana@werkstatt.example',
  role: 'moderator',
} as const;

describe('changing one’s own password', () => {
  beforeEach(() => {
    vi.spyOn(session, 'getState').mockReturnValue({ user: user as never });
  });
  afterEach(() => vi.restoreAllMocks());

  const fill = async (current: string, password: string, repeat = password) => {
    const ui = userEvent.setup();
    if (current) await ui.type(screen.getByLabelText(/^Aktuelles Passwort/), current);
    if (password) await ui.type(screen.getByLabelText(/^Neues Passwort \(/), password);
    if (repeat) await ui.type(screen.getByLabelText(/^Neues Passwort wiederholen/), repeat);
    await ui.click(screen.getByRole('button', { name: de.account.changePasswordSubmit }));
  };

  it('checks the fields before sending anything', async () => {
    const change = vi.spyOn(session, 'changePassword');
    renderWithQuery(<AccountPage />);
    await fill('', 'Rheinhessen-2027', 'Rheinhessen-2028');
    expect(change).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: de.account.missingCurrent })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: de.setPassword.mismatch })).toBeInTheDocument();
  });

  it('shows a wrong current password at its field and keeps nothing changed', async () => {
    vi.spyOn(session, 'changePassword').mockRejectedValue(problem(422, 'current_password_wrong'));
    renderWithQuery(<AccountPage />);
    await fill('falsch-falsch-falsch', 'Rheinhessen-Wonnegau-2027');
    expect(await screen.findByRole('link', { name: de.account.currentWrong })).toBeInTheDocument();
    expect(screen.queryByText(de.account.changedTitle)).not.toBeInTheDocument();
  });

  it('confirms the change and empties the form', async () => {
    const change = vi.spyOn(session, 'changePassword').mockResolvedValue();
    renderWithQuery(<AccountPage />);
    await fill('alt-alt-alt-alt', 'Rheinhessen-Wonnegau-2027');
    expect(change).toHaveBeenCalledWith('alt-alt-alt-alt', 'Rheinhessen-Wonnegau-2027');
    expect(await screen.findByText(de.account.changedTitle)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Aktuelles Passwort/)).toHaveValue('');
  });

  it('maps the API’s password rule on newPassword to the new-password field', () => {
    const tooShort = problem(400, 'validation_failed', {
      errors: [{ path: 'body.newPassword', message: 'Too small: expected string to have >=12 characters' }],
    });
    expect(changePasswordErrors(tooShort)).toEqual({
      fields: { password: de.setPassword.tooShort(12) },
      form: null,
    });
    expect(changePasswordErrors(problem(429, 'too_many_requests')).form).toBe(de.account.tooManyAttempts);
  });
});
