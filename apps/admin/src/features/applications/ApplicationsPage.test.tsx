import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../api/session';
import { de } from '../../i18n/de';
import { applicationFixture, municipalitiesFixture, userFixture } from '../../test/fixtures';
import { renderInRouter, stubApi } from '../../test/router';
import { ApplicationsPage } from './ApplicationsPage';

afterEach(() => vi.unstubAllGlobals());

const t = de.applications;

const first = applicationFixture();
const second = applicationFixture({
  id: '01900000-0000-7000-8000-0000000000a2',
  municipalityId: 'm2',
  partnerMunicipalityIds: [],
  status: 'declined',
  declineReason: 'Alle Termine sind vergeben.',
  decidedAt: '2026-12-02T10:00:00.000Z',
});

async function signInAs(role: 'program_admin' | 'moderator') {
  stubApi({
    'POST /v1/auth/login': {
      status: 200,
      body: { tokenType: 'Bearer', accessToken: 'at', expiresIn: 900, user: userFixture({ role }) },
    },
  });
  await session.login('buero@werkstatt.example', 'geheim-geheim');
}

function stubInbox() {
  return stubApi({
    'GET /v1/municipalities': municipalitiesFixture,
    'GET /v1/programs': {
      status: 200,
      body: { data: [{ id: 'p1', name: 'Digital-Werkstatt' }], nextCursor: null },
    },
    'GET /v1/workshop-applications': (_request, url) =>
      url.searchParams.get('cursor')
        ? { status: 200, body: { data: [second], nextCursor: null } }
        : { status: 200, body: { data: [first], nextCursor: 'page-2' } },
  });
}

describe('ApplicationsPage', () => {
  it('lists applications newest first with their details in German, and loads more by cursor', async () => {
    await signInAs('program_admin');
    const requests = stubInbox();
    await renderInRouter(<ApplicationsPage status="all" openId={null} onOpen={vi.fn()} />, '/bewerbungen');

    const card = (await screen.findByRole('heading', { name: 'Verbandsgemeinde Wonnegau' })).closest(
      'article',
    ) as HTMLElement;
    expect(card).toHaveTextContent('Status: Offen');
    expect(card).toHaveTextContent('gemeinsam mit Verbandsgemeinde Eich');
    expect(card).toHaveTextContent('Dienstag, 09.03.2027, 10:00–16:00 Uhr');
    expect(card).toHaveTextContent('Dienstag, 16.03.2027');
    expect(card).toHaveTextContent('Anna Schäfer');
    expect(within(card).getByRole('link', { name: 'anna@wonnegau.example' })).toHaveAttribute(
      'href',
      'mailto:anna@wonnegau.example',
    );
    expect(card).toHaveTextContent('Gern an einem Dienstag.');
    expect(
      within(card).getByRole('button', { name: t.acceptOf('Verbandsgemeinde Wonnegau') }),
    ).toBeInTheDocument();

    const query = new URL(requests.find((r) => r.url.includes('workshop-applications'))!.url).searchParams;
    expect(query.get('sort')).toBe('-createdAt');
    expect(query.has('status')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: de.ui.loadMore }));
    const declined = (await screen.findByRole('heading', { name: 'Verbandsgemeinde Eich' })).closest(
      'article',
    ) as HTMLElement;
    expect(declined).toHaveTextContent('Status: Abgelehnt');
    expect(declined).toHaveTextContent('Begründung der AbsageAlle Termine sind vergeben.');
    expect(within(declined).queryByRole('button', { name: /ablehnen$/ })).not.toBeInTheDocument();
    expect(screen.getByText('2 Bewerbungen angezeigt')).toHaveAttribute('role', 'status');
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: de.ui.loadMore })).not.toBeInTheDocument(),
    );
  });

  it('shows a moderator the inbox without the decisions', async () => {
    await signInAs('moderator');
    stubInbox();
    await renderInRouter(
      <ApplicationsPage status="pending" openId={null} onOpen={vi.fn()} />,
      '/bewerbungen',
    );
    await screen.findByRole('heading', { name: 'Verbandsgemeinde Wonnegau' });
    expect(screen.getByText(t.onlyAdmins)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /annehmen$/ })).not.toBeInTheDocument();
  });

  it('opens the details with everything the application holds', async () => {
    await signInAs('program_admin');
    stubInbox();
    await renderInRouter(
      <ApplicationsPage status="pending" openId={first.id} onOpen={vi.fn()} />,
      '/bewerbungen',
    );
    const dialog = await screen.findByRole('dialog', { name: 'Bewerbung von Verbandsgemeinde Wonnegau' });
    await within(dialog).findByText('Digital-Werkstatt');
    expect(dialog).toHaveTextContent('PartnerkommunenVerbandsgemeinde Eich');
    expect(dialog).toHaveTextContent('Eingegangen01.12.2026, 10:30 Uhr');
    expect(dialog).toHaveTextContent('Erwartete Teilnehmende22');
    expect(within(dialog).getByRole('button', { name: t.decline })).toBeInTheDocument();
  });

  it('says so when nothing waits', async () => {
    await signInAs('program_admin');
    stubApi({
      'GET /v1/municipalities': municipalitiesFixture,
      'GET /v1/workshop-applications': { status: 200, body: { data: [], nextCursor: null } },
    });
    await renderInRouter(
      <ApplicationsPage status="pending" openId={null} onOpen={vi.fn()} />,
      '/bewerbungen',
    );
    expect(await screen.findByText(t.empty.pending)).toBeInTheDocument();
  });
});
