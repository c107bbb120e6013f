import { describe, expect, it } from 'vitest';
import {
  barPosition,
  dayNumber,
  dayPosition,
  quarterIndex,
  quarterOf,
  quarterStartDay,
  timelineFor,
  todayInQuarter,
  todayPosition,
} from './timeline';

describe('quarters', () => {
  it('counts quarters as year * 4 + 0..3, like the API and the PDF', () => {
    expect(quarterIndex('2027-01-01')).toBe(2027 * 4);
    expect(quarterIndex('2027-03-31')).toBe(2027 * 4);
    expect(quarterIndex('2027-04-01')).toBe(2027 * 4 + 1);
    expect(quarterIndex('2027-12-31')).toBe(2027 * 4 + 3);
    expect(quarterOf(2027 * 4 + 2)).toEqual({ index: 2027 * 4 + 2, year: 2027, number: 3, label: 'Q3 2027' });
    expect(quarterStartDay(2027 * 4 + 3)).toBe('2027-10-01');
    expect(quarterStartDay(2028 * 4)).toBe('2028-01-01');
  });

  it('numbers days without time zones', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2027-01-01') - dayNumber('2026-12-31')).toBe(1);
    // Across the change to summer time there is no 23-hour day.
    expect(dayNumber('2027-03-29') - dayNumber('2027-03-27')).toBe(2);
  });
});

describe('timelineFor', () => {
  it('always shows the whole current year', () => {
    const t = timelineFor([], '2026-12-05');
    expect(t.quarters.map((q) => q.label)).toEqual(['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026']);
    expect(t.startDay).toBe(dayNumber('2026-01-01'));
    expect(t.endDay).toBe(dayNumber('2027-01-01'));
  });

  it('reaches from the earliest start to the latest end quarter', () => {
    const t = timelineFor(
      [
        { start: '2025-11-15', end: '2026-02-01' },
        { start: '2027-01-01', end: '2028-05-31' },
      ],
      '2026-12-05',
    );
    expect(t.quarters[0]?.label).toBe('Q4 2025');
    expect(t.quarters.at(-1)?.label).toBe('Q2 2028');
    expect(t.quarters).toHaveLength(11);
  });
});

describe('positions', () => {
  const t = timelineFor([{ start: '2027-01-01', end: '2027-12-31' }], '2027-01-01');

  it('places a bar from the start of its first day to the end of its last', () => {
    expect(barPosition(t, { start: '2027-01-01', end: '2027-12-31' })).toEqual({ left: 0, width: 100 });
    const firstHalf = barPosition(t, { start: '2027-01-01', end: '2027-06-30' });
    expect(firstHalf.left).toBe(0);
    expect(firstHalf.width).toBeCloseTo((181 / 365) * 100, 5);
    const q3 = barPosition(t, { start: '2027-07-01', end: '2027-09-30' });
    expect(q3.left).toBeCloseTo((181 / 365) * 100, 5);
    expect(q3.width).toBeCloseTo((92 / 365) * 100, 5);
  });

  it('keeps a one-day bar visible and inside the chart', () => {
    const last = barPosition(t, { start: '2027-12-31', end: '2027-12-31' });
    expect(last.width).toBeGreaterThanOrEqual(0.6);
    expect(last.left + last.width).toBeLessThanOrEqual(100);
  });

  it('puts today on the line, or nowhere outside the chart', () => {
    expect(todayPosition(t, '2027-01-01')).toBe(0);
    expect(todayPosition(t, '2027-07-02')).toBeCloseTo((182 / 365) * 100, 5);
    expect(todayPosition(t, '2028-01-01')).toBeNull();
    expect(todayPosition(t, '2026-12-31')).toBeNull();
    expect(dayPosition(t, '2030-01-01')).toBe(100);
  });

  it('finds today inside its quarter for the flag over the axis', () => {
    expect(todayInQuarter('2026-10-01')).toEqual({ index: 2026 * 4 + 3, offset: 0 });
    expect(todayInQuarter('2026-11-16').offset).toBeCloseTo((46 / 92) * 100, 5);
  });
});
