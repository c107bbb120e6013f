import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { MeasuresPage } from './MeasuresPage';
import type { MeasuresSearch } from './search';
import {
  bus,
  DIGITAL,
  inWorkspace,
  listPath,
  MOBILITY,
  MUNICIPALITY,
  measureFixture,
  measureRoutes,
  portal,
  wlan,
} from './test-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function show({
  search = {},
  canEdit = true,
  routes = {},
  measures = page([wlan, bus, portal]),
}: {
  search?: MeasuresSearch;
  canEdit?: boolean;
  routes?: Record<string, Reply | Reply[]>;
  measures?: Reply | ((request: Request, url: URL) => Reply);
} = {}) {
  const api = stubApi({ ...measureRoutes(measures), ...routes });
  const onSearch = vi.fn();
  const rendered = await renderInRouter(
    inWorkspace(<MeasuresPage search={search} onSearch={onSearch} />, canEdit),
    `/arbeitsbereich/${MUNICIPALITY}/massnahmen`,
  );
  await screen.findByRole('rowheader', { name: /Freies WLAN/ });
  // The field names come with the strategy's program.
  await screen.findByRole('option', { name: 'Mobilität' });
  return { api, onSearch, user: userEvent.setup(), ...rendered };
}

const rowOf = (title: RegExp) => screen.getByRole('rowheader', { name: title }).closest('tr') as HTMLElement;
const titlesInOrder = () =>
  screen.getAllByRole('rowheader').map((cell) => cell.querySelector('a')?.textContent);

