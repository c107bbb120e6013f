import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, generateWebhookSecret, signedHeaders } from '../src/index.js';

describe('webhook secrets', () => {
  it('are whsec_ with 24 random bytes, different every time', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('round-trip through encryption and refuse another key or a changed ciphertext', () => {
    const secret = generateWebhookSecret();
    const stored = encryptSecret(secret, 'key-one-that-is-long-enough-000');
    expect(stored).not.toContain(secret.slice(6));
    expect(decryptSecret(stored, 'key-one-that-is-long-enough-000')).toBe(secret);
    expect(() => decryptSecret(stored, 'another-key-that-is-long-enough')).toThrow();
    const [v, iv, tag, ct] = stored.split('.');
    const flipped = `${ct!.startsWith('A') ? 'B' : 'A'}${ct!.slice(1)}`;
    expect(() => decryptSecret([v, iv, tag, flipped].join('.'), 'key-one-that-is-long-enough-000')).toThrow();
  });
});

describe('signedHeaders', () => {
  it('signs id.timestamp.body with HMAC-SHA256 of the decoded secret (Standard Webhooks test vector)', () => {
    // The test vector of the Standard Webhooks specification.
    const headers = signedHeaders(
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('gives one signature per secret, space-separated', () => {
    const headers = signedHeaders([generateWebhookSecret(), generateWebhookSecret()], 'id', 1, '{}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => signedHeaders([], 'id', 1, '{}')).toThrow();
  });
});
