import { randomBytes } from 'node:crypto';
import { tracingConfigFields } from '@werkstatt/telemetry';
import { parseAllowList } from '@werkstatt/webhooks';
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

// "Name <address>" or a bare address: what nodemailer accepts as a sender.
const mailbox = z
  .string()
  .max(320)
  .regex(
    /^(?:[^<>]{0,200}<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/,
    'must be "Name <address>" or an address',
  );

/**
 * Every variable the worker reads, each with a description: docs/configuration.md is generated from
 * them (`pnpm config:reference`), and a test fails when it is stale.
 */
export const configFields = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('production')
    .describe(
      'Mode: production (the default of `node apps/worker/dist/main.js`) requires the mail settings and LINK_SECRET and a login role that row-level security binds.',
    ),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .describe(
      "PostgreSQL URL; the API's login role serves (no superuser, no BYPASSRLS, may switch to werkstatt_app): the worker refuses to start in production otherwise.",
    ),
  DATABASE_POOL_MAX: int(1, 100, 5).describe(
    'Database connections per worker process, at most; besides them, one short-lived connection while a failed job checks whether Postgres answers.',
  ),
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe(
      'Prepare each parameterised statement once per connection (`true` or `false`); `pnpm dev` turns it off for PGlite.',
    ),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe(
      'Redis URL of the BullMQ queues; required by the worker process (`pnpm dev` without Redis runs jobs in process instead).',
    ),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _.:-')
    .default('werkstatt')
    .describe('Key prefix of the BullMQ queues in Redis.'),
  REDIS_KEY_PREFIX: z
    .string()
    .max(64)
    .default('werkstatt:')
    .describe(
      "The API's REDIS_KEY_PREFIX, set to the same value: the worker announces a strategy document's status changes on Redis channels under it, which the API's event streams (`GET /v1/documents/{id}/events`) listen to.",
    ),
  WORKER_CONCURRENCY: int(1, 64, 4).describe('Jobs one worker process runs at once, per queue.'),
  JOB_ATTEMPTS: int(1, 50, 8).describe('Attempts of a job before it counts as failed.'),
  JOB_BACKOFF_MS: int(10, 3_600_000, 10_000).describe(
    'Wait before the first retry of a failed job, in ms; each further retry waits twice as long. Also the first wait of a job postponed because Postgres did not answer (JOB_POSTPONEMENTS).',
  ),
  JOB_POSTPONEMENTS: int(0, 10_000, 60).describe(
    'Runs of a job that may be put back without using an attempt while Postgres does not answer; with the default waits 60 span about an hour. Beyond them such runs count as failed attempts again, so a job whose query crashes the server stops. 0 never postpones.',
  ),
  JOB_LOCK_MS: int(500, 600_000, 30_000).describe(
    'How long a worker holds a job without renewing its lock before it counts as stalled, in ms.',
  ),
  STALLED_CHECK_MS: int(200, 600_000, 30_000).describe('Interval of the check for stalled jobs, in ms.'),
  FAILED_JOBS_KEEP: int(100, 1_000_000, 10_000).describe(
    'Failed jobs kept per queue for inspection and retry.',
  ),
  OUTBOX_POLL_MS: int(20, 60_000, 1000).describe(
    'Interval at which the relay looks for new outbox rows, in ms.',
  ),
  OUTBOX_BATCH_SIZE: int(1, 1000, 100).describe('Outbox rows the relay moves to the queues per round.'),
  OUTBOX_RETRY_MAX_MS: int(100, 3_600_000, 60_000).describe(
    "Upper bound of the relay's wait between attempts while Redis or Postgres is unreachable, and of a job's wait while it is postponed for an unreachable Postgres, in ms.",
  ),
  SHUTDOWN_GRACE_MS: int(100, 600_000, 25_000).describe(
    'After SIGTERM, how long the jobs in hand may take before the process exits without them, in ms.',
  ),
  APP_NAME: z
    .string()
    .min(1)
    .max(100)
    .default('Digital-Werkstatt')
    .describe('Name of the program in e-mails.'),
  APP_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'Where users sign in (the admin app), linked from e-mails. Required in production; `http://localhost:5173/` otherwise.',
    ),
  LINK_SECRET: z
    .string()
    .min(32)
    .max(512)
    .optional()
    .describe(
      "Key of the personal links in e-mails (confirm an address, cancel a registration, set or reset a password), at least 32 characters: each link's secret is derived from it, only their hashes are stored. Required in production; a fresh key per start otherwise.",
    ),
  REGISTRATION_RETENTION_DAYS: int(1, 3650, 90).describe(
    'Days after a workshop ended until its registrations are anonymised.',
  ),
  WEBHOOK_RETENTION_DAYS: int(1, 3650, 30).describe(
    'Days a webhook event, its deliveries and their log are kept once every delivery has settled; the nightly scan deletes older ones.',
  ),
  MAIL_TRANSPORT: z
    .enum(['smtp', 'file'])
    .optional()
    .describe(
      'How e-mail leaves: `smtp` (the default in production) or `file` (.eml files in MAIL_OUTBOX_DIR).',
    ),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .describe(
      'Mail server, `smtps://user:password@host:465`; required when MAIL_TRANSPORT is smtp (the default in production).',
    ),
  MAIL_FROM: mailbox
    .optional()
    .describe('Sender of the e-mails, `Name <address>` or an address. Required in production.'),
  MAIL_OUTBOX_DIR: z
    .string()
    .min(1)
    .max(1000)
    .default('.data/mail')
    .describe('Directory of the .eml files when MAIL_TRANSPORT is file.'),
  WEBHOOK_SECRET_KEY: z
    .string()
    .min(32)
    .max(512)
    .optional()
    .describe(
      "The API's WEBHOOK_SECRET_KEY, set to the same value: the key the webhook signing secrets are stored encrypted under, at least 32 characters. Required in production; outside production a fixed development key that the API uses as well.",
    ),
  WEBHOOK_ALLOWED_TARGETS: z
    .string()
    .max(4000)
    .default('')
    .describe(
      "The API's WEBHOOK_ALLOWED_TARGETS, set to the same value: comma-separated origins (`http://127.0.0.1:4010`) that webhooks may be delivered to although they resolve to a private, loopback or otherwise internal address; only these may use http.",
    ),
  WEBHOOK_TIMEOUT_MS: int(100, 60_000, 10_000).describe(
    'How long one webhook delivery attempt may take in total (connect, answer, body), in ms.',
  ),
  WEBHOOK_MAX_ATTEMPTS: int(1, 50, 18).describe(
    'Attempts of a webhook delivery before it counts as failed (with the default backoff about a day).',
  ),
  WEBHOOK_BACKOFF_BASE_MS: int(10, 3_600_000, 10_000).describe(
    'Wait before the second attempt of a webhook delivery, in ms; each further one waits twice as long (up to WEBHOOK_BACKOFF_MAX_MS), each shortened by a random jitter of up to half.',
  ),
  WEBHOOK_BACKOFF_MAX_MS: int(10, 86_400_000, 14_400_000).describe(
    'Longest wait between two attempts of a webhook delivery before jitter, in ms.',
  ),
  WEBHOOK_DISABLE_AFTER_FAILURES: int(1, 100_000, 50).describe(
    'Failed attempts in a row (across deliveries) after which a webhook subscription is disabled and its owner told by e-mail.',
  ),
  WEBHOOK_CONCURRENCY: int(1, 256, 16).describe(
    'Webhook jobs one worker process runs at once (they mostly wait on the network); a job of first attempts sends up to WEBHOOK_BATCH_SIZE deliveries at once.',
  ),
  WEBHOOK_BATCH_SIZE: int(1, 100, 20).describe(
    "First attempts of one event's deliveries (to subscriptions of the same municipality) that one job takes, sends at once and records together; 1 gives each delivery a job of its own.",
  ),
  WORKER_METRICS_PORT: int(0, 65535, 9464).describe(
    "Port of the worker's own small HTTP server: `GET /metrics` (Prometheus text format: jobs, webhook deliveries, outbox backlog, process) and `GET /healthz` (200 while the worker runs, 503 once it shuts down; for a container healthcheck). 0 turns the server off. A port that cannot be bound is logged and the worker runs on without it.",
  ),
  WORKER_METRICS_HOST: z
    .string()
    .max(255)
    .default('127.0.0.1')
    .describe(
      'Address that server listens on. Default 127.0.0.1: only the machine or container itself (its healthcheck) reaches it. Set 0.0.0.0 for Prometheus in another container or host, together with METRICS_TOKEN; never publish the port.',
    ),
  METRICS_TOKEN: z
    .string()
    .min(32)
    .max(512)
    .regex(/^\S+$/, 'must not contain whitespace (it is sent in a header)')
    .optional()
    .describe(
      "When set, `GET /metrics` of the worker requires `Authorization: Bearer <METRICS_TOKEN>` (32 to 512 characters without whitespace; may be the API's METRICS_TOKEN), anything else gets 401. Unset (the default): the worker's metrics are served without a token, since its port is meant to be reachable only inside the deployment; set a token whenever others can reach it. /healthz never needs one.",
    ),
  ...tracingConfigFields('werkstatt-worker'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level.'),
});

