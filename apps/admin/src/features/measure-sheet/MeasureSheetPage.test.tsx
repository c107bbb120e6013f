import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { problem } from '../../test/render';
import { base, fieldB, measureFixture, sheetRoutes, showSheet, stepFixture } from './test-fixtures';

vi.setConfig({ testTimeout: 20_000 });
afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.measureSheet;
const f = t.form;
const save = () => screen.getByRole('button', { name: t.save });

describe('MeasureSheetPage for an editor', () => {
  it('shows every field of the fact sheet with German dates and euros', async () => {
    await showSheet(sheetRoutes(measureFixture()));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Freies WLAN im Bürgerhaus' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/^Titel/)).toHaveValue('Freies WLAN im Bürgerhaus');
    await waitFor(() =>
      expect(screen.getByLabelText(/^Handlungsfeld/)).toHaveDisplayValue('Digitale Infrastruktur'),
    );
    expect(screen.getByLabelText(/^Federführung/)).toHaveValue('Bauamt');
    expect(screen.getByLabelText(/^Startdatum/)).toHaveValue('15.01.2027');
    expect(screen.getByLabelText(/^Budget in Euro/)).toHaveValue('12.500');
    expect(screen.getByLabelText(/^Beginn/)).toHaveDisplayValue('sofort');
    expect(screen.getByLabelText(/^Status/)).toHaveDisplayValue('Geplant');
    expect(screen.getByLabelText(/^Fortschritt in Prozent/)).toHaveValue('0');
    for (const label of [
      f.participants,
      f.targetGroup,
      f.expectedResult,
      f.resources,
      f.fundingSource,
      f.grantProgram,
    ]) {
      expect(screen.getByLabelText(new RegExp(`^${label}`))).toHaveValue('');
    }
    expect(screen.getByRole('button', { name: t.peers })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.delete })).toBeInTheDocument();
  });

  it('saves the changed fields with If-Match and confirms', async () => {
    const saved = measureFixture({ title: 'WLAN überall', budgetCents: 2_000_050, actionFieldId: fieldB });
    const { api } = await showSheet({
      ...sheetRoutes(measureFixture()),
      [`PATCH ${base}`]: { status: 200, body: saved, headers: { etag: '"m2"' } },
    });
    const user = userEvent.setup();
    const title = await screen.findByLabelText(/^Titel/);
    await user.clear(title);
    await user.type(title, 'WLAN überall');
    await user.clear(screen.getByLabelText(/^Budget in Euro/));
    await user.type(screen.getByLabelText(/^Budget in Euro/), '20.000,50');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Bildung' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText(/^Handlungsfeld/), 'Bildung');
    await user.click(save());
    expect(await screen.findByText(t.saved)).toBeInTheDocument();
    const [patch] = api.filter((r) => r.method === 'PATCH');
    expect(patch?.headers.get('if-match')).toBe('"m1"');
    expect(await patch?.json()).toEqual({
      title: 'WLAN überall',
      actionFieldId: fieldB,
      budgetCents: 2_000_050,
    });
  });

  it('puts the API’s problems at the fields in German', async () => {
    await showSheet({
      ...sheetRoutes(measureFixture()),
      [`PATCH ${base}`]: {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [
            { path: 'body.grantProgram', message: 'Too big: expected string to have <=300 characters' },
          ],
        }),
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Förderprogramm/), 'LEADER');
    await user.click(save());
    await waitFor(() =>
      expect(screen.getByLabelText(/^Förderprogramm/)).toHaveAccessibleDescription(
        t.fieldErrors.grantProgram,
      ),
    );
    expect(screen.getByText(de.form.summaryTitle(1))).toBeInTheDocument();
  });

  it('checks dates before sending anything', async () => {
    const { api } = await showSheet(sheetRoutes(measureFixture()));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Enddatum/), '01.01.2026');
    await user.click(save());
    await waitFor(() =>
      expect(screen.getByLabelText(/^Enddatum/)).toHaveAccessibleDescription(
        expect.stringContaining(t.fieldErrors.endDate),
      ),
    );
    expect(api.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('shows the API’s refusal in German when a write is forbidden', async () => {
    await showSheet({
      ...sheetRoutes(measureFixture()),
      [`PATCH ${base}`]: { status: 403, body: problem(403, 'forbidden') },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Zielgruppe/), 'Vereine');
    await user.click(save());
    expect(await screen.findByRole('heading', { name: t.forbidden })).toBeInTheDocument();
  });

  it('opens the conflict dialog on 412 and reloads the other version', async () => {
    const theirs = measureFixture({
      title: 'WLAN in allen Ortsgemeinden',
      updatedAt: '2026-11-02T08:00:00.000Z',
    });
    await showSheet({
      ...sheetRoutes(measureFixture()),
      [`PATCH ${base}`]: {
        status: 412,
        body: problem(412, 'precondition_failed', { current: theirs, currentEtag: '"m9"' }),
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Beschreibung/), ' Mit Gastzugang.');
    await user.click(save());
    const dialog = await screen.findByRole('alertdialog', { name: de.ui.conflictTitle });
    expect(within(dialog).getByText(de.ui.conflictText)).toBeInTheDocument();
    expect(within(dialog).getByRole('listitem')).toHaveTextContent(f.title);
    await user.click(within(dialog).getByRole('button', { name: de.ui.conflictReload }));
    expect(screen.getByLabelText(/^Titel/)).toHaveValue('WLAN in allen Ortsgemeinden');
    expect(screen.getByLabelText(/^Beschreibung/)).toHaveValue('Access Points im Saal und im Foyer.');
  });

  it('adds, edits and removes indicators as part of the measure', async () => {
    const withIndicator = measureFixture({
      indicators: [
        { name: 'Hotspots', unit: 'Anzahl', baseline: 0, target: 4, currentValue: null, currentAsOf: null },
      ],
    });
    const { api } = await showSheet({
      ...sheetRoutes(withIndicator),
      [`PATCH ${base}`]: { status: 200, body: withIndicator, headers: { etag: '"m2"' } },
    });
    const user = userEvent.setup();
    expect(await screen.findByLabelText(/^Name/)).toHaveValue('Hotspots');
    await user.click(screen.getByRole('button', { name: t.indicators.add }));
    const second = screen.getByRole('group', { name: t.indicators.row(2) });
    expect(within(second).getByLabelText(/^Name/)).toHaveFocus();
    await user.type(within(second).getByLabelText(/^Name/), 'Nutzende pro Monat');
    await user.type(within(second).getByLabelText(/^Ausgangswert/), '0');
    await user.type(within(second).getByLabelText(/^Zielwert/), '1.500');
    await user.type(within(second).getByLabelText(/^Aktueller Wert/), '312,5');
    await user.type(within(second).getByLabelText(/^Stand vom/), '01.03.2027');
    await user.click(screen.getByRole('button', { name: t.indicators.remove('Hotspots') }));
    await user.click(save());
    await screen.findByText(t.saved);
    const [patch] = api.filter((r) => r.method === 'PATCH');
    expect(await patch?.json()).toEqual({
      indicators: [
        {
          name: 'Nutzende pro Monat',
          unit: null,
          baseline: 0,
          target: 1500,
          currentValue: 312.5,
          currentAsOf: '2027-03-01',
        },
      ],
    });
  });
});

