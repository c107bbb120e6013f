import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { userFixture } from '../../test/fixtures';
import { problem } from '../../test/render';
import { renderInWorkspace, WONNEGAU_ID } from '../municipality-workshops/test-workspace';
import { MunicipalityAdminPage } from './MunicipalityAdminPage';

afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.municipalityAdmin;
const anna = userFixture({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000b2',
  name: 'Anna Schmidt',
  email: 'anna@vg-wonnegau.de',
  role: 'municipality_editor',
  municipalityId: WONNEGAU_ID,
});
const key = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000c1',
  name: 'Dorf-App',
  prefix: 'wst_3q2-7wEj',
  scopes: ['public:read'],
  municipalityId: WONNEGAU_ID,
  createdBy: null,
  createdAt: '2026-11-01T08:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
};

async function show(
  routes: Record<string, Reply | Reply[]> = {},
  who: 'admin' | 'viewer' | 'editor' | 'moderator' = 'admin',
) {
  const api = stubApi({
    'GET /v1/municipalities': page([{ id: WONNEGAU_ID, name: 'Verbandsgemeinde Wonnegau' }]),
    'GET /v1/users': page([anna]),
    'GET /v1/api-keys': page([key]),
    [`GET /v1/users/${anna.id}`]: { status: 200, body: anna, headers: { etag: '"v1"' } },
    ...routes,
  });
  await renderInWorkspace(<MunicipalityAdminPage />, who);
  return { api, user: userEvent.setup() };
}

