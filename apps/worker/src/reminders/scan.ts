import {
  type Database,
  measureSteps,
  measures,
  municipalities,
  reviewReminders,
  scopedDatabase,
  strategies,
} from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { and, eq, isNotNull, isNull, lte, notInArray, sql } from 'drizzle-orm';

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

/** Live steps that are open, of live measures that are still being worked on. */
export const openStepConditions = (dueBy: string) =>
  and(
    isNull(measureSteps.doneAt),
    isNotNull(measureSteps.dueOn),
    lte(measureSteps.dueOn, dueBy),
    isNull(measures.deletedAt),
    notInArray(measures.status, ['done', 'dropped']),
  );

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
  const platform = scopedDatabase(db, { kind: 'platform' });
  return platform.transaction(async (tx) => {
    const reviews = tx
      .select({ municipalityId: strategies.municipalityId })
      .from(strategies)
      .where(lte(strategies.nextReviewOn, addDays(today, REVIEW_LEAD_DAYS)));
    const steps = tx
      .selectDistinct({ municipalityId: measureSteps.municipalityId })
      .from(measureSteps)
      .innerJoin(measures, eq(measures.id, measureSteps.measureId))
      .where(openStepConditions(addDays(today, STEP_LEAD_DAYS)));
    const due = await tx
      .select({ id: municipalities.id })
      .from(municipalities)
      .where(and(isNull(municipalities.deletedAt), sql`${municipalities.id} in (${reviews} union ${steps})`))
      .orderBy(municipalities.id);
    let enqueued = 0;
    for (const { id: municipalityId } of due) {
      const [reminder] = await tx
        .insert(reviewReminders)
        .values({ municipalityId, remindOn: today })
        .onConflictDoNothing()
        .returning({ id: reviewReminders.id });
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
