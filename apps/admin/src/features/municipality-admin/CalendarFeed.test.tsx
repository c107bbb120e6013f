import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInWorkspace, WONNEGAU_ID } from '../municipality-workshops/test-workspace';
import { CalendarFeedPage } from './CalendarFeedPage';

afterEach(() => vi.unstubAllGlobals());

const t = de.municipalityAdmin.calendar;
const url = 'https://werkstatt.example.org/v1/public/calendar/Zx3kQ9mVtR2bL7pW4yNc8dFh1sJ6gA0eXuK5oTqPiM.ics';
const feedPath = `/v1/municipalities/${WONNEGAU_ID}/calendar-feed`;
const rotation = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000e1',
  occurredAt: '2026-11-20T09:15:00.000Z',
  actor: { type: 'user', id: null, label: 'admin@wonnegau.example' },
  municipalityId: WONNEGAU_ID,
  action: 'calendar_feed.created',
  entityType: 'calendar_feed',
  entityId: WONNEGAU_ID,
  before: null,
  after: {},
  requestId: null,
};

async function show(routes: Record<string, Reply | Reply[]>) {
  const api = stubApi(routes);
  await renderInWorkspace(<CalendarFeedPage />);
  return { api, user: userEvent.setup() };
}

describe('CalendarFeed', () => {
  it('explains how to subscribe in Outlook, on an iPhone and in Google Calendar, and warns about the link', async () => {
    await show({ 'GET /v1/audit-events': page([]) });
    expect(await screen.findByText(t.none)).toBeInTheDocument();
    const outlook = screen.getByRole('region', { name: 'Outlook' });
    expect(outlook).toHaveTextContent('„Kalender hinzufügen“');
    expect(outlook).toHaveTextContent('„Aus dem Internet abonnieren“');
    const iphone = screen.getByRole('region', { name: 'iPhone und iPad' });
    expect(iphone).toHaveTextContent('„Einstellungen“ → „Kalender“ → „Accounts“');
    expect(iphone).toHaveTextContent('„Kalenderabo hinzufügen“');
    expect(screen.getByRole('region', { name: 'Android und Google Kalender' })).toHaveTextContent(
      '„Per URL hinzufügen“',
    );
    expect(screen.getByRole('note')).toHaveTextContent('Wer den Link hat, sieht die Termine');
  });

  it('creates the first link without asking, shows it once and copies it', async () => {
    const { api, user } = await show({
      'GET /v1/audit-events': page([]),
      [`POST ${feedPath}`]: { status: 201, body: { url, createdAt: '2026-12-05T10:00:00.000Z' } },
    });
    const query = new URL(api.find('GET', '/v1/audit-events')[0]!.url).searchParams;
    expect(query.get('entityType')).toBe('calendar_feed');
    expect(query.get('entityId')).toBe(WONNEGAU_ID);
    await user.click(await screen.findByRole('button', { name: t.create }));
    const field = await screen.findByLabelText(t.linkLabel);
    expect(field).toHaveValue(url);
    await screen.findByText(t.created);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(screen.getByRole('button', { name: t.copy }));
    expect(writeText).toHaveBeenCalledWith(url);
    expect(api.find('POST', feedPath)).toHaveLength(1);
  });

  it('renews an existing link only after saying that the old one stops working', async () => {
    const { api, user } = await show({
      'GET /v1/audit-events': page([rotation]),
      [`POST ${feedPath}`]: { status: 201, body: { url, createdAt: '2026-12-05T10:00:00.000Z' } },
    });
    expect(await screen.findByText(t.exists('20.11.2026 10:15'))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.create })).toBeNull();
    await user.click(screen.getByRole('button', { name: t.renew }));
    const confirm = await screen.findByRole('alertdialog', { name: t.renewTitle });
    expect(confirm).toHaveTextContent('Der bisherige funktioniert sofort nicht mehr');
    await user.click(within(confirm).getByRole('button', { name: de.ui.cancel }));
    expect(api.find('POST', feedPath)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: t.renew }));
    const again = await screen.findByRole('alertdialog', { name: t.renewTitle });
    await user.click(within(again).getByRole('button', { name: t.renewConfirm }));
    expect(await screen.findByLabelText(t.linkLabel)).toHaveValue(url);
    await screen.findByText(t.renewed);
    expect(api.find('POST', feedPath)).toHaveLength(1);
  });

  it('shows a refusal in German inside the question', async () => {
    const { user } = await show({
      'GET /v1/audit-events': page([rotation]),
      [`POST ${feedPath}`]: { status: 429, body: problem(429, 'rate_limited') },
    });
    await user.click(await screen.findByRole('button', { name: t.renew }));
    const confirm = await screen.findByRole('alertdialog', { name: t.renewTitle });
    await user.click(within(confirm).getByRole('button', { name: t.renewConfirm }));
    expect(await within(confirm).findByText(de.problems.tooManyRequests)).toBeInTheDocument();
  });
});
