import {
  actionFields,
  ideas,
  measureSteps,
  measures,
  municipalities,
  programs,
  registrations,
  strategies,
  strategyVersions,
  type Tx,
  workshops,
} from '@werkstatt/db';
import { and, asc, eq, getTableColumns, inArray, isNull, lte, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

export type VersionRow = typeof strategyVersions.$inferSelect;

/** The strategy with its municipality and program: the head of a snapshot. */
export async function findSnapshotHead(tx: Tx, municipalityId: string) {
  const [row] = await tx
    .select({
      strategy: getTableColumns(strategies),
      municipality: {
        id: municipalities.id,
        name: municipalities.name,
        kind: municipalities.kind,
        ars: municipalities.ars,
        stateCode: municipalities.stateCode,
      },
      program: { id: programs.id, name: programs.name },
    })
    .from(strategies)
    .innerJoin(municipalities, eq(municipalities.id, strategies.municipalityId))
    .innerJoin(programs, eq(programs.id, strategies.programId))
    .where(eq(strategies.municipalityId, municipalityId))
    .limit(1);
  return row;
}

export const listSnapshotMeasures = (tx: Tx, municipalityId: string) =>
  tx
    .select({
      ...getTableColumns(measures),
      actionFieldTitle: actionFields.title,
      actionFieldSortOrder: actionFields.sortOrder,
    })
    .from(measures)
    .innerJoin(actionFields, eq(actionFields.id, measures.actionFieldId))
    .where(and(eq(measures.municipalityId, municipalityId), isNull(measures.deletedAt)))
    .orderBy(asc(measures.rank), asc(measures.id));

/** Steps of all live measures of the municipality, in one query. */
export const listSnapshotSteps = (tx: Tx, municipalityId: string) =>
  tx
    .select(getTableColumns(measureSteps))
    .from(measureSteps)
    .innerJoin(measures, eq(measures.id, measureSteps.measureId))
    .where(and(eq(measureSteps.municipalityId, municipalityId), isNull(measures.deletedAt)))
    .orderBy(asc(measureSteps.measureId), asc(measureSteps.position), asc(measureSteps.id));

export const listSnapshotIdeas = (tx: Tx, municipalityId: string) =>
  tx
    .select({
      ...getTableColumns(ideas),
      actionFieldTitle: actionFields.title,
      measureId: measures.id,
    })
    .from(ideas)
    .innerJoin(actionFields, eq(actionFields.id, ideas.actionFieldId))
    .leftJoin(measures, and(eq(measures.originIdeaId, ideas.id), isNull(measures.deletedAt)))
    .where(and(eq(ideas.municipalityId, municipalityId), isNull(ideas.deletedAt)))
    .orderBy(asc(ideas.actionFieldId), asc(ideas.id));

/**
 * The workshops of the strategy's program the municipality took part in and that took place by now
 * (published or held, never cancelled or drafts), first one first; at most `limit`.
 */
export const listSnapshotWorkshops = (tx: Tx, municipalityId: string, programId: string, limit: number) =>
  tx
    .select({
      id: workshops.id,
      title: workshops.title,
      format: workshops.format,
      status: workshops.status,
      startsAt: workshops.startsAt,
      endsAt: workshops.endsAt,
      venueName: workshops.venueName,
      venueCity: workshops.venueCity,
      municipalityIds: workshops.municipalityIds,
      moderatorIds: workshops.moderatorIds,
    })
    .from(workshops)
    .where(
      and(
        eq(workshops.programId, programId),
        sql`${municipalityId}::uuid = any(${workshops.municipalityIds})`,
        inArray(workshops.status, ['published', 'held']),
        lte(workshops.startsAt, sql`now()`),
      ),
    )
    .orderBy(asc(workshops.startsAt), asc(workshops.id))
    .limit(limit);

/** The municipality's own people at these workshops, counted by workshop, role and status. */
export const countSnapshotParticipants = (tx: Tx, municipalityId: string, workshopIds: string[]) =>
  workshopIds.length === 0
    ? Promise.resolve([])
    : tx
        .select({
          workshopId: registrations.workshopId,
          role: registrations.role,
          status: registrations.status,
          count: sql<number>`count(*)::int`,
        })
        .from(registrations)
        .where(
          and(
            eq(registrations.municipalityId, municipalityId),
            inArray(registrations.workshopId, workshopIds),
            inArray(registrations.status, ['confirmed', 'attended']),
          ),
        )
        .groupBy(registrations.workshopId, registrations.role, registrations.status);

/** Names of municipalities by id (read in the public scope: the directory every scope may read). */
export const municipalityNames = (tx: Tx, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select({ id: municipalities.id, name: municipalities.name })
        .from(municipalities)
        .where(and(inArray(municipalities.id, ids), isNull(municipalities.deletedAt)));

/**
 * Names of a workshop's moderators. Program-office users are not visible in a municipality's scope,
 * so they are read through app_workshop_moderator_names (migration 0027), which answers only for a
 * workshop the caller can see.
 */
export async function moderatorNames(tx: Tx, workshopId: string): Promise<{ id: string; name: string }[]> {
  const result = await tx.execute<{ moderator_id: string; name: string }>(
    sql`select moderator_id, name from app_workshop_moderator_names(${workshopId}::uuid)`,
  );
  return result.rows.map((r) => ({ id: r.moderator_id, name: r.name }));
}

export async function nextVersionNumber(tx: Tx, municipalityId: string): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${strategyVersions.number}), 0)::int + 1` })
    .from(strategyVersions)
    .where(eq(strategyVersions.municipalityId, municipalityId));
  return row?.next ?? 1;
}

export const insertVersion = async (tx: Tx, values: typeof strategyVersions.$inferInsert) =>
  (await tx.insert(strategyVersions).values(values).returning())[0]!;

const summaryColumns = {
  id: strategyVersions.id,
  municipalityId: strategyVersions.municipalityId,
  number: strategyVersions.number,
  label: strategyVersions.label,
  createdAt: strategyVersions.createdAt,
  createdBy: strategyVersions.createdBy,
  strategyStatus: sql<string>`${strategyVersions.snapshot} -> 'strategy' ->> 'status'`,
  fieldCount: sql<number>`jsonb_array_length(${strategyVersions.snapshot} -> 'fields')`,
  measureCount: sql<number>`jsonb_array_length(${strategyVersions.snapshot} -> 'measures')`,
  ideaCount: sql<number>`jsonb_array_length(${strategyVersions.snapshot} -> 'ideas')`,
};
export type VersionSummaryRow = Awaited<ReturnType<typeof listVersions>>[number];

export function listVersions(tx: Tx, municipalityId: string, q: PageQuery) {
  // Versions never change, so creation time is their change time.
  const page = keyset({ id: strategyVersions.id, updatedAt: strategyVersions.createdAt }, q);
  return tx
    .select(summaryColumns)
    .from(strategyVersions)
    .where(and(eq(strategyVersions.municipalityId, municipalityId), page.where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findVersion(
  tx: Tx,
  municipalityId: string,
  id: string,
): Promise<VersionRow | undefined> {
  const [row] = await tx
    .select()
    .from(strategyVersions)
    .where(and(eq(strategyVersions.id, id), eq(strategyVersions.municipalityId, municipalityId)))
    .limit(1);
  return row;
}