describe('MunicipalityAdminPage', { timeout: 30_000 }, () => {
  it('lists the municipality’s users and keys, asking the API for this municipality only', async () => {
    const { api } = await show();
    await screen.findByRole('rowheader', { name: /Anna Schmidt/ });
    await screen.findByRole('rowheader', { name: /Dorf-App/ });
    expect(new URL(api.find('GET', '/v1/users')[0]!.url).searchParams.get('municipalityId')).toBe(
      WONNEGAU_ID,
    );
    expect(new URL(api.find('GET', '/v1/api-keys')[0]!.url).searchParams.get('municipalityId')).toBe(
      WONNEGAU_ID,
    );
    expect(screen.getByRole('navigation', { name: t.sections })).toBeInTheDocument();
  });

  it('invites into this municipality: only its roles, no municipality to choose', async () => {
    const { api, user } = await show({
      'POST /v1/users': { status: 201, body: { ...anna, id: 'new', email: 'jonas@vg-wonnegau.de' } },
    });
    await user.click(await screen.findByRole('button', { name: t.users.invite }));
    const dialog = await screen.findByRole('dialog', { name: de.users.inviteTitle });
    const role = within(dialog).getByRole('combobox', { name: /^Rolle/ });
    const offered = within(role)
      .getAllByRole('option')
      .map((o) => (o as HTMLOptionElement).value)
      .filter(Boolean);
    expect(offered).toEqual(['municipality_admin', 'municipality_editor', 'municipality_viewer']);
    await user.type(within(dialog).getByLabelText(/^Name/), 'Jonas Becker');
    await user.type(within(dialog).getByLabelText(/^E-Mail-Adresse/), 'jonas@vg-wonnegau.de');
    await user.selectOptions(role, 'municipality_viewer');
    expect(within(dialog).queryByRole('combobox', { name: /^Kommune/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: de.users.send }));
    await screen.findByText(de.users.invited('jonas@vg-wonnegau.de'));
    expect(await api.find('POST', '/v1/users')[0]!.json()).toEqual({
      name: 'Jonas Becker',
      email: 'jonas@vg-wonnegau.de',
      role: 'municipality_viewer',
      municipalityId: WONNEGAU_ID,
    });
  });

  it('changes a role without moving the person to another municipality', async () => {
    const { api, user } = await show({
      [`PATCH /v1/users/${anna.id}`]: { status: 200, body: { ...anna, role: 'municipality_admin' } },
    });
    await screen.findByRole('rowheader', { name: /Anna Schmidt/ });
    const actions = screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') });
    await user.click(within(actions).getByRole('button', { name: de.users.changeRole }));
    const dialog = await screen.findByRole('dialog', { name: de.users.roleTitle('Anna Schmidt') });
    const role = await within(dialog).findByRole('combobox', { name: /^Rolle/ });
    await waitFor(() => expect(role).toHaveValue('municipality_editor'));
    expect(within(role).queryByRole('option', { name: de.roles.program_admin })).toBeNull();
    await user.selectOptions(role, 'municipality_admin');
    await user.click(within(dialog).getByRole('button', { name: de.users.roleSave }));
    await screen.findByText(de.users.roleChanged('Anna Schmidt'));
    const [patch] = api.find('PATCH', `/v1/users/${anna.id}`);
    expect(patch!.headers.get('if-match')).toBe('"v1"');
    expect(await patch!.json()).toEqual({ role: 'municipality_admin' });
  });

  it('disables a user and explains a refusal in German', async () => {
    const { user } = await show({
      [`PATCH /v1/users/${anna.id}`]: { status: 409, body: problem(409, 'cannot_change_own_account') },
    });
    await screen.findByRole('rowheader', { name: /Anna Schmidt/ });
    const actions = screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') });
    await user.click(within(actions).getByRole('button', { name: de.users.disable }));
    const confirm = await screen.findByRole('alertdialog', { name: de.users.disableTitle('Anna Schmidt') });
    const button = within(confirm).getByRole('button', { name: de.users.disableConfirm });
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
    await user.click(button);
    expect(await within(confirm).findByText(de.users.cannotChangeOwn)).toBeInTheDocument();
  });

  it('creates a key bound to the municipality and shows its secret once', async () => {
    const secret = 'wst_3q2-7wEjbVd5TnRk0pXyLhQ1oZcA8fGm4sUeNiJ9DvI';
    const { api, user } = await show({
      'POST /v1/api-keys': { status: 201, body: { ...key, id: 'k2', name: 'Website', key: secret } },
    });
    await user.click(await screen.findByRole('button', { name: t.keys.create }));
    const dialog = await screen.findByRole('dialog', { name: de.apiKeys.createTitle });
    expect(dialog).toHaveTextContent(t.keys.boundNote('Verbandsgemeinde Wonnegau'));
    expect(within(dialog).queryByLabelText(/^Kommune/)).toBeNull();
    await user.type(within(dialog).getByLabelText(/^Name/), 'Website');
    await user.click(within(dialog).getByRole('checkbox', { name: /Daten einer Kommune lesen/ }));
    await user.click(within(dialog).getByRole('button', { name: de.apiKeys.submit }));
    const secretDialog = await screen.findByRole('dialog', { name: de.apiKeys.secretTitle });
    expect(within(secretDialog).getByLabelText(de.apiKeys.secretLabel('Website'))).toHaveValue(secret);
    expect(await api.find('POST', '/v1/api-keys')[0]!.json()).toEqual({
      name: 'Website',
      scopes: ['municipality:read'],
      municipalityId: WONNEGAU_ID,
    });
  });

  it('revokes a key after asking', async () => {
    const { api, user } = await show({ [`DELETE /v1/api-keys/${key.id}`]: { status: 204 } });
    await screen.findByRole('rowheader', { name: /Dorf-App/ });
    await user.click(screen.getByRole('button', { name: de.apiKeys.revoke }));
    const confirm = await screen.findByRole('alertdialog', { name: de.apiKeys.revokeTitle('Dorf-App') });
    await user.click(within(confirm).getByRole('button', { name: de.apiKeys.revokeConfirm }));
    await screen.findByText(de.apiKeys.revoked('Dorf-App'));
    expect(api.find('DELETE', `/v1/api-keys/${key.id}`)).toHaveLength(1);
  });

  it.each(['viewer', 'editor'] as const)(
    'shows a %s who administers, and neither users nor keys',
    async (who) => {
      const { api } = await show({}, who);
      expect(screen.getByRole('heading', { level: 1, name: t.title })).toBeInTheDocument();
      expect(screen.getByText(t.noAccess)).toBeInTheDocument();
      expect(screen.queryByRole('button')).toBeNull();
      expect(screen.queryByRole('navigation', { name: t.sections })).toBeNull();
      expect(api.find('GET', '/v1/users')).toHaveLength(0);
      expect(api.find('GET', '/v1/api-keys')).toHaveLength(0);
    },
  );

  it('tells a moderator of the program office who administers a municipality', async () => {
    await show({}, 'moderator');
    expect(screen.getByText(t.noAccessOffice)).toBeInTheDocument();
  });
});
