import { randomBytes } from 'node:crypto';
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

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    DATABASE_POOL_MAX: int(1, 100, 5),
    /** Required by the BullMQ worker; dev mode without Redis uses the in-process runner instead. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    /** Key prefix of the BullMQ queues in Redis (tests give each file its own). */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _.:-')
      .default('werkstatt'),
    WORKER_CONCURRENCY: int(1, 64, 4),
    JOB_ATTEMPTS: int(1, 50, 8),
    /** First retry delay; each further retry waits twice as long. */
    JOB_BACKOFF_MS: int(10, 3_600_000, 10_000),
    /** How long a worker holds a job without renewing its lock before it counts as stalled. */
    JOB_LOCK_MS: int(500, 600_000, 30_000),
    STALLED_CHECK_MS: int(200, 600_000, 30_000),
    FAILED_JOBS_KEEP: int(100, 1_000_000, 10_000),
    OUTBOX_POLL_MS: int(20, 60_000, 1000),
    OUTBOX_BATCH_SIZE: int(1, 1000, 100),
    /** Upper bound of the relay's wait between attempts while Redis is unreachable. */
    OUTBOX_RETRY_MAX_MS: int(100, 3_600_000, 60_000),
    SHUTDOWN_GRACE_MS: int(100, 600_000, 25_000),
    APP_NAME: z.string().min(1).max(100).default('Digital-Werkstatt'),
    /** Where users log in (the admin app); linked from e-mails. */
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Key of the personal links in e-mails (confirm an address, cancel a registration): each link's
     * secret is derived from it, so a retried mail carries the same link. Only their hashes are stored.
     */
    LINK_SECRET: z.string().min(32).max(512).optional(),
    /** Days after a workshop ended until its registrations are anonymised (DSGVO). */
    REGISTRATION_RETENTION_DAYS: int(1, 3650, 90),
    MAIL_TRANSPORT: z.enum(['smtp', 'file']).optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: mailbox.optional(),
    MAIL_OUTBOX_DIR: z.string().min(1).max(1000).default('.data/mail'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    const production = c.NODE_ENV === 'production';
    const required = (key: keyof typeof c, why: string) => {
      if (c[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });
    };
    if (production) {
      required('APP_URL', 'in production (links in e-mails)');
      required('MAIL_FROM', 'in production');
      required('LINK_SECRET', 'in production (personal links in e-mails)');
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
