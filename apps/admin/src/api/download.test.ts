import { describe, expect, it } from 'vitest';
import { filenameFrom } from './download';

describe('filenameFrom', () => {
  it('takes the name the server gives', () => {
    expect(filenameFrom('attachment; filename="teilnehmende.csv"', 'x.csv')).toBe('teilnehmende.csv');
    expect(filenameFrom('inline; filename=einladung.png', 'x.png')).toBe('einladung.png');
  });

  it('prefers the UTF-8 name, so umlauts survive', () => {
    expect(
      filenameFrom(
        `attachment; filename="Teilnehmer.csv"; filename*=UTF-8''Teilnehmende%20W%C3%B6rrstadt.csv`,
        'x',
      ),
    ).toBe('Teilnehmende Wörrstadt.csv');
  });

  it('falls back when there is no usable header', () => {
    expect(filenameFrom(null, 'werkstatt.ics')).toBe('werkstatt.ics');
    expect(filenameFrom('attachment', 'werkstatt.ics')).toBe('werkstatt.ics');
  });
});
