import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { base, measureFixture, sheetRoutes, showSheet } from './test-fixtures';

vi.setConfig({ testTimeout: 20_000 });
afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.measureSheet.peerDialog;
const peer = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000e1',
  title: 'WLAN in allen Dorfgemeinschaftshäusern',
  description: 'Freies WLAN in sieben Häusern.',
  actionFieldKey: 'digitale-infrastruktur',
  actionFieldTitle: 'Digitale Infrastruktur',
  status: 'in_progress',
  progress: 40,
  startWindow: 'immediately',
  startDate: '2026-05-01',
  endDate: '2027-06-30',
  fundingSource: null,
  grantProgram: null,
  matchedBy: ['actionField', 'text'],
  score: 1.4,
  municipality: {
    id: '0190f1c2-7a1b-7cde-8f00-0000000000e2',
    name: 'Verbandsgemeinde Eich',
    contactName: 'Jonas Weber',
    contactEmail: 'digital@vg-eich.de',
    contactPhone: null,
  },
};

describe('„Wer macht das auch?“ on the fact sheet', () => {
  it('lists similar measures of other municipalities with their public contact', async () => {
    const { api } = await showSheet({
      ...sheetRoutes(measureFixture()),
      [`GET ${base}/peers`]: { status: 200, body: { data: [peer] } },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: de.measureSheet.peers }));
    const dialog = screen.getByRole('dialog', { name: t.title });
    expect(await within(dialog).findByRole('heading', { name: peer.title })).toBeInTheDocument();
    expect(within(dialog).getByText(/gleiches Handlungsfeld, ähnlicher Text/)).toBeInTheDocument();
    expect(within(dialog).getByText('Jonas Weber')).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'digital@vg-eich.de' })).toHaveAttribute(
      'href',
      'mailto:digital@vg-eich.de',
    );
    expect(new URL(api.find((r) => r.url.includes('/peers'))?.url ?? '').searchParams.get('limit')).toBe(
      '20',
    );
  });

  it('says so when nobody works on something similar yet', async () => {
    await showSheet(
      {
        ...sheetRoutes(measureFixture()),
        [`GET ${base}/peers`]: { status: 200, body: { data: [] } },
      },
      { canEdit: false },
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: de.measureSheet.peers }));
    expect(await screen.findByText(t.none)).toBeInTheDocument();
  });
});
