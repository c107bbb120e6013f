import {
  measureSteps,
  measures,
  municipalities,
  reviewReminders,
  strategies,
  type Tx,
  users,
} from '@werkstatt/db';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { openStepConditions } from '../reminders/scan.data.js';

/** The reminder of a live municipality, with the municipality's name. */
export async function findReminder(tx: Tx, reminderId: string, municipalityId: string) {
  const [reminder] = await tx
    .select({ remindOn: reviewReminders.remindOn, municipalityName: municipalities.name })
    .from(reviewReminders)
    .innerJoin(municipalities, eq(municipalities.id, reviewReminders.municipalityId))
    .where(
      and(
        eq(reviewReminders.id, reminderId),
        eq(reviewReminders.municipalityId, municipalityId),
        isNull(municipalities.deletedAt),
      ),
    );
  return reminder;
}

export async function findStrategyReview(tx: Tx, municipalityId: string) {
  const [strategy] = await tx
    .select({ title: strategies.title, nextReviewOn: strategies.nextReviewOn })
    .from(strategies)
    .where(eq(strategies.municipalityId, municipalityId));
  return strategy;
}

/** Open steps due by `dueBy`, soonest first, at most `limit`; `total` counts all of them. */
export function listDueSteps(tx: Tx, municipalityId: string, dueBy: string, limit: number) {
  return tx
    .select({
      title: measureSteps.title,
      measureTitle: measures.title,
      dueOn: measureSteps.dueOn,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(measureSteps)
    .innerJoin(measures, eq(measures.id, measureSteps.measureId))
    .where(and(eq(measureSteps.municipalityId, municipalityId), openStepConditions(dueBy)))
    .orderBy(asc(measureSteps.dueOn), asc(measures.rank), asc(measureSteps.position), asc(measureSteps.id))
    .limit(limit);
}

/** The municipality's active admins: who a reminder goes to. */
export function listActiveAdmins(tx: Tx, municipalityId: string) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.municipalityId, municipalityId),
        eq(users.role, 'municipality_admin'),
        eq(users.disabled, false),
        isNull(users.deletedAt),
      ),
    )
    .orderBy(asc(users.id));
}
