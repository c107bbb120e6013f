import { describe, expect, it } from 'vitest';
import { berlinDayStart, formatDateTime, germanDay, parseGermanDay } from './berlin';

describe('Berlin days', () => {
  it('finds the instant a Berlin day begins, in winter and in summer time', () => {
    expect(berlinDayStart('2026-11-21')).toBe('2026-11-20T23:00:00.000Z');
    expect(berlinDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    // The day the clocks go forward (29 March 2026) begins in winter time.
    expect(berlinDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(berlinDayStart('2026-03-29', 1)).toBe('2026-03-29T22:00:00.000Z');
    expect(berlinDayStart('2026-12-31', 1)).toBe('2026-12-31T23:00:00.000Z');
  });

  it('reads dates as people type them and refuses days that do not exist', () => {
    expect(parseGermanDay('21.11.2026')).toBe('2026-11-21');
    expect(parseGermanDay(' 1.2.27 ')).toBe('2027-02-01');
    expect(parseGermanDay('31.02.2026')).toBeNull();
    expect(parseGermanDay('2026-11-21')).toBeNull();
    expect(germanDay('2026-11-21')).toBe('21.11.2026');
  });

  it('shows an instant as dd.mm.yyyy HH:mm in Berlin', () => {
    expect(formatDateTime('2026-11-21T08:05:00.000Z')).toBe('21.11.2026 09:05');
  });
});
