import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { fakeApi, signInAs } from '../../test/api';
import { renderPage } from '../../test/router';
import { MunicipalitiesPage } from './MunicipalitiesPage';
import type { Municipality } from './municipality-values';

// Typing into many fields is slow on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => vi.unstubAllGlobals());

const t = de.municipalities;
const municipality = (n: number, name: string, population: number | null): Municipality => ({
  id: `0190f1c2-7a1b-7cde-8f00-00000000000${n}`,
  name,
  slug: `m-${n}`,
  kind: 'verbandsgemeinde',
  ars: null,
  stateCode: 'RP',
  population,
  parentId: null,
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
});
const directory = {
  status: 200,
  body: {
    data: [
      municipality(1, 'Verbandsgemeinde Wonnegau', 27000),
      municipality(2, 'Verbandsgemeinde Eich', 11000),
    ],
    nextCursor: null,
  },
};

const names = () =>
  within(screen.getByRole('table'))
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);

describe('MunicipalitiesPage', () => {
  it('lists by name, sorts by a column, and offers moderators no way to change anything', async () => {
    await signInAs('moderator');
    const api = fakeApi({ 'GET /v1/municipalities': directory });
    const user = userEvent.setup();
    await renderPage(<MunicipalitiesPage search={{ q: 'verbands', land: 'RP' }} />);

    await screen.findByRole('table');
    expect(names()).toEqual(['Verbandsgemeinde Eich', 'Verbandsgemeinde Wonnegau']);
    expect(screen.getByText(/2 Kommunen/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Einwohner/ }));
    await user.click(screen.getByRole('button', { name: /Einwohner/ }));
    expect(names()).toEqual(['Verbandsgemeinde Wonnegau', 'Verbandsgemeinde Eich']);
    expect(screen.getByText('27.000')).toBeInTheDocument();

    const query = new URL(api.requests[0]!.url).searchParams;
    expect(Object.fromEntries(query)).toEqual({ limit: '200', q: 'verbands', stateCode: 'RP' });
    expect(screen.getByText(t.readOnly)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: t.create })).not.toBeInTheDocument();
  });

  it('shows program administrators the create link, and an empty search in words', async () => {
    await signInAs('program_admin');
    fakeApi({ 'GET /v1/municipalities': { status: 200, body: { data: [], nextCursor: null } } });
    await renderPage(<MunicipalitiesPage search={{ q: 'gibt es nicht' }} />);
    expect(await screen.findByText(t.emptyFiltered)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: t.create })).toBeInTheDocument();
  });
});
