import {
  actionFields,
  measures,
  municipalities,
  strategies,
  strategyFields,
  type Tx,
  workshopApplications,
  workshops,
} from '@werkstatt/db';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { overdueSql } from '../strategy/index.js';

export const countMunicipalitiesByStrategy = async (tx: Tx) =>
  (
    await tx
      .select({
        total: sql<number>`count(*)::int`,
        withoutStrategy: sql<number>`(count(*) filter (where ${strategies.id} is null))::int`,
        draft: sql<number>`(count(*) filter (where ${strategies.status} = 'draft'))::int`,
        adopted: sql<number>`(count(*) filter (where ${strategies.status} = 'adopted'))::int`,
        publicStrategies: sql<number>`(count(*) filter (where ${strategies.visibility} = 'public'))::int`,
      })
      .from(municipalities)
      .leftJoin(strategies, eq(strategies.municipalityId, municipalities.id))
      .where(isNull(municipalities.deletedAt))
  )[0]!;

export const countChosenFields = (tx: Tx) =>
  tx
    .select({
      actionFieldId: actionFields.id,
      programId: actionFields.programId,
      key: actionFields.key,
      title: actionFields.title,
      chosen: sql<number>`count(${strategyFields.id})::int`,
    })
    .from(actionFields)
    .leftJoin(strategyFields, eq(strategyFields.actionFieldId, actionFields.id))
    .where(isNull(actionFields.deletedAt))
    .groupBy(actionFields.id)
    .orderBy(desc(count(strategyFields.id)), actionFields.programId, actionFields.sortOrder, actionFields.id);

/** Live measures of live municipalities per field and status, with how many of them are overdue. */
export const countMeasuresByFieldAndStatus = (tx: Tx) =>
  tx
    .select({
      actionFieldId: measures.actionFieldId,
      key: actionFields.key,
      title: actionFields.title,
      status: measures.status,
      n: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${overdueSql}))::int`,
    })
    .from(measures)
    .innerJoin(actionFields, eq(actionFields.id, measures.actionFieldId))
    .innerJoin(municipalities, eq(municipalities.id, measures.municipalityId))
    .where(and(isNull(measures.deletedAt), isNull(municipalities.deletedAt)))
    .groupBy(
      measures.actionFieldId,
      actionFields.key,
      actionFields.title,
      actionFields.sortOrder,
      measures.status,
    )
    .orderBy(actionFields.sortOrder, actionFields.title, measures.actionFieldId);

/** Held workshops per calendar month in Europe/Berlin (a workshop on 1 March 00:30 CET is March). */
export const countHeldWorkshopsPerMonth = (tx: Tx) => {
  const month = sql<string>`to_char(${workshops.startsAt} at time zone 'Europe/Berlin', 'YYYY-MM')`;
  return tx
    .select({ month, held: sql<number>`count(*)::int` })
    .from(workshops)
    .where(eq(workshops.status, 'held'))
    .groupBy(month)
    .orderBy(month);
};

/** Applications of live municipalities waiting for the program office's decision. */
export const countPendingApplications = async (tx: Tx) =>
  (
    await tx
      .select({ pending: sql<number>`count(*)::int` })
      .from(workshopApplications)
      .innerJoin(municipalities, eq(municipalities.id, workshopApplications.municipalityId))
      .where(and(eq(workshopApplications.status, 'pending'), isNull(municipalities.deletedAt)))
  )[0]!.pending;