/**
 * The development key of webhook secrets, the API's DEVELOPMENT_WEBHOOK_SECRET_KEY: outside production
 * both use it, so the worker reads what the API stored. Never used in production (the variable is required).
 */
export const DEV_WEBHOOK_SECRET_KEY = 'werkstatt-development-webhook-secret-key-not-for-production';

function allowListOrNone(value: string): readonly string[] {
  try {
    return parseAllowList(value);
  } catch {
    return [];
  }
}

const configSchema = configFields
  .superRefine((c, ctx) => {
    const production = c.NODE_ENV === 'production';
    const required = (key: keyof typeof c, why: string) => {
      if (c[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });
    };
    if (production) {
      required('APP_URL', 'in production (links in e-mails)');
      required('MAIL_FROM', 'in production');
      required('LINK_SECRET', 'in production (personal links in e-mails)');
      required('WEBHOOK_SECRET_KEY', 'in production (webhook signing secrets)');
    }
    try {
      parseAllowList(c.WEBHOOK_ALLOWED_TARGETS);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_ALLOWED_TARGETS'], message: (err as Error).message });
    }
    if ((c.MAIL_TRANSPORT ?? (production ? 'smtp' : 'file')) === 'smtp') {
      required('SMTP_URL', 'when MAIL_TRANSPORT is smtp (the default in production)');
    }
  })
  .transform((c) => {
    const production = c.NODE_ENV === 'production';
    return {
      ...c,
      APP_URL: c.APP_URL ?? 'http://localhost:5173/',
      // Outside production a fresh key per start: links from an earlier run stop working, nothing else.
      LINK_SECRET: c.LINK_SECRET ?? randomBytes(32).toString('base64url'),
      MAIL_TRANSPORT: c.MAIL_TRANSPORT ?? (production ? 'smtp' : 'file'),
      MAIL_FROM: c.MAIL_FROM ?? `${c.APP_NAME} <no-reply@werkstatt.localhost>`,
      // Outside production a fixed key, shared with the API's dev default, so secrets the API stored
      // can be read after a restart of either.
      WEBHOOK_SECRET_KEY: c.WEBHOOK_SECRET_KEY ?? DEV_WEBHOOK_SECRET_KEY,
      // Validated above: a bad entry is an issue, so this never throws on a config that is returned.
      WEBHOOK_ALLOWED_TARGETS: allowListOrNone(c.WEBHOOK_ALLOWED_TARGETS),
    };
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once at boot; a bad value names the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
