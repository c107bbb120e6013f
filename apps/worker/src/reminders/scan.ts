import type { Database } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { jobScope } from '../scope.js';
import { listDueMunicipalities, recordReminder } from './scan.data.js';

/** A strategy review comes up this many days ahead, a step's due date this many. */
export const REVIEW_LEAD_DAYS = 14;
export const STEP_LEAD_DAYS = 7;

const berlinDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

/** Today's date in Germany (YYYY-MM-DD): reminders are about local dates of German municipalities. */
export const todayInGermany = (now = new Date()): string => berlinDate.format(now);

export const addDays = (isoDate: string, days: number): string => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export interface ScanResult {
  /** Municipalities with something due today. */
  due: number;
  /** Reminders newly recorded (and mails enqueued) by this scan; 0 when today's were already sent. */
  enqueued: number;
}

/**
 * Records one reminder per municipality with a review or step coming up (or overdue) and enqueues its
 * mail in the same transaction. The unique (municipality, day) key makes the scan idempotent: a
 * second run on the same day — a retried job, a second worker, dev polling — enqueues nothing.
 */
export async function scanReviewReminders(db: Database, today: string): Promise<ScanResult> {
  // Program-wide: the scan finds the municipalities that are due (platform scope, like the relay).
  return jobScope(db, null).transaction(async (tx) => {
    const due = await listDueMunicipalities(
      tx,
      addDays(today, REVIEW_LEAD_DAYS),
      addDays(today, STEP_LEAD_DAYS),
    );
    let enqueued = 0;
    for (const { id: municipalityId } of due) {
      const reminder = await recordReminder(tx, municipalityId, today);
      if (!reminder) continue;
      await enqueue(tx, {
        queue: 'reminders',
        name: 'strategy.reviewReminder',
        payload: { reminderId: reminder.id, municipalityId },
      });
      enqueued += 1;
    }
    return { due: due.length, enqueued };
  });
}
