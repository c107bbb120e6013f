import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { renderInRouter } from '../../test/router';
import { AuditPage } from './AuditPage';
import type { AuditSearch } from './search';

afterEach(() => vi.unstubAllGlobals());

const wonnegau = { id: '0190f1c2-7a1b-7cde-8f00-000000000001', name: 'Verbandsgemeinde Wonnegau' };
const petra = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000a1',
  name: 'Petra Programmbüro',
  email: 'programmbuero@werkstatt.example',
};
const roleChange = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000e1',
  occurredAt: '2026-11-21T08:05:00.000Z',
  actor: { type: 'user', id: petra.id, label: petra.email },
  municipalityId: wonnegau.id,
  action: 'user.updated',
  entityType: 'user',
  entityId: '0190f1c2-7a1b-7cde-8f00-0000000000a2',
  before: { role: 'municipality_editor', disabled: false, municipalityId: wonnegau.id, lastLoginAt: null },
  after: { role: 'municipality_admin', disabled: true, municipalityId: wonnegau.id, lastLoginAt: null },
  requestId: 'req-42',
};
const byErased = {
  ...roleChange,
  id: '0190f1c2-7a1b-7cde-8f00-0000000000e2',
  actor: { type: 'user', id: '0190f1c2-7a1b-7cde-8f00-0000000000a9', label: 'gelöschter Benutzer' },
  action: 'workshop.rescheduled',
  entityType: 'workshop',
  before: null,
  after: { title: 'Digital-Werkstatt Rheinhessen' },
};

async function show(
  search: AuditSearch = {},
  events: Reply | Reply[] = page([roleChange, byErased], 'next-1'),
) {
  const api = stubApi({
    'GET /v1/municipalities': page([wonnegau]),
    'GET /v1/users': page([petra]),
    'GET /v1/audit-events': events,
  });
  const onSearch = vi.fn();
  await renderInRouter(<AuditPage search={search} onSearch={onSearch} />);
  await screen.findByRole('rowheader', { name: /^Benutzer geändert/ });
  return { api, onSearch, user: userEvent.setup() };
}

const auditQueries = (api: ReturnType<typeof stubApi>) =>
  api.find('GET', '/v1/audit-events').map((r) => Object.fromEntries(new URL(r.url).searchParams));

describe('AuditPage', () => {
  it('shows time in Berlin, the actor, the action in German and the entity; erased actors as such', async () => {
    await show();
    const row = screen.getByRole('rowheader', { name: /^Benutzer geändert/ }).closest('tr')!;
    expect(row).toHaveTextContent('21.11.2026 09:05');
    expect(row).toHaveTextContent(`${petra.name}${petra.email}`);
    expect(row).toHaveTextContent(wonnegau.name);
    expect(row).toHaveTextContent('Geändert: Rolle, Gesperrt');
    // An action the console does not know yet keeps its name.
    const other = screen.getByRole('rowheader', { name: 'workshop.rescheduled' }).closest('tr')!;
    expect(other).toHaveTextContent('gelöschter Benutzer');
    expect(other).toHaveTextContent('WerkstattDigital-Werkstatt Rheinhessen');
  });

  it('sends the filters from the address as the API’s query, whole Berlin days included', async () => {
    const { api } = await show({
      aktion: 'user.updated',
      bereich: 'user',
      kommune: wonnegau.id,
      person: petra.id,
      von: '2026-11-01',
      bis: '2026-11-30',
    });
    expect(auditQueries(api)[0]).toEqual({
      limit: '50',
      action: 'user.updated',
      entityType: 'user',
      municipalityId: wonnegau.id,
      actorId: petra.id,
      occurredFrom: '2026-10-31T23:00:00.000Z',
      occurredTo: '2026-11-30T23:00:00.000Z',
    });
  });

  it('puts the chosen filters into the address on "Filter anwenden"', async () => {
    const { onSearch, user } = await show();
    await user.selectOptions(screen.getByLabelText(de.audit.filterAction), 'api_key.created');
    await user.selectOptions(screen.getByLabelText(de.audit.filterActor), petra.id);
    await user.type(screen.getByLabelText(/^Von/), '1.11.2026');
    await user.click(screen.getByRole('button', { name: de.audit.apply }));
    expect(onSearch).toHaveBeenCalledWith({ aktion: 'api_key.created', person: petra.id, von: '2026-11-01' });
  });

  it('refuses an end date before the start date and a date that does not exist', async () => {
    const { onSearch, user } = await show();
    await user.type(screen.getByLabelText(/^Von/), '10.11.2026');
    await user.type(screen.getByLabelText(/^Bis/), '01.11.2026');
    await user.click(screen.getByRole('button', { name: de.audit.apply }));
    expect(screen.getByLabelText(/^Bis/)).toHaveAccessibleDescription(
      expect.stringContaining(de.audit.rangeInvalid),
    );
    await user.clear(screen.getByLabelText(/^Bis/));
    await user.type(screen.getByLabelText(/^Bis/), '31.02.2026');
    await user.click(screen.getByRole('button', { name: de.audit.apply }));
    expect(screen.getByLabelText(/^Bis/)).toHaveAccessibleDescription(
      expect.stringContaining(de.audit.dateInvalid),
    );
    expect(onSearch).not.toHaveBeenCalled();
  });

  it('loads more with the cursor', async () => {
    const { api, user } = await show({}, [page([roleChange, byErased], 'next-1'), page([], null)]);
    await user.click(screen.getByRole('button', { name: de.ui.loadMore }));
    await waitFor(() => expect(auditQueries(api)).toHaveLength(2));
    expect(auditQueries(api)[1]).toEqual({ limit: '50', cursor: 'next-1' });
    await waitFor(() => expect(screen.queryByRole('button', { name: de.ui.loadMore })).toBeNull());
  });

  it('shows before and after as a readable field list', async () => {
    const { user } = await show();
    await user.click(
      screen.getByRole('button', { name: de.audit.detailsFor('Benutzer geändert', '21.11.2026 09:05') }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Benutzer geändert' });
    expect(dialog).toHaveTextContent('req-42');
    const role = within(dialog)
      .getByRole('rowheader', { name: /^Rolle/ })
      .closest('tr')!;
    expect(
      within(role)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Bearbeitung', 'Administration der Kommune']);
    expect(role).toHaveTextContent(de.audit.changed);
    const disabled = within(dialog)
      .getByRole('rowheader', { name: /^Gesperrt/ })
      .closest('tr')!;
    expect(
      within(disabled)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Nein', 'Ja']);
    const municipality = within(dialog).getByRole('rowheader', { name: 'Kommune' }).closest('tr')!;
    expect(municipality).toHaveTextContent(wonnegau.name);
    expect(municipality).not.toHaveTextContent(de.audit.changed);

    await user.click(within(dialog).getByLabelText(de.audit.onlyChanged));
    expect(within(dialog).queryByRole('rowheader', { name: 'Kommune' })).toBeNull();
  });
});