describe('MeasureSheetPage for a viewer', () => {
  it('shows the same facts as a sheet, without inputs or buttons they cannot use', async () => {
    const m = measureFixture({
      progress: 50,
      progressSource: 'steps',
      stepsDone: 1,
      stepsTotal: 2,
      indicators: [
        {
          name: 'Hotspots',
          unit: 'Anzahl',
          baseline: 0,
          target: 4,
          currentValue: 2,
          currentAsOf: '2027-02-01',
        },
      ],
    });
    await showSheet(
      sheetRoutes(m, [stepFixture(1, { doneAt: '2027-01-20T10:00:00.000Z' }), stepFixture(2)]),
      {
        canEdit: false,
      },
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Freies WLAN im Bürgerhaus' }),
    ).toBeInTheDocument();
    expect(screen.getByText(t.readOnlyNote)).toBeInTheDocument();
    expect(screen.getByText('Bauamt')).toBeInTheDocument();
    expect(screen.getByText('12.500,00 €')).toBeInTheDocument();
    expect(screen.getByText('ab 15.01.2027')).toBeInTheDocument();
    expect(await screen.findByText('Schritt 2')).toBeInTheDocument();
    expect(screen.getByText(t.progress.fromSteps(1, 2, 50))).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Hotspots' })).toBeInTheDocument();
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual([t.peers]);
  });
});
