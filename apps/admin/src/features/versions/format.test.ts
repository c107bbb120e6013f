import { describe, expect, it } from 'vitest';
import { documentFacts, formatBytes, statusWord } from './format';

describe('formatBytes', () => {
  it('uses German decimals and units', () => {
    expect(formatBytes(870)).toBe('870 Byte');
    expect(formatBytes(45_300)).toBe('45 kB');
    expect(formatBytes(1_400_000)).toBe('1,4 MB');
    expect(formatBytes(1_449_999)).toBe('1,4 MB');
    expect(formatBytes(12_000_000)).toBe('12 MB');
  });
});

describe('documentFacts', () => {
  it('says pages and size', () => {
    expect(documentFacts({ pageCount: 12, sizeBytes: 1_400_000 })).toBe('12 Seiten, 1,4 MB');
    expect(documentFacts({ pageCount: 1, sizeBytes: 98_000 })).toBe('1 Seite, 98 kB');
  });

  it('leaves out what is not known yet', () => {
    expect(documentFacts({ pageCount: null, sizeBytes: null })).toBe('');
  });
});

describe('statusWord', () => {
  it('names each status in German', () => {
    expect(['queued', 'rendering', 'ready', 'failed'].map((s) => statusWord(s as never))).toEqual([
      'in der Warteschlange',
      'wird erstellt',
      'fertig',
      'fehlgeschlagen',
    ]);
  });
});
