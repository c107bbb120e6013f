import { measureSteps, measures, municipalities, reviewReminders, strategies, type Tx } from '@werkstatt/db';
import { and, eq, isNotNull, isNull, lte, notInArray, sql } from 'drizzle-orm';

/** Live steps that are open, of live measures that are still being worked on. */
export const openStepConditions = (dueBy: string) =>
  and(
    isNull(measureSteps.doneAt),
    isNotNull(measureSteps.dueOn),
    lte(measureSteps.dueOn, dueBy),
    isNull(measures.deletedAt),
    notInArray(measures.status, ['done', 'dropped']),
  );

/** Live municipalities with a strategy review by `reviewBy` or an open step due by `stepBy`. */
export function listDueMunicipalities(tx: Tx, reviewBy: string, stepBy: string) {
  const reviews = tx
    .select({ municipalityId: strategies.municipalityId })
    .from(strategies)
    .where(lte(strategies.nextReviewOn, reviewBy));
  const steps = tx
    .selectDistinct({ municipalityId: measureSteps.municipalityId })
    .from(measureSteps)
    .innerJoin(measures, eq(measures.id, measureSteps.measureId))
    .where(openStepConditions(stepBy));
  return tx
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(isNull(municipalities.deletedAt), sql`${municipalities.id} in (${reviews} union ${steps})`))
    .orderBy(municipalities.id);
}

/** Records the municipality's reminder of the day; undefined when it was recorded already. */
export async function recordReminder(tx: Tx, municipalityId: string, remindOn: string) {
  const [reminder] = await tx
    .insert(reviewReminders)
    .values({ municipalityId, remindOn })
    .onConflictDoNothing()
    .returning({ id: reviewReminders.id });
  return reminder;
}
