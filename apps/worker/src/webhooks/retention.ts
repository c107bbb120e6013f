import type { Database } from '@werkstatt/db';
import { jobScope } from '../scope.js';
import { deleteSettledEventsBefore } from './retention.data.js';

const BATCH = 1000;

/**
 * The daily webhook clean-up, program-wide: events older than `retentionDays` whose deliveries are
 * all settled (succeeded or failed for good) go, with their deliveries and the delivery log. Without
 * it the three tables grow with every change, and `registration.*` events would keep the personal
 * data they carry after the registration itself is anonymised. A delivery still retrying keeps its
 * event. One transaction per batch, so a large backlog never holds locks for long; idempotent.
 */
export async function runWebhookRetentionScan(
  db: Database,
  retentionDays: number,
  now = new Date(),
): Promise<{ events: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const platform = jobScope(db, null);
  let events = 0;
  for (;;) {
    const deleted = await platform.transaction((tx) => deleteSettledEventsBefore(tx, cutoff, BATCH));
    events += deleted;
    if (deleted < BATCH) return { events };
  }
}
