import { type Database, outbox, scopedDatabase } from '@werkstatt/db';
import { isQueueName, type JobOrigin, toQueueData } from '@werkstatt/jobs';
import type { JobsOptions } from 'bullmq';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { errorMessage, type Logger } from './logger.js';
import { createPollingLoop, type PollingLoop } from './polling.js';
import type { QueueSet } from './queues.js';

export interface OutboxRelayOptions {
  db: Database;
  queues: QueueSet;
  jobOptions: JobsOptions;
  batchSize: number;
  pollMs: number;
  /** Upper bound of the wait before a row whose dispatch failed is tried again. */
  retryMaxMs: number;
  /** Bound on one batch's Redis calls, so row locks are never held for long. */
  redisTimeoutMs?: number;
  log: Logger;
}

export interface RelayResult {
  dispatched: number;
  failed: number;
}

export interface OutboxRelay extends PollingLoop {
  /** Dispatches one batch of due outbox rows. */
  relayOnce(): Promise<RelayResult>;
}

type PendingRow = { id: string; queue: string; jobName: string; payload: unknown; origin: JobOrigin | null };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows to BullMQ. Rows are locked with SKIP LOCKED, so relays running side by
 * side take different rows; the BullMQ job id is the outbox id, so a row added twice (a relay that
 * died between add and commit) is still one job. While Redis is unreachable the rows stay in the
 * outbox with their attempts and last error, and are tried again with a growing delay.
 *
 * The Redis calls run while the row locks are held, so no other relay adds the same rows meanwhile;
 * they are bounded by redisTimeoutMs, so a hanging Redis cannot hold a transaction open.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, queues, jobOptions, batchSize, pollMs, retryMaxMs, log } = options;
  const redisTimeoutMs = options.redisTimeoutMs ?? 5000;
  const platform = scopedDatabase(db, { kind: 'platform' });

  async function addToQueues(rows: PendingRow[]) {
    const dispatched: string[] = [];
    const failed = new Map<string, string>();
    const byQueue = new Map<string, PendingRow[]>();
    for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    for (const [queueName, group] of byQueue) {
      if (!isQueueName(queueName)) {
        for (const row of group) failed.set(row.id, `Unknown queue "${queueName}"`);
        continue;
      }
      try {
        const jobs = group.map((row) => ({
          name: row.jobName,
          data: toQueueData(row.payload, row.origin),
          opts: { ...jobOptions, jobId: row.id },
        }));
        await withTimeout(queues[queueName].addBulk(jobs), redisTimeoutMs, `Adding to queue "${queueName}"`);
        dispatched.push(...group.map((row) => row.id));
      } catch (err) {
        for (const row of group) failed.set(row.id, errorMessage(err));
      }
    }
    return { dispatched, failed };
  }

  async function relayOnce(): Promise<RelayResult> {
    return platform.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: outbox.id,
          queue: outbox.queue,
          jobName: outbox.jobName,
          payload: outbox.payload,
          origin: outbox.origin,
        })
        .from(outbox)
        .where(and(isNull(outbox.dispatchedAt), lte(outbox.availableAt, sql`now()`)))
        .orderBy(asc(outbox.availableAt), asc(outbox.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return { dispatched: 0, failed: 0 };

      const { dispatched, failed } = await addToQueues(rows);
      if (dispatched.length > 0) {
        await tx.update(outbox).set({ dispatchedAt: sql`now()` }).where(inArray(outbox.id, dispatched));
      }
      for (const [id, error] of failed) {
        // Next try after pollMs · 2^attempts, at most retryMaxMs.
        await tx
          .update(outbox)
          .set({
            attempts: sql`${outbox.attempts} + 1`,
            lastError: error.slice(0, 2000),
            availableAt: sql`now() + least(${retryMaxMs}::float8, ${pollMs}::float8 * power(2, ${outbox.attempts})) * interval '1 millisecond'`,
          })
          .where(eq(outbox.id, id));
      }
      if (failed.size > 0) {
        const [first] = failed.values();
        log.warn({ failed: failed.size, dispatched: dispatched.length }, `outbox dispatch failed: ${first}`);
      }
      return { dispatched: dispatched.length, failed: failed.size };
    });
  }

  const loop = createPollingLoop({
    name: 'outbox relay',
    intervalMs: pollMs,
    maxBackoffMs: retryMaxMs,
    log,
    // A full batch without failures means more rows may be due right away.
    round: async () => {
      const result = await relayOnce();
      return result.failed === 0 && result.dispatched === batchSize;
    },
  });

  return { relayOnce, ...loop };
}