describe('MeasuresPage', { timeout: 15_000 }, () => {
  it('lists each measure with its field, status, dates, progress and overdue marker, linking to the fact sheet', async () => {
    await show();
    expect(screen.getByRole('heading', { level: 1, name: de.measures.title })).toBeInTheDocument();
    expect(screen.getByText(de.measures.count(3))).toBeInTheDocument();

    const wlanRow = rowOf(/Freies WLAN/);
    expect(within(wlanRow).getByRole('link', { name: wlan.title })).toHaveAttribute(
      'href',
      `/arbeitsbereich/${MUNICIPALITY}/massnahmen/${wlan.id}`,
    );
    expect(wlanRow).toHaveTextContent('Digitalisierung');
    expect(wlanRow).toHaveTextContent('In Umsetzung');
    expect(wlanRow).toHaveTextContent('15.01.2026');
    expect(wlanRow).toHaveTextContent('30.06.2026');
    expect(
      within(wlanRow).getByRole('meter', { name: de.measures.progressLabel(wlan.title) }),
    ).toHaveAttribute('value', '40');
    expect(wlanRow).not.toHaveTextContent(de.measures.overdue);

    const busRow = rowOf(/Bürgerbus/);
    expect(busRow).toHaveTextContent('Mobilität');
    expect(busRow).toHaveTextContent(de.measures.overdue);
    expect(busRow).toHaveTextContent(de.measures.noDate);

    expect(rowOf(/Antragsportal/)).toHaveTextContent(de.measures.stepsOf(4, 4));
  });

  it('loads every page of the list, so sorting covers all measures', async () => {
    let call = 0;
    const { api } = await show({
      measures: (_request, url) => {
        call += 1;
        return call === 1
          ? page([wlan, bus], 'next-page')
          : url.searchParams.get('cursor') === 'next-page'
            ? page([portal])
            : { status: 400, body: problem(400, 'validation_failed') };
      },
    });
    await screen.findByRole('rowheader', { name: /Antragsportal/ });
    const urls = api.find('GET', listPath).map((r) => new URL(r.url));
    expect(urls.map((u) => u.searchParams.get('limit'))).toEqual(['200', '200']);
    expect(urls[1]?.searchParams.get('cursor')).toBe('next-page');
  });

  it('asks the API for the filters in the address', async () => {
    const { api } = await show({
      search: {
        feld: DIGITAL,
        status: 'in_progress',
        ueberfaellig: 'ja',
        suche: 'WLAN',
        sortierung: 'titel',
      },
    });
    const url = new URL(api.find('GET', listPath)[0]!.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      actionFieldId: DIGITAL,
      status: 'in_progress',
      overdue: 'true',
      q: 'WLAN',
      limit: '200',
    });
    // The form shows what the address says.
    expect(screen.getByLabelText(de.measures.filterSearch, { exact: false })).toHaveValue('WLAN');
    expect(screen.getByLabelText(de.measures.filterField)).toHaveValue(DIGITAL);
    expect(screen.getByLabelText(de.measures.filterStatus)).toHaveValue('in_progress');
    expect(screen.getByLabelText(de.measures.filterOverdue)).toHaveValue('ja');
  });

  it('applies the chosen filters to the address on submit, keeping the order', async () => {
    const { onSearch, user } = await show({ search: { sortierung: 'ende', richtung: 'ab' } });
    const fieldSelect = screen.getByLabelText(de.measures.filterField);
    // The chosen fields first, then the program's others.
    expect(
      within(fieldSelect)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([de.measures.all, 'Digitalisierung', 'Mobilität']);
    await user.selectOptions(fieldSelect, MOBILITY);
    await user.selectOptions(screen.getByLabelText(de.measures.filterStatus), 'planned');
    await user.selectOptions(screen.getByLabelText(de.measures.filterOverdue), 'nein');
    await user.type(screen.getByLabelText(de.measures.filterSearch, { exact: false }), '  Bus ');
    expect(onSearch).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: de.measures.apply }));
    expect(onSearch).toHaveBeenCalledWith({
      feld: MOBILITY,
      status: 'planned',
      ueberfaellig: 'nein',
      suche: 'Bus',
      sortierung: 'ende',
      richtung: 'ab',
    });
  });

  it('resets the filters but not the order', async () => {
    const { onSearch, user } = await show({
      search: { status: 'done', sortierung: 'titel', richtung: 'auf' },
    });
    await user.click(screen.getByRole('button', { name: de.measures.reset }));
    expect(onSearch).toHaveBeenCalledWith({ sortierung: 'titel', richtung: 'auf' });
  });

  it('says when no measure matches the filters', async () => {
    stubApi(measureRoutes(page([])));
    await renderInRouter(inWorkspace(<MeasuresPage search={{ status: 'dropped' }} onSearch={vi.fn()} />));
    expect(await screen.findByText(de.measures.emptyFiltered)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: de.measures.bulkLabel })).not.toBeInTheDocument();
  });

  it('sorts by the order in the address and writes a header click back to it', async () => {
    const { onSearch, user, unmount } = await show({ search: { sortierung: 'fortschritt', richtung: 'ab' } });
    expect(titlesInOrder()).toEqual([portal.title, wlan.title, bus.title]);
    expect(screen.getByRole('columnheader', { name: /Fortschritt/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await user.click(screen.getByRole('button', { name: /Zeitraum/ }));
    expect(onSearch).toHaveBeenCalledWith({ sortierung: 'ende', richtung: 'auf' });
    await user.click(screen.getByRole('button', { name: /Fortschritt/ }));
    expect(onSearch).toHaveBeenLastCalledWith({ sortierung: 'fortschritt', richtung: 'auf' });
    unmount();

    await show({ search: { sortierung: 'ende' } });
    expect(titlesInOrder()).toEqual([bus.title, wlan.title, portal.title]);
  });

  it('sorts statuses in their working order and titles the German way', async () => {
    const { unmount } = await show({ search: { sortierung: 'status' } });
    expect(titlesInOrder()).toEqual([bus.title, wlan.title, portal.title]);
    unmount();
    await show({
      search: { sortierung: 'titel' },
      measures: page([
        wlan,
        measureFixture({ id: '0190f1c2-7a1b-7cde-8f00-0000000000a9', title: 'Ärztehaus' }),
        bus,
      ]),
    });
    expect(titlesInOrder()).toEqual(['Ärztehaus', bus.title, wlan.title]);
  });
});

describe('MeasuresPage: bulk status change', { timeout: 15_000 }, () => {
  const bulkPath = `/v1/municipalities/${MUNICIPALITY}/measures/bulk-update`;

  it('changes the status of the selected measures and says how many changed', async () => {
    const { api, user } = await show({
      routes: {
        [`POST ${bulkPath}`]: {
          status: 200,
          body: {
            data: [
              { ...wlan, status: 'done' },
              { ...bus, status: 'done' },
            ],
          },
        },
      },
    });
    const bar = screen.getByRole('region', { name: de.measures.bulkLabel });
    expect(within(bar).getByText(de.measures.selected(0))).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: de.measures.selectRow(wlan.title) }));
    await user.click(screen.getByRole('checkbox', { name: de.measures.selectRow(bus.title) }));
    expect(within(bar).getByText(de.measures.selected(2))).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: de.measures.selectAll })).toBePartiallyChecked();

    await user.selectOptions(within(bar).getByLabelText(de.measures.newStatus), 'done');
    await user.click(within(bar).getByRole('button', { name: de.measures.changeStatus }));

    expect(await screen.findByText(de.measures.bulkDone(2, 'Abgeschlossen'))).toBeInTheDocument();
    const [request] = api.find('POST', bulkPath);
    expect(await request!.json()).toEqual({
      items: [
        { id: wlan.id, status: 'done' },
        { id: bus.id, status: 'done' },
      ],
    });
    // The selection is done with, and the list reloads.
    await waitFor(() => expect(within(bar).getByText(de.measures.selected(0))).toBeInTheDocument());
    await waitFor(() => expect(api.find('GET', listPath).length).toBeGreaterThan(1));
  });

  it('selects and deselects all rows at once', async () => {
    const { user } = await show();
    const all = screen.getByRole('checkbox', { name: de.measures.selectAll });
    await user.click(all);
    for (const m of [wlan, bus, portal]) {
      expect(screen.getByRole('checkbox', { name: de.measures.selectRow(m.title) })).toBeChecked();
    }
    expect(screen.getByText(de.measures.selected(3))).toBeInTheDocument();
    expect(all).toBeChecked();
    await user.click(all);
    expect(screen.getByRole('checkbox', { name: de.measures.selectRow(wlan.title) })).not.toBeChecked();
    expect(screen.getByText(de.measures.selected(0))).toBeInTheDocument();
  });

  it('asks for a selection and a status before sending anything', async () => {
    const { api, user } = await show();
    const bar = screen.getByRole('region', { name: de.measures.bulkLabel });
    await user.click(within(bar).getByRole('button', { name: de.measures.changeStatus }));
    expect(within(bar).getByRole('alert')).toHaveTextContent(de.measures.selectFirst);
    await user.click(screen.getByRole('checkbox', { name: de.measures.selectRow(wlan.title) }));
    await user.click(within(bar).getByRole('button', { name: de.measures.changeStatus }));
    expect(within(bar).getByRole('alert')).toHaveTextContent(de.measures.statusFirst);
    expect(api.find('POST', bulkPath)).toHaveLength(0);
  });

  it('names each measure that failed and why, when the API refuses the whole change', async () => {
    const { user } = await show({
      routes: {
        [`POST ${bulkPath}`]: {
          status: 422,
          body: problem(422, 'bulk_update_rejected', {
            items: [
              { index: 1, id: bus.id, code: 'not_found', detail: 'Measure was not found.' },
              { index: 0, id: wlan.id, code: 'precondition_failed', detail: 'changed' },
            ],
          }),
        },
      },
    });
    await user.click(screen.getByRole('checkbox', { name: de.measures.selectRow(wlan.title) }));
    await user.click(screen.getByRole('checkbox', { name: de.measures.selectRow(bus.title) }));
    const bar = screen.getByRole('region', { name: de.measures.bulkLabel });
    await user.selectOptions(within(bar).getByLabelText(de.measures.newStatus), 'on_hold');
    await user.click(within(bar).getByRole('button', { name: de.measures.changeStatus }));

    const alert = await within(bar).findByRole('alert');
    expect(alert).toHaveTextContent(de.measures.bulkRejected(2, 2));
    expect(alert).toHaveTextContent(`„${bus.title}“ ${de.measures.bulkFailures.not_found}`);
    expect(alert).toHaveTextContent(`„${wlan.title}“ ${de.measures.bulkFailures.precondition_failed}`);
    // Nothing changed, so the selection stays for another try.
    expect(within(bar).getByText(de.measures.selected(2))).toBeInTheDocument();
  });

  it('explains a refusal of the whole request in German', async () => {
    const { user } = await show({
      routes: { [`POST ${bulkPath}`]: { status: 403, body: problem(403, 'forbidden') } },
    });
    await user.click(screen.getByRole('checkbox', { name: de.measures.selectRow(wlan.title) }));
    const bar = screen.getByRole('region', { name: de.measures.bulkLabel });
    await user.selectOptions(within(bar).getByLabelText(de.measures.newStatus), 'done');
    await user.click(within(bar).getByRole('button', { name: de.measures.changeStatus }));
    expect(await within(bar).findByRole('alert')).toHaveTextContent(de.measures.bulkForbidden);
  });
});

