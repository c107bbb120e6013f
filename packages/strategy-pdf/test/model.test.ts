import { describe, expect, it } from 'vitest';
import { demoStrategy } from '../src/fixtures.js';
import {
  formatDate,
  formatLongDate,
  formatMoney,
  formatPeriod,
  renderStrategyPdf,
  StrategyDocument,
} from '../src/index.js';

describe('strategy document model', () => {
  it('rejects a measure of a field the strategy did not choose, before drawing anything', async () => {
    const doc = demoStrategy();
    const bad = { ...doc, measures: [{ ...doc.measures[0]!, actionFieldKey: 'tourismus' }] };
    const parsed = StrategyDocument.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['measures.0.actionFieldKey']);
    await expect(renderStrategyPdf(bad)).rejects.toThrow(/not one of the chosen action fields/);
  });

  it('rejects unknown keys, unbounded texts and impossible periods', () => {
    const doc = demoStrategy();
    const cases = [
      { ...doc, extra: true },
      { ...doc, strategy: { ...doc.strategy, title: 'x'.repeat(301) } },
      { ...doc, measures: [{ ...doc.measures[0]!, startDate: '2026-01-01', endDate: '2025-01-01' }] },
      { ...doc, measures: [{ ...doc.measures[0]!, budgetCents: 12.5 }] },
      { ...doc, workshops: [{ ...doc.workshops[0]!, start: '17:00', end: '09:00' }] },
    ];
    for (const input of cases) expect(StrategyDocument.safeParse(input).success).toBe(false);
  });

  it('fills optional values with null when they are left out', () => {
    const parsed = StrategyDocument.parse({
      municipality: { name: 'Ortsgemeinde Hochborn', kind: 'ortsgemeinde' },
      program: { name: 'Digital-Werkstatt' },
      strategy: { title: 'Hochborn digital', status: 'draft' },
      version: { label: 'Ergebnis der Werkstatt', createdAt: '2025-03-14T17:00:00+01:00' },
      actionFields: [
        { key: 'alltag', title: 'Alltagsleben', priority: 1, maturityNow: 0, maturityTarget: 2 },
      ],
      measures: [{ title: 'Dorf-App', actionFieldKey: 'alltag', rank: 1, status: 'planned' }],
    });
    expect(parsed.measures[0]).toMatchObject({ lead: null, budgetCents: null, progress: 0, steps: [] });
    expect(parsed.ideas).toEqual([]);
  });
});

describe('German formatting', () => {
  it('formats cents as euros the German way', () => {
    expect(formatMoney(100_000)).toBe('1.000\u00a0€');
    expect(formatMoney(123_456)).toBe('1.234,56\u00a0€');
    expect(formatMoney(0)).toBe('0\u00a0€');
  });

  it('formats dates and periods', () => {
    expect(formatDate('2025-03-14')).toBe('14.03.2025');
    expect(formatLongDate('2025-03-01')).toBe('1. März 2025');
    expect(formatPeriod('2025-04-01', '2026-12-31')).toBe('04/2025 – 12/2026');
    expect(formatPeriod('2025-04-01', null)).toBe('ab 04/2025');
  });
});
