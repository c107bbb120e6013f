import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const base = { DATABASE_URL: 'postgres://werkstatt@db:5432/werkstatt' };

describe('worker config', () => {
  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'development', WORKER_CONCURRENCY: 'viele' })).toThrow(
      /WORKER_CONCURRENCY:/,
    );
    expect(() => loadConfig({ ...base, NODE_ENV: 'development', MAIL_TRANSPORT: 'pigeon' })).toThrow(
      /MAIL_TRANSPORT:/,
    );
    expect(() => loadConfig({ ...base, NODE_ENV: 'development', REDIS_URL: 'http://cache:6379' })).toThrow(
      /REDIS_URL:/,
    );
    expect(() => loadConfig({ NODE_ENV: 'development' })).toThrow(ConfigError);
  });

  it('has no mail defaults in production: SMTP, sender and login URL must be set', () => {
    let message = '';
    try {
      loadConfig({ ...base, REDIS_URL: 'redis://cache:6379' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/APP_URL: is required in production/);
    expect(message).toMatch(/MAIL_FROM: is required in production/);
    expect(message).toMatch(/SMTP_URL: is required when MAIL_TRANSPORT is smtp/);
    expect(message).toMatch(/LINK_SECRET: is required in production/);
    expect(message).toMatch(/WEBHOOK_SECRET_KEY: is required in production/);

    const config = loadConfig({
      ...base,
      REDIS_URL: 'redis://cache:6379',
      APP_URL: 'https://werkstatt.rlp.example/',
      MAIL_FROM: 'Digital-Werkstatt <no-reply@werkstatt.rlp.example>',
      SMTP_URL: 'smtps://user:secret@mail.example:465',
      LINK_SECRET: 'a-long-random-secret-of-at-least-32-chars',
      WEBHOOK_SECRET_KEY: 'another-long-random-key-of-at-least-32-chars',
    });
    expect(config).toMatchObject({
      MAIL_TRANSPORT: 'smtp',
      WORKER_CONCURRENCY: 4,
      JOB_ATTEMPTS: 8,
      LINK_SECRET: 'a-long-random-secret-of-at-least-32-chars',
      REGISTRATION_RETENTION_DAYS: 90,
    });
  });

  it('writes mail to files in development without further settings', () => {
    const config = loadConfig({ ...base, NODE_ENV: 'development' });
    expect(config).toMatchObject({
      MAIL_TRANSPORT: 'file',
      MAIL_OUTBOX_DIR: '.data/mail',
      MAIL_FROM: 'Digital-Werkstatt <no-reply@werkstatt.localhost>',
      APP_URL: 'http://localhost:5173/',
    });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('reads the webhook settings: allow-listed origins only, a fixed key outside production', () => {
    const config = loadConfig({
      ...base,
      NODE_ENV: 'development',
      WEBHOOK_ALLOWED_TARGETS: 'http://127.0.0.1:4010, https://Portal.example',
    });
    expect(config).toMatchObject({
      WEBHOOK_ALLOWED_TARGETS: ['http://127.0.0.1:4010', 'https://portal.example'],
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_MAX_ATTEMPTS: 18,
      WEBHOOK_DISABLE_AFTER_FAILURES: 50,
    });
    expect(config.WEBHOOK_SECRET_KEY.length).toBeGreaterThanOrEqual(32);
    expect(() =>
      loadConfig({
        ...base,
        NODE_ENV: 'development',
        WEBHOOK_ALLOWED_TARGETS: 'http://127.0.0.1:4010/hooks',
      }),
    ).toThrow(/WEBHOOK_ALLOWED_TARGETS:/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'development', WEBHOOK_SECRET_KEY: 'too-short' })).toThrow(
      /WEBHOOK_SECRET_KEY:/,
    );
  });
});
