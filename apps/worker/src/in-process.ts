import { type Database, outbox, scopedDatabase } from '@werkstatt/db';
import { InvalidJobError, type PublishDocumentChange } from '@werkstatt/jobs';
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Config } from './config.js';
import { type Handlers, handledQueues, runJob } from './handlers.js';
import { errorMessage, type Logger, silentLogger } from './logger.js';
import { createMailer, createMemorySentMailLog, type Mailer } from './mail/mailer.js';
import { createPollingLoop, type PollingLoop } from './polling.js';
import { createHandlers } from './registry.js';
import { startInProcessSchedules } from './schedules.js';

// Retries wait JOB_BACKOFF_MS · 2^(attempt - 1), as BullMQ's exponential backoff, but at most a day.
const MAX_BACKOFF_MS = 24 * 3600 * 1000;

export type InProcessConfig = Pick<
  Config,
  | 'APP_NAME'
  | 'APP_URL'
  | 'LINK_SECRET'
  | 'REGISTRATION_RETENTION_DAYS'
  | 'WEBHOOK_RETENTION_DAYS'
  | 'MAIL_TRANSPORT'
  | 'SMTP_URL'
  | 'MAIL_FROM'
  | 'MAIL_OUTBOX_DIR'
  | 'OUTBOX_POLL_MS'
  | 'OUTBOX_RETRY_MAX_MS'
  | 'WORKER_CONCURRENCY'
  | 'JOB_ATTEMPTS'
  | 'JOB_BACKOFF_MS'
  | 'JOB_LOCK_MS'
  | 'WEBHOOK_ALLOWED_TARGETS'
  | 'WEBHOOK_SECRET_KEY'
  | 'WEBHOOK_TIMEOUT_MS'
  | 'WEBHOOK_MAX_ATTEMPTS'
  | 'WEBHOOK_BACKOFF_BASE_MS'
  | 'WEBHOOK_BACKOFF_MAX_MS'
  | 'WEBHOOK_DISABLE_AFTER_FAILURES'
>;

export interface InProcessRunnerOptions {
  db: Database;
  config: InProcessConfig;
  log?: Logger;
  /** Defaults to the production handlers (createHandlers) with a mailer from config. */
  handlers?: Handlers;
  mailer?: Mailer;
  /** Dev mode with Redis: announces document status changes to the API's event streams. */
  publishDocumentChange?: PublishDocumentChange;
}

export interface FailedOutboxJob {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
}

export interface InProcessRunner extends PollingLoop {
  /** Claims and runs one batch of due jobs; returns how many ran. */
  runOnce(): Promise<number>;
  /** Jobs that used up their attempts, newest first. */
  failedJobs(limit?: number): Promise<FailedOutboxJob[]>;
}

/**
 * Dev mode without Redis: the production handlers, fed straight from the outbox.
 *
 * A job is claimed in a short transaction (attempts + 1, available_at pushed out by a lease of
 * JOB_LOCK_MS), run outside any transaction — so it works with a pool of one connection — and then
 * marked done (dispatched_at) or scheduled again with exponential backoff. A process that dies mid-job
 * leaves the row to be claimed again when the lease ends, like a stalled BullMQ job. In this mode
 * `attempts` counts handler runs; a row that used them all stays undispatched with its last error.
 */
export function createInProcessRunner(options: InProcessRunnerOptions): InProcessRunner {
  const { db, config } = options;
  const log = options.log ?? silentLogger;
  const mailer = options.mailer ?? createMailer(config, createMemorySentMailLog());
  const handlers =
    options.handlers ??
    createHandlers({
      db,
      mailer,
      config,
      ...(options.publishDocumentChange ? { publishDocumentChange: options.publishDocumentChange } : {}),
    });
  const queues = handledQueues(handlers);
  const platform = scopedDatabase(db, { kind: 'platform' });
  const maxAttempts = config.JOB_ATTEMPTS;

  async function claim() {
    if (queues.length === 0) return [];
    return platform.transaction(async (tx) => {
      const due = tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            isNull(outbox.dispatchedAt),
            lte(outbox.availableAt, sql`now()`),
            inArray(outbox.queue, queues),
            lt(outbox.attempts, maxAttempts),
          ),
        )
        .orderBy(asc(outbox.availableAt), asc(outbox.id))
        .limit(config.WORKER_CONCURRENCY)
        .for('update', { skipLocked: true });
      return tx
        .update(outbox)
        .set({
          attempts: sql`${outbox.attempts} + 1`,
          availableAt: sql`now() + ${config.JOB_LOCK_MS}::float8 * interval '1 millisecond'`,
        })
        .where(inArray(outbox.id, due))
        .returning({
          id: outbox.id,
          queue: outbox.queue,
          jobName: outbox.jobName,
          payload: outbox.payload,
          origin: outbox.origin,
          attempts: outbox.attempts,
        });
    });
  }

  async function finish(id: string, attempts: number, error: unknown | null) {
    await platform.transaction(async (tx) => {
      if (error === null) {
        await tx.update(outbox).set({ dispatchedAt: sql`now()` }).where(eq(outbox.id, id));
        return;
      }
      // A payload that does not fit its job will not fit on the next attempt either.
      const giveUp = error instanceof InvalidJobError;
      await tx
        .update(outbox)
        .set({
          attempts: giveUp ? maxAttempts : attempts,
          lastError: errorMessage(error).slice(0, 2000),
          availableAt: sql`now() + least(${MAX_BACKOFF_MS}::float8, ${config.JOB_BACKOFF_MS}::float8 * power(2, ${attempts - 1})) * interval '1 millisecond'`,
        })
        .where(eq(outbox.id, id));
    });
  }

  async function runOnce(): Promise<number> {
    const jobs = await claim();
    await Promise.all(
      jobs.map(async (job) => {
        let error: unknown | null = null;
        try {
          await runJob(handlers, job.queue, job.jobName, job.payload, {
            jobId: job.id,
            attempt: job.attempts,
            log,
            origin: job.origin,
          });
        } catch (err) {
          error = err;
          log.warn(
            { queue: job.queue, job: job.jobName, jobId: job.id, attempt: job.attempts },
            `job failed: ${errorMessage(err)}`,
          );
        }
        await finish(job.id, job.attempts, error);
      }),
    );
    return jobs.length;
  }

  async function failedJobs(limit = 50): Promise<FailedOutboxJob[]> {
    const rows = await platform.transaction((tx) =>
      tx
        .select()
        .from(outbox)
        .where(and(isNull(outbox.dispatchedAt), gte(outbox.attempts, maxAttempts)))
        .orderBy(desc(outbox.id))
        .limit(limit),
    );
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      name: r.jobName,
      payload: r.payload,
      attempts: r.attempts,
      lastError: r.lastError,
    }));
  }

  const loop = createPollingLoop({
    name: 'in-process job runner',
    intervalMs: config.OUTBOX_POLL_MS,
    maxBackoffMs: config.OUTBOX_RETRY_MAX_MS,
    log,
    round: async () => (await runOnce()) === config.WORKER_CONCURRENCY,
  });

  // Recurring jobs (review reminders) without Redis: polled in process, see schedules.ts.
  const scheduled = startInProcessSchedules(handlers, log);

  return {
    runOnce,
    failedJobs,
    start() {
      loop.start();
      scheduled.start();
    },
    async stop() {
      await Promise.all([loop.stop(), scheduled.stop()]);
      if (!options.mailer) await mailer.close();
    },
  };
}
