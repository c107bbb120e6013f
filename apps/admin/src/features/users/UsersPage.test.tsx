import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { session } from '../../api/session';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { UsersPage } from './UsersPage';

const wonnegau = { id: '0190f1c2-7a1b-7cde-8f00-000000000001', name: 'Verbandsgemeinde Wonnegau' };
const stamp = '2026-11-01T08:00:00.000Z';
const me = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000a1',
  email: 'programmbuero@werkstatt.example',
  name: 'Petra Programmbüro',
  role: 'program_admin',
  municipalityId: null,
  disabled: false,
  lastLoginAt: stamp,
  createdAt: stamp,
  updatedAt: stamp,
  deletedAt: null,
};
const anna = {
  ...me,
  id: '0190f1c2-7a1b-7cde-8f00-0000000000a2',
  email: 'anna@vg-wonnegau.de',
  name: 'Anna Schmidt',
  role: 'municipality_editor',
  municipalityId: wonnegau.id,
  lastLoginAt: null,
};

let routes: Record<string, Reply | Reply[]>;
beforeEach(async () => {
  routes = {
    'POST /v1/auth/login': {
      status: 200,
      body: { tokenType: 'Bearer', accessToken: 'at', expiresIn: 900, user: me },
    },
    'GET /v1/municipalities': page([wonnegau]),
    'GET /v1/users': page([me, anna]),
    [`GET /v1/users/${anna.id}`]: { status: 200, body: anna, headers: { etag: '"v1"' } },
  };
});
afterEach(async () => {
  vi.unstubAllGlobals();
  forgetEtags();
});

async function show(search = {}) {
  const api = stubApi(routes);
  await session.login(me.email, 'x');
  const onSearch = vi.fn();
  await renderInRouter(<UsersPage search={search} onSearch={onSearch} />);
  await screen.findByRole('rowheader', { name: /Anna Schmidt/ });
  return { api, onSearch, user: userEvent.setup() };
}

