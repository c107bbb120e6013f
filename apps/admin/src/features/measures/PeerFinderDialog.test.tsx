import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { PeerFinderDialog } from './PeerFinderDialog';
import { MUNICIPALITY, wlan } from './test-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const peersPath = `/v1/municipalities/${MUNICIPALITY}/measures/${wlan.id}/peers`;

const peer = (extra: Record<string, unknown> = {}) => ({
  id: '0190f1c2-7a1b-7cde-8f00-0000000000c1',
  title: 'WLAN in allen Dorfgemeinschaftshäusern',
  description: 'Freies Netz für Vereine und Gäste.',
  actionFieldKey: 'digitalisierung',
  actionFieldTitle: 'Digitalisierung',
  status: 'done',
  progress: 100,
  startWindow: null,
  startDate: '2025-02-01',
  endDate: '2025-11-30',
  fundingSource: 'Haushalt',
  grantProgram: 'WLAN für RLP',
  matchedBy: ['actionField', 'text'],
  score: 1.4,
  municipality: {
    id: '0190f1c2-7a1b-7cde-8f00-0000000000d1',
    name: 'Verbandsgemeinde Eich',
    contactName: 'Eva Eich',
    contactEmail: 'digital@vg-eich.example',
    contactPhone: '06246 123-45',
  },
  ...extra,
});

async function open(reply: Reply, measure: { id: string; title: string } | null = wlan) {
  const api = stubApi({ [`GET ${peersPath}`]: reply });
  const onClose = vi.fn();
  await renderInRouter(
    <PeerFinderDialog municipalityId={MUNICIPALITY} measure={measure} onClose={onClose} />,
  );
  return { api, onClose };
}

describe('PeerFinderDialog', () => {
  it('lists similar measures of other municipalities with their public contact', async () => {
    const { api } = await open({
      status: 200,
      body: {
        data: [
          peer(),
          peer({
            id: '0190f1c2-7a1b-7cde-8f00-0000000000c2',
            title: 'Hotspots am Rathaus',
            matchedBy: ['text'],
            status: 'in_progress',
            startDate: null,
            endDate: null,
            fundingSource: null,
            grantProgram: null,
            municipality: {
              id: '0190f1c2-7a1b-7cde-8f00-0000000000d2',
              name: 'Stadt Worms',
              contactName: null,
              contactEmail: null,
              contactPhone: null,
            },
          }),
        ],
      },
    });
    const dialog = await screen.findByRole('dialog', { name: de.measures.peersTitle });
    expect(dialog).toHaveTextContent(de.measures.peersIntro(wlan.title));
    const list = await within(dialog).findByRole('list', { name: de.measures.peersList });
    expect(within(dialog).getByRole('status')).toHaveTextContent(de.measures.peersCount(2));

    const [eich, worms] = within(list).getAllByRole('article');
    expect(within(eich!).getByRole('heading', { level: 3 })).toHaveTextContent(
      'WLAN in allen Dorfgemeinschaftshäusern',
    );
    expect(eich).toHaveTextContent('Verbandsgemeinde Eich');
    expect(eich).toHaveTextContent('Abgeschlossen');
    expect(eich).toHaveTextContent('01.02.2025 – 30.11.2025');
    expect(eich).toHaveTextContent('Haushalt, WLAN für RLP');
    expect(eich).toHaveTextContent(`${de.measures.matchedByField}, ${de.measures.matchedByText}`);
    expect(eich).toHaveTextContent('Eva Eich');
    expect(within(eich!).getByRole('link', { name: /digital@vg-eich.example/ })).toHaveAttribute(
      'href',
      'mailto:digital@vg-eich.example',
    );
    expect(within(eich!).getByRole('link', { name: /06246 123-45/ })).toHaveAttribute(
      'href',
      'tel:0624612345',
    );

    expect(worms).toHaveTextContent(de.measures.noContact);
    expect(worms).not.toHaveTextContent(de.measures.peerPeriod);
    expect(new URL(api.find('GET', peersPath)[0]!.url).searchParams.get('limit')).toBe('20');
  });

  it('says so when nobody else works on it yet', async () => {
    await open({ status: 200, body: { data: [] } });
    expect(await screen.findByText(de.measures.peersEmpty)).toBeInTheDocument();
  });

  it('shows that it is searching', async () => {
    vi.stubGlobal('fetch', () => new Promise(() => {}));
    await renderInRouter(<PeerFinderDialog municipalityId={MUNICIPALITY} measure={wlan} onClose={vi.fn()} />);
    expect(screen.getByText(de.measures.peersLoading)).toHaveAttribute('role', 'status');
  });

  it('shows a failure with a retry', async () => {
    await open({ status: 503, body: problem(503, 'unavailable') });
    expect(await screen.findByText(de.ui.loadFailed)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: de.problems.retry })).toBeInTheDocument();
  });

  it('stays closed without a measure and closes with its button', async () => {
    const { api } = await open({ status: 200, body: { data: [] } }, null);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.find('GET', peersPath)).toHaveLength(0);
    vi.unstubAllGlobals();

    const opened = await open({ status: 200, body: { data: [] } });
    await screen.findByText(de.measures.peersEmpty);
    const dialog = screen.getByRole('dialog', { name: de.measures.peersTitle });
    await userEvent.setup().click(within(dialog).getAllByRole('button', { name: de.ui.close }).at(-1)!);
    expect(opened.onClose).toHaveBeenCalled();
  });
});
