import { describe, expect, it } from 'vitest';
import {
  addDays,
  berlinDate,
  berlinInstant,
  berlinTime,
  berlinWallTime,
  germanDate,
  parseGermanDate,
  parseTime,
} from './berlin-time';

describe('Berlin wall time → instant', () => {
  it('uses +01:00 in winter', () => {
    expect(berlinInstant('2027-02-10', '09:00')).toBe('2027-02-10T09:00:00+01:00');
    expect(new Date(berlinInstant('2027-02-10', '09:00')!).toISOString()).toBe('2027-02-10T08:00:00.000Z');
  });

  it('uses +02:00 in summer', () => {
    expect(berlinInstant('2027-07-01', '17:30')).toBe('2027-07-01T17:30:00+02:00');
    expect(new Date(berlinInstant('2027-07-01', '17:30')!).toISOString()).toBe('2027-07-01T15:30:00.000Z');
  });

  it('switches on the days the clocks change', () => {
    // 28 March 2027: 02:00 CET → 03:00 CEST.
    expect(berlinInstant('2027-03-28', '01:30')).toBe('2027-03-28T01:30:00+01:00');
    expect(berlinInstant('2027-03-28', '02:30')).toBeUndefined();
    expect(berlinInstant('2027-03-28', '09:00')).toBe('2027-03-28T09:00:00+02:00');
    // 31 October 2027: 03:00 CEST → 02:00 CET; the first 02:30 is summer time.
    expect(berlinInstant('2027-10-31', '02:30')).toBe('2027-10-31T02:30:00+02:00');
    expect(berlinInstant('2027-10-31', '09:00')).toBe('2027-10-31T09:00:00+01:00');
  });

  it('refuses incomplete input', () => {
    expect(berlinInstant('', '09:00')).toBeUndefined();
    expect(berlinInstant('2027-02-10', '')).toBeUndefined();
    expect(berlinInstant('0002-02-1', '09:00')).toBeUndefined();
  });
});

describe('instant → Berlin wall time', () => {
  it('reads the clock in Berlin, not in UTC', () => {
    expect(berlinWallTime('2027-02-10T23:30:00Z')).toBe('2027-02-11T00:30');
    expect(berlinDate('2027-07-01T22:15:00Z')).toBe('2027-07-02');
    expect(berlinTime('2027-07-01T07:00:00Z')).toBe('09:00');
  });

  it('round-trips a year of mornings', () => {
    for (let day = 0; day < 365; day++) {
      const date = addDays('2027-01-01', day);
      expect(berlinWallTime(berlinInstant(date, '09:15')!)).toBe(`${date}T09:15`);
    }
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});

describe('dates and times as typed in German', () => {
  it('reads dd.mm.yyyy and refuses dates that do not exist', () => {
    expect(parseGermanDate('10.02.2027')).toBe('2027-02-10');
    expect(parseGermanDate(' 1.3.2027 ')).toBe('2027-03-01');
    expect(parseGermanDate('29.02.2028')).toBe('2028-02-29');
    expect(parseGermanDate('29.02.2027')).toBeUndefined();
    expect(parseGermanDate('31.04.2027')).toBeUndefined();
    expect(parseGermanDate('10.02.27')).toBeUndefined();
    expect(parseGermanDate('2027-02-10')).toBeUndefined();
    expect(germanDate('2027-02-10')).toBe('10.02.2027');
  });

  it('reads the 24-hour clock', () => {
    expect(parseTime('9:00')).toBe('09:00');
    expect(parseTime('16.30')).toBe('16:30');
    expect(parseTime('17:00 Uhr')).toBe('17:00');
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('9 Uhr')).toBeUndefined();
    expect(parseTime('4:30 PM')).toBeUndefined();
  });
});
