import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { tracingConfigFields } from '@werkstatt/telemetry';
import { parseAllowList } from '@werkstatt/webhooks';
import { z } from 'zod';

const csv = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );

/** The PEM of a P-256 private key as PKCS#8, or a reason it is not one (never the key itself). */
function checkSigningKey(pem: string): string | null {
  if (!pem.startsWith('-----BEGIN PRIVATE KEY-----'))
    return 'must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)';
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      return 'must be an ES256 (P-256) private key';
    }
    return null;
  } catch {
    return 'is not a PEM-encoded PKCS#8 private key';
  }
}

const isProxyAddress = (v: string): boolean => {
  const [address, bits, ...rest] = v.split('/');
  if (rest.length > 0 || !address || !isIP(address)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 6 ? 128 : 32));
};

/**
 * Which proxies may set X-Forwarded-For: a hop count or their addresses/CIDRs. Trusting everyone
 * would let any client choose its own IP and walk around the per-IP limits, so that is not an option.
 */
const trustProxy = z
  .string()
  .max(2000)
  .transform((value, ctx): false | number | string[] => {
    const v = value.trim();
    if (v === 'false') return false;
    if (/^\d{1,2}$/.test(v)) return Number(v) === 0 ? false : Number(v);
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length > 0 && list.every(isProxyAddress)) return list;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a hop count (e.g. 1) or comma-separated proxy addresses/CIDRs (e.g. 10.0.0.0/8)',
    });
    return z.NEVER;
  });

/**
 * Every variable the API reads, each with a description: docs/configuration.md is generated from
 * them (`pnpm config:reference`), and a test fails when it is stale.
 */