describe('UsersPage', () => {
  it('lists users with role, municipality and status; the signed-in admin gets no actions on themself', async () => {
    await show();
    const annaRow = screen.getByRole('rowheader', { name: /Anna Schmidt/ }).closest('tr')!;
    expect(annaRow).toHaveTextContent('Bearbeitung');
    expect(annaRow).toHaveTextContent(wonnegau.name);
    expect(annaRow).toHaveTextContent('Aktiv');
    expect(annaRow).toHaveTextContent(de.users.neverSignedIn);
    expect(screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') })).toBeInTheDocument();

    const myRow = screen.getByRole('rowheader', { name: /Petra Programmbüro/ }).closest('tr')!;
    expect(myRow).toHaveTextContent(de.users.you);
    expect(myRow).toHaveTextContent(de.users.selfShort);
    expect(screen.getByText(de.users.selfHint)).toBeInTheDocument();
    expect(within(myRow).queryByRole('button')).not.toBeInTheDocument();
  });

  it('changes a role with If-Match and says that the sessions end', async () => {
    routes[`PATCH /v1/users/${anna.id}`] = {
      status: 200,
      body: { ...anna, role: 'moderator', municipalityId: null },
    };
    const { api, user } = await show();
    const actions = screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') });
    const opener = within(actions).getByRole('button', { name: de.users.changeRole });
    await user.click(opener);

    const dialog = await screen.findByRole('dialog', { name: de.users.roleTitle('Anna Schmidt') });
    expect(dialog).toHaveTextContent(de.users.roleSessionsNote);
    const role = await within(dialog).findByRole('combobox', { name: /^Rolle/ });
    await waitFor(() => expect(role).toHaveValue('municipality_editor'));
    await user.selectOptions(role, 'moderator');
    await user.click(within(dialog).getByRole('button', { name: de.users.roleSave }));

    await screen.findByText(de.users.roleChanged('Anna Schmidt'));
    // Keyboard users carry on where they were.
    await waitFor(() => expect(opener).toHaveFocus());
    const [patch] = api.find('PATCH', `/v1/users/${anna.id}`);
    expect(patch!.headers.get('if-match')).toBe('"v1"');
    expect(await patch!.json()).toEqual({ role: 'moderator', municipalityId: null });
  });

  it('opens the conflict dialog when someone else changed the user (412)', async () => {
    routes[`PATCH /v1/users/${anna.id}`] = { status: 412, body: problem(412, 'precondition_failed') };
    const { user } = await show();
    const actions = screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') });
    await user.click(within(actions).getByRole('button', { name: de.users.disable }));
    const confirm = await screen.findByRole('alertdialog', { name: de.users.disableTitle('Anna Schmidt') });
    expect(confirm).toHaveTextContent('jede laufende Anmeldung endet sofort');
    const button = within(confirm).getByRole('button', { name: de.users.disableConfirm });
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
    await user.click(button);
    expect(await screen.findByRole('alertdialog', { name: de.ui.conflictTitle })).toBeInTheDocument();
  });

  it('explains that deleting anonymises the person', async () => {
    routes[`DELETE /v1/users/${anna.id}`] = { status: 204 };
    const { api, user } = await show();
    const actions = screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') });
    await user.click(within(actions).getByRole('button', { name: de.users.remove }));
    const confirm = await screen.findByRole('alertdialog', { name: de.users.deleteTitle('Anna Schmidt') });
    expect(confirm).toHaveTextContent('anonymisiert');
    expect(confirm).toHaveTextContent('gelöschter Benutzer');
    const button = within(confirm).getByRole('button', { name: de.users.deleteConfirm });
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
    await user.click(button);
    await screen.findByText(de.users.deleted('Anna Schmidt'));
    expect(api.find('DELETE', `/v1/users/${anna.id}`)[0]!.headers.get('if-match')).toBe('"v1"');
  });

  it('sends role and municipality to the API and filters status and search in the list', async () => {
    const { api, onSearch, user } = await show({
      rolle: 'municipality_editor',
      kommune: wonnegau.id,
      suche: 'anna',
    });
    const query = new URL(api.find('GET', '/v1/users')[0]!.url).searchParams;
    expect(query.get('role')).toBe('municipality_editor');
    expect(query.get('municipalityId')).toBe(wonnegau.id);
    expect(query.has('cursor')).toBe(false);
    expect(screen.queryByRole('rowheader', { name: /Petra/ })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText(de.users.filterStatus), 'gesperrt');
    await user.click(screen.getByRole('button', { name: de.users.apply }));
    expect(onSearch).toHaveBeenCalledWith({
      rolle: 'municipality_editor',
      kommune: wonnegau.id,
      status: 'gesperrt',
      suche: 'anna',
    });
  });

  it('resends the invitation to someone who never signed in, and explains a refusal', async () => {
    routes[`POST /v1/users/${anna.id}/invitation`] = [
      { status: 409, body: problem(409, 'user_disabled') },
      { status: 202, body: null },
    ];
    const { api, user } = await show();
    const myRow = screen.getByRole('rowheader', { name: /Petra Programmbüro/ }).closest('tr')!;
    expect(within(myRow).queryByRole('button', { name: de.users.resend })).toBeNull();
    const actions = screen.getByRole('group', { name: de.users.actionsFor('Anna Schmidt') });
    await user.click(within(actions).getByRole('button', { name: de.users.resend }));
    const confirm = await screen.findByRole('alertdialog', { name: de.users.resendTitle('Anna Schmidt') });
    expect(confirm).toHaveTextContent('Links aus früheren Einladungen funktionieren danach nicht mehr.');
    await user.click(within(confirm).getByRole('button', { name: de.users.resendConfirm }));
    expect(await within(confirm).findByText(de.users.resendDisabled)).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: de.users.resendConfirm }));
    await screen.findByText(de.users.resent(anna.email));
    expect(api.find('POST', `/v1/users/${anna.id}/invitation`)).toHaveLength(2);
  });
});
