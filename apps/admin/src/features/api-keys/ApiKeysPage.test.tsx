import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { ApiKeysPage } from './ApiKeysPage';

afterEach(() => vi.unstubAllGlobals());

const wonnegau = { id: '0190f1c2-7a1b-7cde-8f00-000000000001', name: 'Verbandsgemeinde Wonnegau' };
const stored = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000b1',
  name: 'Landesportal RLP',
  prefix: 'wst_3q2-7wEj',
  scopes: ['public:read'],
  municipalityId: null,
  createdBy: null,
  createdAt: '2026-11-01T08:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
};
const secret = 'wst_3q2-7wEjbVd5TnRk0pXyLhQ1oZcA8fGm4sUeNiJ9DvI';

async function show(routes: Record<string, Reply | Reply[]> = {}) {
  const api = stubApi({
    'GET /v1/municipalities': page([wonnegau]),
    'GET /v1/api-keys': page([stored]),
    ...routes,
  });
  await renderInRouter(<ApiKeysPage />);
  await screen.findByRole('rowheader', { name: /Landesportal RLP/ });
  return { api, user: userEvent.setup() };
}

async function openCreate(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: de.apiKeys.create }));
  return screen.findByRole('dialog', { name: de.apiKeys.createTitle });
}

describe('ApiKeysPage', () => {
  it('explains every scope in German, personal data with a warning', async () => {
    const { user } = await show();
    const dialog = await openCreate(user);
    const publicRead = within(dialog).getByRole('checkbox', { name: /Öffentliche Daten lesen/ });
    expect(publicRead).toHaveAccessibleDescription(expect.stringContaining('Veröffentlichte Strategien'));
    expect(
      within(dialog).getByRole('checkbox', { name: /Daten einer Kommune lesen/ }),
    ).toHaveAccessibleDescription(expect.stringContaining('ohne personenbezogene Daten'));
    expect(within(dialog).getByRole('checkbox', { name: /Daten einer Kommune ändern/ })).toBeInTheDocument();
    const personal = within(dialog).getByRole('checkbox', { name: /Personenbezogene Daten lesen/ });
    expect(personal).toHaveAccessibleDescription(expect.stringContaining('Teilnehmende'));
    expect(personal).toHaveAccessibleDescription(expect.stringContaining('Nur auf ausdrücklichen Wunsch'));
  });

  it('refuses personal data without a municipality scope before sending', async () => {
    const { api, user } = await show();
    const dialog = await openCreate(user);
    await user.type(within(dialog).getByLabelText(/^Name/), 'Dorf-App');
    await user.click(within(dialog).getByRole('checkbox', { name: /Personenbezogene Daten lesen/ }));
    await user.click(within(dialog).getByRole('button', { name: de.apiKeys.submit }));
    await within(dialog).findByText(de.form.summaryTitle(1));
    expect(
      within(dialog).getByRole('checkbox', { name: /Öffentliche Daten lesen/ }),
    ).toHaveAccessibleDescription(expect.stringContaining(de.apiKeys.personalNeedsMunicipality));
    expect(api.find('POST', '/v1/api-keys')).toHaveLength(0);
  });

  it('shows the secret once, with a copy button and a warning, and forgets it on close', async () => {
    const { api, user } = await show({
      'POST /v1/api-keys': {
        status: 201,
        body: { ...stored, id: 'new', name: 'Dorf-App Eich', key: secret },
      },
    });
    const dialog = await openCreate(user);
    await user.type(within(dialog).getByLabelText(/^Name/), 'Dorf-App Eich');
    await user.click(within(dialog).getByRole('checkbox', { name: /Öffentliche Daten lesen/ }));
    await user.selectOptions(within(dialog).getByLabelText(/^Kommune/), wonnegau.id);
    await user.type(within(dialog).getByLabelText(/^Gültig bis/), '31.12.2099');
    await user.click(within(dialog).getByRole('button', { name: de.apiKeys.submit }));

    const secretDialog = await screen.findByRole('dialog', { name: de.apiKeys.secretTitle });
    expect(await api.find('POST', '/v1/api-keys')[0]!.json()).toEqual({
      name: 'Dorf-App Eich',
      scopes: ['public:read'],
      municipalityId: wonnegau.id,
      // The end of 31 December in Berlin (UTC+1 in winter).
      expiresAt: '2099-12-31T23:00:00.000Z',
    });
    expect(within(secretDialog).getByLabelText(de.apiKeys.secretLabel('Dorf-App Eich'))).toHaveValue(secret);
    expect(secretDialog).toHaveTextContent('Er wird nur dieses eine Mal angezeigt');
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(within(secretDialog).getByRole('button', { name: de.apiKeys.copyKey }));
    expect(writeText).toHaveBeenCalledWith(secret);

    await user.click(within(secretDialog).getByRole('button', { name: de.apiKeys.secretDone }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: de.apiKeys.secretTitle })).toBeNull());
    expect(screen.queryByDisplayValue(secret)).toBeNull();
    expect(document.body).not.toHaveTextContent(secret);
  });

  it('puts the API’s scope problem at the scopes', async () => {
    const { user } = await show({
      'POST /v1/api-keys': {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [{ path: 'body.scopes', message: 'personal:read …' }],
        }),
      },
    });
    const dialog = await openCreate(user);
    await user.type(within(dialog).getByLabelText(/^Name/), 'Portal');
    await user.click(within(dialog).getByRole('checkbox', { name: /Daten einer Kommune lesen/ }));
    await user.click(within(dialog).getByRole('button', { name: de.apiKeys.submit }));
    await within(dialog).findByText(de.apiKeys.fieldErrors.scopes, { selector: 'a' });
  });

  it('revokes a key after asking', async () => {
    const { api, user } = await show({ [`DELETE /v1/api-keys/${stored.id}`]: { status: 204 } });
    await user.click(screen.getByRole('button', { name: de.apiKeys.revoke }));
    const confirm = await screen.findByRole('alertdialog', {
      name: de.apiKeys.revokeTitle('Landesportal RLP'),
    });
    expect(confirm).toHaveTextContent('funktioniert sofort nicht mehr');
    await user.click(within(confirm).getByRole('button', { name: de.apiKeys.revokeConfirm }));
    await screen.findByText(de.apiKeys.revoked('Landesportal RLP'));
    expect(api.find('DELETE', `/v1/api-keys/${stored.id}`)).toHaveLength(1);
  });
});
