import {
  type MeasureStatus,
  measureSteps,
  measures,
  municipalities,
  type StartWindow,
  shapedRead,
  type Tx,
} from '@werkstatt/db';
import {
  and,
  asc,
  eq,
  getTableColumns,
  getTableName,
  inArray,
  isNull,
  not,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { keyset, keysetShape, type PageQuery, placeholders } from '../../lib/pagination.js';

// Dates in the fact sheet are local dates of German municipalities.
const todayInGermany = sql`(now() at time zone 'Europe/Berlin')::date`;

// Drizzle leaves columns unqualified in the select list of single-table queries; inside the
// correlated subquery below that would bind "id" to measure_steps, so the names are spelled out.
const qualified = (column: PgColumn) =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

/**
 * Not done/dropped, and the end date has passed or an open step is past due. The step check is a
 * scalar subquery with LIMIT 1, not EXISTS: Postgres may turn an EXISTS in the select list into a
 * hashed subplan that reads every open step of every municipality (150 ms on 300k steps, see
 * bench/strategy); this form is always an index probe (measure_steps_open_due_idx) per listed row.
 */
export const overdueSql = sql<boolean>`coalesce(${qualified(measures.status)} not in ('done', 'dropped') and (${qualified(measures.endDate)} < ${todayInGermany} or (select true from ${measureSteps} where ${qualified(measureSteps.measureId)} = ${qualified(measures.id)} and ${qualified(measureSteps.doneAt)} is null and ${qualified(measureSteps.dueOn)} < ${todayInGermany} limit 1)), false)`;

// The same expression as the measures_search_idx index, so the planner can use it.
const searchVector = sql`to_tsvector('german'::regconfig, ${measures.title} || ' ' || ${measures.description})`;

const measureColumns = { ...getTableColumns(measures), overdue: overdueSql };

export type MeasureRow = typeof measures.$inferSelect & { overdue: boolean };
export type MeasureValues = typeof measures.$inferInsert;

export interface MeasureFilters {
  actionFieldId?: string | undefined;
  status?: MeasureStatus | undefined;
  startWindow?: StartWindow | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
}

const readMeasurePage = shapedRead(measureColumns);

/**
 * One page of measures (limit + 1 rows, see keyset). The municipality must exist and be live: that
 * condition is evaluated once per query (an InitPlan), so a page costs one round trip; an empty page
 * may mean a missing municipality, which the caller then tells apart. The SQL is built once per
 * combination of filters and cursor kind; values are bound as placeholders.
 */
export async function listMeasures(
  tx: Tx,
  municipalityId: string,
  filters: MeasureFilters,
  q: PageQuery,
): Promise<MeasureRow[]> {
  const { bind, values } = placeholders();
  const page = keyset(measures, q, {}, bind);
  const municipality = bind('municipalityId', municipalityId);
  const conds: (SQL | undefined)[] = [
    eq(measures.municipalityId, municipality),
    sql`exists (select 1 from ${municipalities} where ${municipalities.id} = ${municipality} and ${municipalities.deletedAt} is null)`,
    page.where,
  ];
  const shape = [keysetShape(q)];
  if (filters.actionFieldId) {
    conds.push(eq(measures.actionFieldId, bind('actionFieldId', filters.actionFieldId)));
    shape.push('field');
  }
  if (filters.status) {
    conds.push(eq(measures.status, bind('status', filters.status)));
    shape.push('status');
  }
  if (filters.startWindow) {
    conds.push(eq(measures.startWindow, bind('startWindow', filters.startWindow)));
    shape.push('window');
  }
  if (filters.overdue !== undefined) {
    conds.push(filters.overdue ? overdueSql : not(overdueSql));
    shape.push(filters.overdue ? 'overdue' : 'not-overdue');
  }
  if (filters.q) {
    conds.push(sql`${searchVector} @@ websearch_to_tsquery('german'::regconfig, ${bind('q', filters.q)})`);
    shape.push('search');
  }
  const limit = bind('limit', page.limit);
  const build = () =>
    tx
      .select(measureColumns)
      .from(measures)
      .where(and(...conds))
      .orderBy(...page.orderBy)
      .limit(limit);
  return readMeasurePage(tx, shape.join(' '), build, values);
}

export async function findMeasure(
  tx: Tx,
  municipalityId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<MeasureRow | undefined> {
  const query = tx
    .select(measureColumns)
    .from(measures)
    .where(and(eq(measures.id, id), eq(measures.municipalityId, municipalityId), isNull(measures.deletedAt)))
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update', { of: measures }) : query);
  return row;
}

/** Locks the live measures among ids, in id order so concurrent bulk updates cannot deadlock. */
export const lockMeasures = (tx: Tx, municipalityId: string, ids: string[]): Promise<MeasureRow[]> =>
  tx
    .select(measureColumns)
    .from(measures)
    .where(
      and(eq(measures.municipalityId, municipalityId), inArray(measures.id, ids), isNull(measures.deletedAt)),
    )
    .orderBy(asc(measures.id))
    .for('update', { of: measures });

export const findMeasuresByIds = (tx: Tx, municipalityId: string, ids: string[]): Promise<MeasureRow[]> =>
  tx
    .select(measureColumns)
    .from(measures)
    .where(and(eq(measures.municipalityId, municipalityId), inArray(measures.id, ids)));

/** Rank after the last live measure of the field. */
export async function nextRank(tx: Tx, municipalityId: string, actionFieldId: string): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${measures.rank}), 0)::int + 1` })
    .from(measures)
    .where(
      and(
        eq(measures.municipalityId, municipalityId),
        eq(measures.actionFieldId, actionFieldId),
        isNull(measures.deletedAt),
      ),
    );
  return row?.next ?? 1;
}

export async function insertMeasure(tx: Tx, values: MeasureValues): Promise<string> {
  const [row] = await tx.insert(measures).values(values).returning({ id: measures.id });
  return row!.id;
}

export async function updateMeasure(tx: Tx, id: string, values: Partial<MeasureValues>): Promise<void> {
  await tx.update(measures).set(values).where(eq(measures.id, id));
}

/** The live measure an idea was promoted to, if any. */
export async function measureOfIdea(tx: Tx, ideaId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: measures.id })
    .from(measures)
    .where(and(eq(measures.originIdeaId, ideaId), isNull(measures.deletedAt)))
    .limit(1);
  return row?.id;
}

export interface BulkChange {
  id: string;
  status: MeasureStatus | null;
  progress: number | null;
}

/** Applies all bulk changes with one statement; null keeps the current value. */
export async function applyBulkChanges(tx: Tx, municipalityId: string, changes: BulkChange[]): Promise<void> {
  const rows = sql.join(
    changes.map((c) => sql`(${c.id}::uuid, ${c.status}::measure_status, ${c.progress}::smallint)`),
    sql`, `,
  );
  await tx.execute(sql`
    update ${measures} set
      status = coalesce(v.status, ${measures.status}),
      progress = coalesce(v.progress, ${measures.progress})
    from (values ${rows}) as v(id, status, progress)
    where ${measures.id} = v.id and ${measures.municipalityId} = ${municipalityId}`);
}

/**
 * Recounts a measure's steps and, when it has any, derives its progress from them (done/total,
 * rounded). Callers hold the measure's row lock, so counts and steps cannot drift apart.
 */
export async function refreshStepProgress(tx: Tx, measureId: string): Promise<void> {
  await tx.execute(sql`
    update ${measures} set
      steps_total = c.total,
      steps_done = c.done,
      progress = case when c.total > 0 then round(100.0 * c.done / c.total)::smallint else ${measures.progress} end
    from (
      select count(*)::int as total, count(${measureSteps.doneAt})::int as done
      from ${measureSteps} where ${measureSteps.measureId} = ${measureId}
    ) as c
    where ${measures.id} = ${measureId}`);
}

// Steps

export type StepRow = typeof measureSteps.$inferSelect;

export const listSteps = (tx: Tx, measureId: string): Promise<StepRow[]> =>
  tx
    .select()
    .from(measureSteps)
    .where(eq(measureSteps.measureId, measureId))
    .orderBy(asc(measureSteps.position), asc(measureSteps.id));

export async function findStep(
  tx: Tx,
  measureId: string,
  stepId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StepRow | undefined> {
  const query = tx
    .select()
    .from(measureSteps)
    .where(and(eq(measureSteps.id, stepId), eq(measureSteps.measureId, measureId)))
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export async function stepStats(tx: Tx, measureId: string): Promise<{ count: number; nextPosition: number }> {
  const [row] = await tx
    .select({
      count: sql<number>`count(*)::int`,
      nextPosition: sql<number>`coalesce(max(${measureSteps.position}), 0)::int + 1`,
    })
    .from(measureSteps)
    .where(eq(measureSteps.measureId, measureId));
  return { count: row?.count ?? 0, nextPosition: row?.nextPosition ?? 1 };
}

export const insertStep = async (tx: Tx, values: typeof measureSteps.$inferInsert) =>
  (await tx.insert(measureSteps).values(values).returning())[0]!;

export const updateStep = async (tx: Tx, id: string, values: Partial<typeof measureSteps.$inferInsert>) =>
  (await tx.update(measureSteps).set(values).where(eq(measureSteps.id, id)).returning())[0]!;

export async function deleteStep(tx: Tx, id: string): Promise<void> {
  await tx.delete(measureSteps).where(eq(measureSteps.id, id));
}