describe('MeasuresPage: permissions', { timeout: 15_000 }, () => {
  it('shows a viewer the list without checkboxes, bulk bar or create button, but with the peer finder', async () => {
    await show({ canEdit: false });
    expect(screen.getByRole('rowheader', { name: /Bürgerbus/ })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: de.measures.bulkLabel })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: de.measures.create })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: de.measures.columns.select })).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: de.measures.actionsFor(wlan.title) })).getByRole('button', {
        name: new RegExp(de.measures.findPeers.replace('?', '\\?')),
      }),
    ).toBeInTheDocument();
  });

  it('offers the create button to editors', async () => {
    await show();
    expect(screen.getByRole('button', { name: de.measures.create })).toBeInTheDocument();
  });

  it('points to the strategy when there is none yet, without a create button', async () => {
    stubApi({
      ...measureRoutes(page([])),
      [`GET /v1/municipalities/${MUNICIPALITY}/strategy`]: { status: 404, body: problem(404, 'not_found') },
    });
    await renderInRouter(inWorkspace(<MeasuresPage search={{}} onSearch={vi.fn()} />));
    expect(await screen.findByText(de.measures.noStrategy)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: de.measures.toStrategy })).toHaveAttribute(
      'href',
      `/arbeitsbereich/${MUNICIPALITY}/strategie`,
    );
    expect(screen.queryByRole('button', { name: de.measures.create })).not.toBeInTheDocument();
  });

  it('shows a failed load with a retry', async () => {
    stubApi(measureRoutes({ status: 500, body: problem(500, 'internal') }));
    await renderInRouter(inWorkspace(<MeasuresPage search={{}} onSearch={vi.fn()} />));
    expect(await screen.findByText(de.ui.loadFailed)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: de.problems.retry })).toBeInTheDocument();
  });
});