export const configFields = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('production')
    .describe(
      'Mode: production (the default of `node apps/api/dist/server.js`) requires a signing key and a login role that row-level security binds; `pnpm dev` sets development.',
    ),
  HOST: z
    .string()
    .max(255)
    .default('0.0.0.0')
    .describe('Address the API listens on (`pnpm dev` uses localhost).'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('Port the API listens on.'),
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(10_000)
    .describe(
      "After SIGTERM, how long the requests in flight may take before the process exits without them (exit code 1), in ms. Keep it below the orchestrator's stop period.",
    ),
  PUBLIC_URL: z
    .url()
    .default('http://localhost:3000')
    .describe('The URL clients use, shown in the OpenAPI document.'),
  API_CONTACT_NAME: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default('Programmbüro Digital-Werkstatt')
    .describe(
      'Whom third parties contact about the API: the contact name in the OpenAPI document. Default "Programmbüro Digital-Werkstatt".',
    ),
  API_CONTACT_EMAIL: z
    .email()
    .max(254)
    .optional()
    .describe(
      'E-mail address of that contact in the OpenAPI document. Default: none, the document names only the contact.',
    ),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .describe(
      'PostgreSQL URL, `postgres://user:password@host:5432/database`. In production a login role that owns nothing and may only switch to werkstatt_app (no superuser, no BYPASSRLS): the API refuses to start otherwise.',
    ),
  DATABASE_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Database connections per API instance, at most.'),
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe(
      'Prepare each parameterised statement once per connection (`true` or `false`); `pnpm dev` turns it off for PGlite.',
    ),
  REPRESENTATION_CACHE_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(4096)
    .default(64)
    .describe(
      'Memory per API instance for stored measures-list and roadmap responses, in MB; 0 turns the cache off.',
    ),
  APP_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'Where people open the admin app and its public pages; invitation links and their QR codes point there (`APP_URL/einladung/{token}`). Required in production; `http://localhost:5173/` otherwise.',
    ),
  LINK_SECRET: z
    .string()
    .min(32)
    .max(512)
    .optional()
    .describe(
      "Key of the invitation links, at least 32 characters: each link's secret is derived from it and the invitation id, so its QR code can be drawn again; only the hashes are stored. Required in production; a fresh key per start otherwise. May be the worker's LINK_SECRET.",
    ),
  WEBHOOK_SECRET_KEY: z
    .string()
    .min(32)
    .max(512)
    .optional()
    .describe(
      "Key the webhook signing secrets are encrypted under (AES-256-GCM), at least 32 characters; the worker needs the same WEBHOOK_SECRET_KEY to sign deliveries. Required in production; a fixed development key otherwise. Changing it makes the stored secrets unreadable: rotate every subscription's secret afterwards.",
    ),
  WEBHOOK_ALLOWED_TARGETS: z
    .string()
    .max(4000)
    .default('')
    .refine((v) => {
      try {
        parseAllowList(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be comma-separated http(s) origins such as http://127.0.0.1:4010')
    .describe(
      'Comma-separated origins (`http://127.0.0.1:4010`) a webhook may be sent to as they are, plain http and local addresses included: for tests and local receivers. Every other target must be https and resolve only to public addresses. Default empty.',
    ),
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(168)
    .default(24)
    .describe(
      'After a webhook secret is rotated, how many hours deliveries are still signed with the old secret too, so a receiver can switch without losing any; 0 drops the old secret at once. A rotation may ask for another value. Default 24.',
    ),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe(
      'Redis URL, `redis://host:6379`: rate limits and login throttling are shared through it. Without it (dev mode) they count in memory per instance.',
    ),
  REDIS_KEY_PREFIX: z
    .string()
    .max(64)
    .default('werkstatt:')
    .describe(
      "Prefix of the API's keys and pub/sub channels in Redis; give the worker the same REDIS_KEY_PREFIX, since it announces document status changes on those channels.",
    ),
  JWT_PRIVATE_KEY: z
    .string()
    .max(10_000)
    // Env files and secret stores often carry the PEM on one line with literal "\n".
    .transform((pem) => pem.trim().replace(/\\n/g, '\n'))
    .superRefine((pem, ctx) => {
      const problem = checkSigningKey(pem);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .describe(
      'ES256 (P-256) private key as a PKCS#8 PEM that signs access tokens; one line with literal `\\n` works too. Required in production; generated per start in development.',
    ),
  JWT_KEY_ID: z
    .string()
    .min(1)
    .max(64)
    .default('werkstatt-1')
    .describe('Key id (`kid`) in the access tokens.'),
  JWT_ISSUER: z
    .string()
    .min(1)
    .max(255)
    .default('werkstatt')
    .describe('Issuer (`iss`) of the access tokens.'),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .max(255)
    .default('werkstatt-api')
    .describe('Audience (`aud`) of the access tokens.'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(3600)
    .default(900)
    .describe('Lifetime of an access token, in seconds.'),
  REFRESH_TOKEN_TTL_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe('Lifetime of a refresh token, in days.'),
  CORS_ORIGINS: csv
    .default([])
    .describe(
      "Comma-separated origins allowed to call the API from a browser with credentials and to use the refresh cookie, in addition to APP_URL's origin (always allowed); none by default.",
    ),
  TRUST_PROXY: trustProxy
    .default(false)
    .describe(
      'Which proxies may set X-Forwarded-For: `false`, a hop count (e.g. 1) or comma-separated proxy addresses/CIDRs. Never everyone: clients could pick their own address.',
    ),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Largest request body accepted, in bytes.'),
  HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(10_000)
    .describe(
      'Time a client has to send the complete request headers, in ms; a connection that trickles them is closed (408).',
    ),
  REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(60_000)
    .describe(
      'Time a client has to send the complete request, body included, in ms; at least HEADERS_TIMEOUT_MS.',
    ),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(72_000)
    .describe(
      'How long an idle keep-alive connection stays open, in ms; longer than the idle timeout of a load balancer in front (often 60 s).',
    ),
  DOCUMENT_EVENTS_POLL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(1500)
    .describe(
      'How often an open document event stream reads its document while Redis pub/sub does not reach it (no REDIS_URL, or Redis down), in ms. Default 1500.',
    ),
  DOCUMENT_EVENTS_RECHECK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(600_000)
    .default(20_000)
    .describe(
      'How often an open document event stream reads its document although pub/sub is live, in case a message was lost; this also ends a stream whose session ended. In ms, default 20000.',
    ),
  DOCUMENT_EVENTS_HEARTBEAT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(120_000)
    .default(15_000)
    .describe(
      'Interval of the comment line an open document event stream sends to keep proxies from closing it, in ms. Default 15000.',
    ),
  METRICS_TOKEN: z
    .string()
    .min(32)
    .max(512)
    .regex(/^\S+$/, 'must not contain whitespace (it is sent in a header)')
    .optional()
    .describe(
      "Bearer token of `GET /metrics` (Prometheus text format), 32 to 512 characters without whitespace; a scraper sends `Authorization: Bearer <METRICS_TOKEN>`, anything else gets 401. Unset (the default): no metrics endpoint, /metrics answers 404 like an unknown path. May be the worker's METRICS_TOKEN.",
    ),
  ...tracingConfigFields('werkstatt-api'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level.'),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(600)
    .describe('Requests per minute per client (token, key or address).'),
  API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe(
      'Requests per minute per API key whose own limit (`rateLimitPerMinute`) is not set; only program administrators may give a key more. Default: RATE_LIMIT_PER_MINUTE.',
    ),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(20)
    .describe(
      'Requests per minute per address and route on the public invitation endpoints (no account, so stricter).',
    ),
  OPEN_DATA_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(60)
    .describe(
      'Requests per minute per client address and route on the open-data downloads and the DCAT catalogue (no credentials). Default 60.',
    ),
  OPEN_DATA_LICENSE_ID: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default('dl-by-de/2.0')
    .describe(
      'Identifier of the license the open-data downloads are published under, as in the DCAT-AP.de license vocabulary. Default `dl-by-de/2.0` (Datenlizenz Deutschland – Namensnennung – Version 2.0).',
    ),
  OPEN_DATA_LICENSE_URL: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .default('http://dcat-ap.de/def/licenses/dl-by-de/2.0')
    .describe(
      'URI of that license: sent as `Link: <…>; rel="license"` with every download and as `dct:license` in the DCAT catalogue. Default http://dcat-ap.de/def/licenses/dl-by-de/2.0.',
    ),
  OPEN_DATA_LICENSE_NAME: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default('Datenlizenz Deutschland – Namensnennung – Version 2.0')
    .describe(
      'Name of that license in the JSON downloads. Default "Datenlizenz Deutschland – Namensnennung – Version 2.0".',
    ),
  OPEN_DATA_PUBLISHER: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default('Werkstatt-Programmbüro')
    .describe(
      'Who publishes the open data (`dct:publisher` of the DCAT catalogue). Default "Werkstatt-Programmbüro".',
    ),
  OPEN_DATA_ATTRIBUTION: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .default('Werkstatt-Programmbüro und die beteiligten Kommunen')
    .describe(
      'The attribution the license asks of re-users (`dcatde:licenseAttributionByText`, and `attributionText` in the JSON downloads). Default "Werkstatt-Programmbüro und die beteiligten Kommunen".',
    ),
  OPEN_DATA_CONTRIBUTOR_ID: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional()
    .describe(
      'The `dcatde:contributorID` GovData assigned to the publisher (a URI under http://dcat-ap.de/def/contributors/), named on each dataset of the DCAT catalogue. Default: none.',
    ),
  OPT_IN_RESEND_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(15)
    .describe(
      'Minutes before a repeated public registration of a still unconfirmed address mails the confirmation link again; default 15.',
    ),
  OPT_IN_MAILS_PER_ADDRESS_PER_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .describe(
      'Confirmation mails of public registrations one e-mail address receives in 24 hours, over all workshops; further requests are answered alike but send nothing. Default 10.',
    ),
  OPT_IN_MAILS_PER_WORKSHOP_PER_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(200)
    .describe(
      'Confirmation mails of public registrations one workshop sends in 24 hours; further requests are answered alike but record and send nothing. Default 200.',
    ),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(5)
    .describe(
      'Sign-in attempts on one account from one client address since its last successful sign-in, within the login throttle window; each is counted before the password is checked, and further attempts from that address get 429 until the window ends. Other addresses are not affected. Default 5.',
    ),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(30)
    .describe(
      'Sign-in attempts from one client address, for any accounts, within the login throttle window before 429. Default 30.',
    ),
  LOGIN_ACCOUNT_SLOWDOWN_AFTER: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(20)
    .describe(
      'Sign-in attempts on one account from all client addresses within the login throttle window after which the account slows down: addresses that already failed on it share one attempt per LOGIN_ACCOUNT_SLOWDOWN_INTERVAL_MS; an address without failures is never slowed. Default 20.',
    ),
  LOGIN_ACCOUNT_SLOWDOWN_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(2000)
    .describe(
      'While an account is slowed down, the milliseconds between two attempts on it from addresses that already failed (others get 429 with Retry-After). Default 2000.',
    ),
  AUTH_MAX_FAILURES_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(100)
    .describe(
      'Invalid bearer tokens or API keys per client address within LOGIN_THROTTLE_WINDOW_SECONDS before 429 (guessing keys).',
    ),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(900)
    .describe(
      'The window of the login throttle in seconds: per address, per account and address, and the per-account slow-down (also the bearer-failure count). Default 900.',
    ),
  ACCOUNT_INVITATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(720)
    .default(168)
    .describe(
      'How long the set-password link of an account invitation works, in hours; a new invitation voids the older link. Default 168 (7 days).',
    ),
  PASSWORD_RESET_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(1440)
    .default(60)
    .describe('How long the link of a password reset ("Passwort vergessen") works, in minutes. Default 60.'),
  PASSWORD_FLOW_MAX_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(20)
    .describe(
      'Password resets asked for and passwords set with a link, together, from one client address within PASSWORD_FLOW_WINDOW_SECONDS before 429. Default 20.',
    ),
  PASSWORD_RESET_MAX_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(3)
    .describe(
      'Password resets asked for one e-mail address (whether or not it has an account) within PASSWORD_FLOW_WINDOW_SECONDS before 429. Default 3.',
    ),
  PASSWORD_CHANGE_MAX_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe(
      'Attempts of a signed-in user to change their own password within PASSWORD_FLOW_WINDOW_SECONDS before 429 (guessing the current password). Default 10.',
    ),
  PASSWORD_FLOW_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(3600)
    .describe('The window of the password-flow limits, in seconds. Default 3600.'),
});

const configSchema = configFields.superRefine((c, ctx) => {
  if (c.NODE_ENV === 'production') {
    for (const key of ['JWT_PRIVATE_KEY', 'LINK_SECRET', 'WEBHOOK_SECRET_KEY', 'APP_URL'] as const) {
      if (!c[key]) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required in production (no default secrets or local addresses outside development)',
        });
      }
    }
  }
  if (c.HEADERS_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HEADERS_TIMEOUT_MS'],
      message: 'must not be longer than REQUEST_TIMEOUT_MS',
    });
  }
});

export type Config = z.infer<typeof configSchema>;

/** Requests per minute of an API key without a limit of its own. */
export const defaultApiKeyRateLimit = (
  c: Pick<Config, 'API_KEY_RATE_LIMIT_PER_MINUTE' | 'RATE_LIMIT_PER_MINUTE'>,
) => c.API_KEY_RATE_LIMIT_PER_MINUTE ?? c.RATE_LIMIT_PER_MINUTE;

export class ConfigError extends Error {}

/**
 * Parses the environment once at boot; a bad value names the variable. An empty variable counts as
 * unset (compose files pass `PORT=` for an unset PORT; coerced, that would be port 0).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = configSchema.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
