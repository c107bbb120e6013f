import { type Database, outbox, scopedDatabase } from '@werkstatt/db';
import { isNull, sql } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';

export interface OutboxBacklog {
  /** Rows not yet relayed, including those scheduled for later (webhook retries). */
  pending: number;
  /** How long the oldest due row has waited, in seconds; 0 when none is due. */
  oldestDueAgeSeconds: number;
}

/**
 * The outbox backlog, in the platform scope (the outbox holds rows of every municipality). The WHERE
 * is the predicate of the partial index outbox_pending_idx, so only that index's few rows are read.
 * Rows scheduled for later, such as webhook retries, count as pending but not as late.
 */
export function readOutboxBacklog(db: Database): Promise<OutboxBacklog> {
  return scopedDatabase(db, { kind: 'platform' }).transaction(async (tx) => {
    const [row] = await tx
      .select({
        pending: sql<number>`count(*)::int`,
        oldestDueAgeSeconds: sql<number>`coalesce(extract(epoch from now() - min(${outbox.availableAt}) filter (where ${outbox.availableAt} <= now())), 0)::float8`,
      })
      .from(outbox)
      .where(isNull(outbox.dispatchedAt));
    return row!;
  });
}

/**
 * The two outbox gauges, read at scrape time with one query for both (a scrape collects every metric
 * at once). Both the API and the worker show them; a failed read leaves them without a sample rather
 * than a stale one, and the rest of the scrape still answers.
 */
export function registerOutboxGauges(
  registry: Registry,
  db: Database,
  onError: (err: unknown) => void,
): void {
  let backlog: Promise<OutboxBacklog> | null = null;
  const read = () => {
    backlog ??= readOutboxBacklog(db).finally(() => {
      backlog = null;
    });
    return backlog;
  };
  const gauge = (name: string, help: string, pick: (b: OutboxBacklog) => number) => {
    // Built again if an app is built twice on one registry, which refuses a second metric of a name.
    registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        try {
          this.set(pick(await read()));
        } catch (err) {
          this.reset();
          onError(err);
        }
      },
    });
  };
  gauge(
    'werkstatt_outbox_pending_rows',
    'Outbox rows not yet relayed to the queues, including those scheduled for later (webhook retries).',
    (b) => b.pending,
  );
  gauge(
    'werkstatt_outbox_oldest_due_age_seconds',
    'How long the oldest due outbox row has waited for the relay, in seconds; 0 when none is due.',
    (b) => b.oldestDueAgeSeconds,
  );
}
