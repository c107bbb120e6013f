import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/werkstatt';
const base = { NODE_ENV: 'test', DATABASE_URL };

const ecKey = (namedCurve = 'P-256'): string =>
  generateKeyPairSync('ec', {
    namedCurve,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
const rsaKey = (): string =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
const sec1Key = (): string =>
  generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('accepts a minimal test environment and fills the defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      BODY_LIMIT_BYTES: 1024 * 1024,
      CORS_ORIGINS: [],
    });
    expect(config.TRUST_PROXY).toBe(false);
  });

  it.each(['abc', '70000', '-1', '80.5'])('PORT=%s is refused, naming PORT', (port) => {
    expect(configError({ ...base, PORT: port }).message).toMatch(/^\s+PORT: /m);
  });

  it('an empty variable counts as unset (PORT= means the default, not port 0)', () => {
    expect(loadConfig({ ...base, PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('a missing or empty DATABASE_URL is refused, naming it', () => {
    expect(configError({ NODE_ENV: 'test' }).message).toMatch(/DATABASE_URL/);
    expect(configError({ NODE_ENV: 'test', DATABASE_URL: '' }).message).toMatch(/DATABASE_URL/);
    expect(configError({ NODE_ENV: 'test', DATABASE_URL: 'mysql://db/werkstatt' }).message).toMatch(
      /DATABASE_URL/,
    );
  });

  it('every bad variable is named at once', () => {
    const message = configError({ NODE_ENV: 'test', PORT: 'x', RATE_LIMIT_PER_MINUTE: '0' }).message;
    for (const name of ['PORT', 'DATABASE_URL', 'RATE_LIMIT_PER_MINUTE']) expect(message).toContain(name);
  });

  it('production without JWT_PRIVATE_KEY is refused, naming it; production is the default', () => {
    expect(configError({ NODE_ENV: 'production', DATABASE_URL }).message).toMatch(/JWT_PRIVATE_KEY/);
    expect(configError({ DATABASE_URL }).message).toMatch(/JWT_PRIVATE_KEY/);
    expect(configError({ NODE_ENV: 'production', DATABASE_URL, JWT_PRIVATE_KEY: '' }).message).toMatch(
      /JWT_PRIVATE_KEY/,
    );
  });

  it('production without LINK_SECRET or APP_URL is refused, naming each (invitation links)', () => {
    const message = configError({ NODE_ENV: 'production', DATABASE_URL, JWT_PRIVATE_KEY: ecKey() }).message;
    expect(message).toMatch(/LINK_SECRET/);
    expect(message).toMatch(/WEBHOOK_SECRET_KEY/);
    expect(message).toMatch(/APP_URL/);
  });

  it('production with a P-256 key starts, also with the key on one line (\\n escaped)', () => {
    const key = ecKey();
    const links = {
      LINK_SECRET: 'l'.repeat(32),
      WEBHOOK_SECRET_KEY: 'w'.repeat(32),
      APP_URL: 'https://werkstatt.example/',
    };
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL, JWT_PRIVATE_KEY: key, ...links }).NODE_ENV,
    ).toBe('production');
    const oneLine = key.trim().replace(/\n/g, '\\n');
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL, JWT_PRIVATE_KEY: oneLine, ...links })
        .JWT_PRIVATE_KEY,
    ).toBe(key.trim());
  });

  it.each([
    ['not a key', 'definitely-not-a-pem-but-a-secret-value'],
    ['an RSA key', rsaKey()],
    ['a P-384 key', ecKey('P-384')],
    ['a P-256 key in SEC1 instead of PKCS#8', sec1Key()],
  ])('a JWT_PRIVATE_KEY that is %s is refused at boot without echoing it', (_name, key) => {
    const message = configError({ ...base, JWT_PRIVATE_KEY: key }).message;
    expect(message).toMatch(/JWT_PRIVATE_KEY/);
    expect(message).not.toContain(key.slice(0, 40));
  });

  it('TRUST_PROXY takes a hop count or addresses; "true" (trust anyone) is refused', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.0.2.1' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
    ]);
    expect(configError({ ...base, TRUST_PROXY: 'true' }).message).toMatch(/TRUST_PROXY/);
    expect(configError({ ...base, TRUST_PROXY: 'proxy.internal' }).message).toMatch(/TRUST_PROXY/);
  });

  it('CORS_ORIGINS is a comma-separated list', () => {
    expect(
      loadConfig({ ...base, CORS_ORIGINS: 'https://admin.example, https://portal.example' }).CORS_ORIGINS,
    ).toEqual(['https://admin.example', 'https://portal.example']);
  });

  it('server timeouts: headers no longer than the whole request', () => {
    expect(loadConfig(base)).toMatchObject({
      HEADERS_TIMEOUT_MS: 10_000,
      REQUEST_TIMEOUT_MS: 60_000,
      KEEP_ALIVE_TIMEOUT_MS: 72_000,
    });
    expect(
      configError({ ...base, HEADERS_TIMEOUT_MS: '30000', REQUEST_TIMEOUT_MS: '20000' }).message,
    ).toMatch(/HEADERS_TIMEOUT_MS: must not be longer than REQUEST_TIMEOUT_MS/);
  });
});
