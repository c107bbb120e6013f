import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook secrets and signatures the Standard Webhooks way (standardwebhooks.com): a secret is
 * `whsec_` + base64 of random bytes; a delivery is signed with HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` keyed with the secret's decoded bytes.
 */

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 24 random bytes, as the reference libraries generate. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('A webhook secret starts with whsec_');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** `v1,<base64 signature>` for one secret. */
export function signaturePart(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretBytes(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three headers of a delivery. Several secrets (the current one and, during a rotation's overlap,
 * the previous one) give several space-separated signatures; a receiver accepts any that matches.
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  if (secrets.length === 0) throw new Error('At least one secret is needed to sign');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signaturePart(s, id, timestampSeconds, body)).join(' '),
  };
}

// Secrets at rest: AES-256-GCM under a key derived from WEBHOOK_SECRET_KEY, since signing needs them
// in clear (a hash would not do). Format: v1.<iv>.<tag>.<ciphertext>, each base64url.
function aesKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function encryptSecret(secret: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(stored: string, key: string): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', aesKey(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
export { isAllowListed, isForbiddenAddress, parseAllowList } from './targets.js';
