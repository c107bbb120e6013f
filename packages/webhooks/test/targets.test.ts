import { describe, expect, it } from 'vitest';
import { isAllowListed, isForbiddenAddress, parseAllowList } from '../src/index.js';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.1.1',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '[::1]',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each(['93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '::ffff:1.1.1.1'])('accepts %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('allow-list', () => {
  it('parses origins and matches by origin', () => {
    const list = parseAllowList(' http://127.0.0.1:4010, https://hook.example:8443/ ,');
    expect(list).toEqual(['http://127.0.0.1:4010', 'https://hook.example:8443']);
    expect(isAllowListed('http://127.0.0.1:4010/hooks?x=1', list)).toBe(true);
    expect(isAllowListed('http://127.0.0.1:4011/hooks', list)).toBe(false);
    expect(isAllowListed('https://127.0.0.1:4010/hooks', list)).toBe(false);
    expect(parseAllowList(undefined)).toEqual([]);
  });

  it('refuses entries that are not origins', () => {
    expect(() => parseAllowList('ftp://x.example')).toThrow();
    expect(() => parseAllowList('http://x.example/path')).toThrow();
    expect(() => parseAllowList('nonsense')).toThrow();
  });
});
