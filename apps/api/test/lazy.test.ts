import { describe, expect, it } from 'vitest';
import { lazy } from '../src/lib/lazy.js';

describe('lazy', () => {
  it('loads nothing until first used, then once for every caller, also those arriving together', async () => {
    let loads = 0;
    const value = lazy(async () => {
      loads += 1;
      return { loaded: loads };
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([value(), value()]);
    const c = await value();
    expect(loads).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('keeps no failed load: the caller sees the error, the next use loads again', async () => {
    let attempts = 0;
    const value = lazy(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('not there yet');
      return 'loaded';
    });
    await expect(value()).rejects.toThrow('not there yet');
    await expect(value()).resolves.toBe('loaded');
    await expect(value()).resolves.toBe('loaded');
    expect(attempts).toBe(2);
  });
});
