import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { fakeApi, signInAs } from '../../test/api';
import { renderPage } from '../../test/router';
import { MunicipalityPage } from './MunicipalityPage';
import type { Municipality } from './municipality-values';

vi.setConfig({ testTimeout: 20_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.municipalities;
const eich: Municipality = {
  id: '0190f1c2-7a1b-7cde-8f00-000000000002',
  name: 'Verbandsgemeinde Eich',
  slug: 'vg-eich',
  kind: 'verbandsgemeinde',
  ars: '073315003000',
  stateCode: 'RP',
  population: 11000,
  parentId: null,
  contactName: 'Stabsstelle Digitalisierung',
  contactEmail: 'digital@vg-eich.example',
  contactPhone: '06246 123-0',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
};
const path = `/v1/municipalities/${eich.id}`;
const workshops = {
  status: 200,
  body: {
    data: [
      {
        id: 'w1',
        title: 'Digital-Werkstatt Rheinhessen',
        startsAt: '2027-02-05T08:00:00.000Z',
        status: 'published',
      },
    ],
    nextCursor: null,
  },
};

describe('MunicipalityPage', () => {
  it('shows the municipality, its contact and workshops; moderators get no edit or delete', async () => {
    await signInAs('moderator');
    fakeApi({ [`GET ${path}`]: { status: 200, body: eich }, 'GET /v1/workshops': workshops });
    await renderPage(<MunicipalityPage municipalityId={eich.id} />);
    expect(await screen.findByRole('heading', { level: 1, name: eich.name })).toBeInTheDocument();
    expect(screen.getByText('11.000')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'digital@vg-eich.example' })).toHaveAttribute(
      'href',
      'mailto:digital@vg-eich.example',
    );
    expect(
      await screen.findByRole('rowheader', { name: 'Digital-Werkstatt Rheinhessen' }),
    ).toBeInTheDocument();
    expect(screen.getByText('05.02.2027')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.delete.button })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: t.edit })).not.toBeInTheDocument();
  });

  it('asks before deleting, says what it means, and deletes with If-Match', async () => {
    await signInAs('program_admin');
    const api = fakeApi({
      [`GET ${path}`]: { status: 200, body: eich, headers: { etag: '"e1"' } },
      'GET /v1/workshops': workshops,
      [`DELETE ${path}`]: { status: 204 },
    });
    const user = userEvent.setup();
    const { router } = await renderPage(<MunicipalityPage municipalityId={eich.id} />, {
      path: `/kommunen/${eich.id}`,
    });
    await user.click(await screen.findByRole('button', { name: t.delete.button }));
    const dialog = screen.getByRole('alertdialog', { name: t.delete.title(eich.name) });
    for (const line of t.delete.consequences) expect(dialog).toHaveTextContent(line);
    await user.click(within(dialog).getByRole('button', { name: t.delete.confirm }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/kommunen'));
    expect(api.of(`DELETE ${path}`)[0]?.headers.get('if-match')).toBe('"e1"');
    expect(await screen.findByText(t.delete.done(eich.name))).toBeInTheDocument();
  });
});
