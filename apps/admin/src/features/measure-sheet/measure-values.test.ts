import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { problem } from '../../test/render';
import {
  changesOf,
  euroCentsOf,
  euroText,
  measureProblem,
  numberOf,
  onlyRollupChanged,
  valuesOf,
} from './measure-values';
import { moveStep } from './step-writes';
import { measureFixture, stepFixture } from './test-fixtures';

const f = de.measureSheet.fieldErrors;

describe('euro amounts', () => {
  it('reads German amounts as cents and writes them back as typed', () => {
    expect(euroCentsOf('12.500')).toBe(1_250_000);
    expect(euroCentsOf('12500,5')).toBe(1_250_050);
    expect(euroCentsOf('12.500,50 €')).toBe(1_250_050);
    expect(euroCentsOf('0,99')).toBe(99);
    for (const bad of ['12,505', '-5', '12.5', 'zwölf', '1.23.456']) expect(euroCentsOf(bad)).toBeNull();
    expect(euroText(1_250_000)).toBe('12.500');
    expect(euroText(1_250_050)).toBe('12.500,50');
  });

  it('reads German decimals for indicators', () => {
    expect(numberOf('1.234,5')).toBe(1234.5);
    expect(numberOf('-3')).toBe(-3);
    expect(numberOf('12,75')).toBe(12.75);
    expect(numberOf('12.5')).toBeNull();
  });
});

describe('changesOf', () => {
  it('sends only what changed, dates as ISO days and the budget in cents', () => {
    const m = measureFixture();
    const values = {
      ...valuesOf(m),
      title: ' WLAN im Bürgerhaus ',
      endDate: '31.12.2027',
      budget: '20.000,50',
    };
    expect(changesOf(values, m)).toEqual({
      body: { title: 'WLAN im Bürgerhaus', endDate: '2027-12-31', budgetCents: 2_000_050 },
    });
  });

  it('checks dates, amounts, progress and indicator rows before sending', () => {
    const m = measureFixture();
    const values = {
      ...valuesOf(m),
      title: '',
      startDate: '31.02.2027',
      endDate: '01.01.2020',
      budget: '12,345',
      progress: '120',
      indicators: [
        { key: 'a', name: '', unit: '', baseline: 'viel', target: '', currentValue: '3', currentAsOf: '' },
      ],
    };
    const result = changesOf(values, m);
    expect(result).toEqual({
      errors: {
        title: de.measureSheet.missing.title,
        startDate: f.startDate,
        budgetCents: f.budgetCents,
        progress: f.progress,
        'indicators.0.name': de.measureSheet.missing.indicatorName,
        'indicators.0.baseline': f.indicatorNumber,
        'indicators.0.currentAsOf': de.measureSheet.missing.currentAsOf,
      },
    });
  });

  it('never sends a progress that follows from the steps', () => {
    const m = measureFixture({ progressSource: 'steps', progress: 50, stepsTotal: 2, stepsDone: 1 });
    const result = changesOf({ ...valuesOf(m), progress: '80', status: 'in_progress' }, m);
    expect(result).toEqual({ body: { status: 'in_progress' } });
  });

  it('sends the whole indicator list when a row changed', () => {
    const m = measureFixture();
    const values = {
      ...valuesOf(m),
      indicators: [
        {
          key: 'a',
          name: 'Ortsgemeinden mit WLAN',
          unit: 'Anzahl',
          baseline: '2',
          target: '12',
          currentValue: '5,5',
          currentAsOf: '01.03.2027',
        },
      ],
    };
    expect(changesOf(values, m)).toEqual({
      body: {
        indicators: [
          {
            name: 'Ortsgemeinden mit WLAN',
            unit: 'Anzahl',
            baseline: 2,
            target: 12,
            currentValue: 5.5,
            currentAsOf: '2027-03-01',
          },
        ],
      },
    });
  });
});

describe('the roll-up and problems', () => {
  it('tells a ticked step from another person’s edit', () => {
    const m = measureFixture();
    const ticked = { ...m, progress: 50, progressSource: 'steps' as const, stepsDone: 1, stepsTotal: 2 };
    expect(onlyRollupChanged(m, ticked)).toBe(true);
    expect(onlyRollupChanged(m, { ...ticked, title: 'Anders' })).toBe(false);
  });

  it('puts the API’s problems at the indicator rows and says a refusal in German', () => {
    const bad = problem(400, 'validation_failed', {
      errors: [
        { path: 'body.indicators.1.currentAsOf', message: 'currentValue and currentAsOf are given together' },
        { path: 'body.endDate', message: 'must not be before startDate' },
      ],
    });
    expect(measureProblem(bad, 2)).toEqual({
      fields: { 'indicators.1.currentAsOf': f.indicatorDate, endDate: f.endDate },
      message: null,
    });
    expect(measureProblem(problem(403, 'forbidden'), 0)).toEqual({
      fields: {},
      message: de.measureSheet.forbidden,
    });
    expect(measureProblem(problem(422, 'progress_derived_from_steps'), 0).fields).toEqual({
      progress: f.progressFromSteps,
    });
  });
});

describe('moveStep', () => {
  it('renumbers the list in its new order and changes only what moved', () => {
    const steps = [stepFixture(1), stepFixture(2), stepFixture(3)];
    const plan = moveStep(steps, 0, 1);
    expect(plan?.list.map((s) => s.title)).toEqual(['Schritt 2', 'Schritt 1', 'Schritt 3']);
    expect(plan?.changes.map((c) => [c.step.title, c.order])).toEqual([
      ['Schritt 2', 1],
      ['Schritt 1', 2],
    ]);
    expect(moveStep(steps, 0, -1)).toBeNull();
    expect(moveStep(steps, 2, 1)).toBeNull();
  });
});
