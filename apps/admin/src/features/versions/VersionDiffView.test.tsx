import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { diffSections, diffSteps, formatValue } from './diff';
import { diffFixture } from './fixtures';
import { VersionDiffView } from './VersionDiffView';

const itemOf = (title: string) =>
  screen.getByRole('heading', { level: 4, name: new RegExp(title) }).closest('li')!;

describe('VersionDiffView', () => {
  it('shows each section with its items marked in words', () => {
    render(<VersionDiffView diff={diffFixture()} />);

    expect(screen.getByRole('heading', { level: 3, name: 'Strategie' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'Handlungsfelder und Ziele' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'Maßnahmen und Schritte' })).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 4, name: 'neu Freies WLAN im Bürgerhaus' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: 'entfernt Bildung' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: 'geändert Verwaltung' })).toBeInTheDocument();
    expect(screen.getByText('5 Änderungen')).toBeInTheDocument();
  });

  it('puts the old value left and the new one right, each named by its version', () => {
    render(<VersionDiffView diff={diffFixture()} />);
    const goal = within(itemOf('Verwaltung'));
    const row = goal.getByText('Ziel').closest('.vdiff-row') as HTMLElement;
    const [old, now] = row.querySelectorAll('.vdiff-cell');
    expect(old).toHaveClass('vdiff-old');
    expect(old).toHaveTextContent('Version 1: Alles digital');
    expect(now).toHaveClass('vdiff-new');
    expect(now).toHaveTextContent('Version 2: Alle Anträge online bis 2028');
  });

  it('formats money and dates in German, and marks steps added, removed and changed', () => {
    render(<VersionDiffView diff={diffFixture()} />);
    const measure = within(itemOf('Online-Terminvergabe'));
    const budget = measure.getByText('Budget').closest('.vdiff-row') as HTMLElement;
    expect(budget).toHaveTextContent('12.500,00 €');
    expect(budget).toHaveTextContent('15.000,00 €');
    const end = measure.getByText('Ende').closest('.vdiff-row') as HTMLElement;
    expect(end).toHaveTextContent('Version 1: —');
    expect(end).toHaveTextContent('Version 2: 30.06.2027');
    expect(measure.getByText('Schritt „Schulung der Mitarbeitenden“').parentElement).toHaveTextContent('neu');
    expect(measure.getByText('Schritt „Ausschreibung“').parentElement).toHaveTextContent('entfernt');
    expect(measure.getByText('Schritt „Anbieter auswählen“').parentElement).toHaveTextContent('geändert');
    expect(measure.getByText('Anbieter auswählen, erledigt')).toBeInTheDocument();
  });

  it('says so when nothing changed', () => {
    const diff = diffFixture();
    diff.strategy.changes = [];
    diff.fields = { added: [], removed: [], changed: [] };
    diff.measures = { added: [], removed: [], changed: [] };
    render(<VersionDiffView diff={diff} />);
    expect(
      screen.getByText('Zwischen diesen beiden Versionen hat sich nichts geändert.'),
    ).toBeInTheDocument();
  });
});

describe('diff model', () => {
  it('leaves out empty sections', () => {
    const diff = diffFixture();
    diff.strategy.changes = [];
    expect(diffSections(diff).map((s) => s.key)).toEqual(['fields', 'measures']);
  });

  it('formats values of the snapshot', () => {
    expect(formatValue('status', 'in_progress')).toBe('in Umsetzung');
    expect(formatValue('progress', 40)).toBe('40 %');
    expect(formatValue('maturityTarget', 3)).toBe('3 von 4');
    expect(formatValue('lead', null)).toBe('—');
    expect(
      formatValue('indicators', [
        {
          name: 'WLAN-Punkte',
          unit: 'Anzahl',
          baseline: 2,
          target: 10,
          currentValue: null,
          currentAsOf: null,
        },
      ]),
    ).toBe('WLAN-Punkte: Ausgangswert 2 Anzahl, Ziel 10 Anzahl');
    expect(
      formatValue('councilMeeting', {
        body: 'Verbandsgemeinderat',
        meetingOn: '2027-03-12',
        agendaItem: '4',
      }),
    ).toBe('Verbandsgemeinderat, Sitzung am 12.03.2027, TOP 4');
  });

  it('names the fields of a measure that moved, where their titles are known', () => {
    const diff = diffFixture();
    diff.measures.changed[0]!.changes = [{ field: 'actionFieldId', before: 'f-alt', after: 'f-neu' }];
    const titles = new Map([
      ['f-alt', 'Bildung'],
      ['f-neu', 'Verwaltung'],
    ]);
    const [row] = diffSections(diff, titles)
      .find((s) => s.key === 'measures')!
      .items.find((i) => i.mark === 'changed')!.rows;
    expect(row).toMatchObject({ label: 'Handlungsfeld', before: 'Bildung', after: 'Verwaltung' });
    expect(formatValue('actionFieldId', 'f-unbekannt')).toBe('anderes Handlungsfeld');
  });

  it('finds no step change when the steps are the same', () => {
    const steps = [{ id: 's1', title: 'A', dueOn: null, doneAt: null, order: 1 }];
    expect(diffSteps(steps, steps)).toEqual([]);
  });
});
