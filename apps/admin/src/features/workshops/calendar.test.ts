import { describe, expect, it } from 'vitest';
import { isMonth, monthRange, monthWeeks, shiftMonth, workshopsByDay } from './calendar';

describe('month grid', () => {
  it('starts weeks on Monday and fills them with the neighbouring months', () => {
    // February 2027 starts on a Monday and has exactly four weeks.
    const feb = monthWeeks('2027-02');
    expect(feb).toHaveLength(4);
    expect(feb[0]![0]).toEqual({ date: '2027-02-01', day: 1, inMonth: true });
    expect(feb[3]![6]).toEqual({ date: '2027-02-28', day: 28, inMonth: true });

    // March 2027 starts on a Monday too, ends on a Wednesday: five weeks, April days at the end.
    const mar = monthWeeks('2027-03');
    expect(mar).toHaveLength(5);
    expect(mar[4]!.map((d) => d.date)).toEqual([
      '2027-03-29',
      '2027-03-30',
      '2027-03-31',
      '2027-04-01',
      '2027-04-02',
      '2027-04-03',
      '2027-04-04',
    ]);
    expect(mar[4]![3]!.inMonth).toBe(false);

    // August 2027 starts on a Sunday: six weeks, the first one mostly July.
    const aug = monthWeeks('2027-08');
    expect(aug).toHaveLength(6);
    expect(aug[0]![0]!.date).toBe('2027-07-26');
    expect(aug[0]![6]).toEqual({ date: '2027-08-01', day: 1, inMonth: true });
  });

  it('moves between months across the year', () => {
    expect(shiftMonth('2027-12', 1)).toBe('2028-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(shiftMonth('2027-05', 0)).toBe('2027-05');
    expect(isMonth('2027-02')).toBe(true);
    expect(isMonth('2027-13')).toBe(false);
    expect(isMonth('27-02')).toBe(false);
  });

  it('asks the API for the month in Berlin time', () => {
    expect(monthRange('2027-03')).toEqual({
      from: '2027-03-01T00:00:00+01:00',
      to: '2027-04-01T00:00:00+02:00',
    });
  });

  it('puts a workshop on each of its days', () => {
    const one = { id: 'a', days: [{ startsAtLocal: '2027-02-10T09:00:00' }] };
    const two = {
      id: 'b',
      days: [{ startsAtLocal: '2027-02-10T13:00:00' }, { startsAtLocal: '2027-02-11T09:00:00' }],
    };
    const byDay = workshopsByDay([one, two]);
    expect(byDay.get('2027-02-10')?.map((w) => w.id)).toEqual(['a', 'b']);
    expect(byDay.get('2027-02-11')?.map((w) => w.id)).toEqual(['b']);
    expect(byDay.has('2027-02-12')).toBe(false);
  });
});
