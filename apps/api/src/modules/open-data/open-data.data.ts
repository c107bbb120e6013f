import {
  actionFields,
  compiledRead,
  measures,
  municipalities,
  strategies,
  strategyFields,
  type Tx,
} from '@werkstatt/db';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';

// Every read here runs in the 'public' RLS scope, which shows only public strategies and the live
// measures and chosen fields of those; the queries say the same (a live measure, joined to its live
// municipality and public strategy, rows without them skipped), so the rule holds in both places.

/** Rows per query while streaming a file: pages are read one after another, never all at once. */
export const PAGE_SIZE = 1000;

/** Below every UUID: the first page starts after it. */
export const FIRST_ID = '00000000-0000-0000-0000-000000000000';

// A page is taken from the primary key first (the next PAGE_SIZE live rows after `after`, which RLS
// already limits to public strategies), and only those rows are joined: the planner cannot estimate
// the RLS conditions, and with the joins inside it sorted the whole join on every page. Rows whose
// municipality was deleted come back without a municipality and are skipped; the page still moves on.

const measurePageColumns = {
  id: measures.id,
  municipalityId: measures.municipalityId,
  actionFieldId: measures.actionFieldId,
  title: measures.title,
  description: measures.description,
  status: measures.status,
  startWindow: measures.startWindow,
  startDate: measures.startDate,
  endDate: measures.endDate,
  lead: measures.lead,
  progress: measures.progress,
  stepsTotal: measures.stepsTotal,
  stepsDone: measures.stepsDone,
  budgetCents: measures.budgetCents,
  fundingSource: measures.fundingSource,
  grantProgram: measures.grantProgram,
  updatedAt: measures.updatedAt,
};

function measureQuery(qb: QueryBuilder) {
  const page = qb
    .select(measurePageColumns)
    .from(measures)
    .where(and(isNull(measures.deletedAt), gt(measures.id, sql.placeholder('after'))))
    .orderBy(asc(measures.id))
    .limit(PAGE_SIZE)
    .as('page');
  const fields = {
    id: page.id,
    municipalityId: page.municipalityId,
    municipalityName: municipalities.name,
    municipalityArs: municipalities.ars,
    stateCode: municipalities.stateCode,
    publishedStrategy: strategies.id,
    actionFieldKey: actionFields.key,
    actionFieldTitle: actionFields.title,
    title: page.title,
    description: page.description,
    status: page.status,
    startWindow: page.startWindow,
    startDate: page.startDate,
    endDate: page.endDate,
    lead: page.lead,
    progress: page.progress,
    stepsTotal: page.stepsTotal,
    stepsDone: page.stepsDone,
    budgetCents: page.budgetCents,
    fundingSource: page.fundingSource,
    grantProgram: page.grantProgram,
    updatedAt: page.updatedAt,
  };
  const query = qb
    .select(fields)
    .from(page)
    .leftJoin(
      municipalities,
      and(eq(municipalities.id, page.municipalityId), isNull(municipalities.deletedAt)),
    )
    .leftJoin(
      strategies,
      and(eq(strategies.municipalityId, page.municipalityId), eq(strategies.visibility, 'public')),
    )
    .innerJoin(actionFields, eq(actionFields.id, page.actionFieldId))
    .orderBy(asc(page.id));
  return { fields, query };
}

const readMeasurePage = compiledRead(measureQuery(new QueryBuilder()).fields, (qb) => measureQuery(qb).query);
type MeasurePageRow = Awaited<ReturnType<typeof readMeasurePage>>[number];
export type OpenDataMeasureRow = Omit<
  MeasurePageRow,
  'municipalityName' | 'stateCode' | 'publishedStrategy'
> & {
  municipalityName: string;
  stateCode: string;
};

/**
 * The planner cannot estimate the RLS conditions and expects a few hundred rows in all, fewer than a
 * page: it would then sort every measure on every page (and compile that plan with JIT, seconds per
 * page). Without sorting, it walks the primary key from `after` and stops after a page. Local to the
 * page's own transaction.
 */
async function walkPrimaryKey(tx: Tx): Promise<void> {
  await tx.execute(sql`select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`);
}

/** A page as read: the rows to publish, and where the next page starts (null after the last). */
export interface Page<T> {
  rows: T[];
  next: string | null;
}

const pageOf = <R extends { id: string }, T>(read: R[], keep: (row: R) => T | null): Page<T> => ({
  rows: read.flatMap((r) => {
    const row = keep(r);
    return row ? [row] : [];
  }),
  next: read.length < PAGE_SIZE ? null : read[read.length - 1]!.id,
});

/** The next page of measures of published strategies after `after`, ordered by id. */
export async function measurePage(tx: Tx, after: string): Promise<Page<OpenDataMeasureRow>> {
  await walkPrimaryKey(tx);
  return pageOf(await readMeasurePage(tx, { after }), (r) => {
    const { municipalityName, stateCode, publishedStrategy, ...rest } = r;
    if (municipalityName === null || stateCode === null || publishedStrategy === null) return null;
    return { ...rest, municipalityName, stateCode };
  });
}

export interface ChosenField {
  key: string;
  title: string;
  priority: number;
}

const strategyPageColumns = {
  id: strategies.id,
  municipalityId: strategies.municipalityId,
  title: strategies.title,
  status: strategies.status,
  adoptedOn: strategies.adoptedOn,
  councilResolution: strategies.councilResolution,
  resolutionMeetingOn: strategies.resolutionMeetingOn,
  updatedAt: strategies.updatedAt,
};

function strategyQuery(qb: QueryBuilder) {
  const page = qb
    .select(strategyPageColumns)
    .from(strategies)
    .where(and(eq(strategies.visibility, 'public'), gt(strategies.id, sql.placeholder('after'))))
    .orderBy(asc(strategies.id))
    .limit(PAGE_SIZE)
    .as('page');
  const fields = {
    id: page.id,
    municipalityId: page.municipalityId,
    municipalityName: municipalities.name,
    municipalityArs: municipalities.ars,
    municipalityKind: municipalities.kind,
    stateCode: municipalities.stateCode,
    title: page.title,
    status: page.status,
    adoptedOn: page.adoptedOn,
    councilResolution: page.councilResolution,
    resolutionMeetingOn: page.resolutionMeetingOn,
    // The chosen fields in priority order and the measures counted, in the same query.
    actionFields: sql<ChosenField[]>`coalesce((
      select json_agg(json_build_object('key', ${actionFields.key}, 'title', ${actionFields.title}, 'priority', ${strategyFields.priority}) order by ${strategyFields.priority})
      from ${strategyFields} join ${actionFields} on ${actionFields.id} = ${strategyFields.actionFieldId}
      where ${strategyFields.strategyId} = ${page.id}), '[]'::json)`,
    measureCount: sql<number>`(select count(*) from ${measures}
      where ${measures.municipalityId} = ${page.municipalityId} and ${measures.deletedAt} is null)`.mapWith(
      Number,
    ),
    updatedAt: page.updatedAt,
  };
  const query = qb
    .select(fields)
    .from(page)
    .leftJoin(
      municipalities,
      and(eq(municipalities.id, page.municipalityId), isNull(municipalities.deletedAt)),
    )
    .orderBy(asc(page.id));
  return { fields, query };
}

const readStrategyPage = compiledRead(
  strategyQuery(new QueryBuilder()).fields,
  (qb) => strategyQuery(qb).query,
);
type StrategyPageRow = Awaited<ReturnType<typeof readStrategyPage>>[number];
export type OpenDataStrategyRow = Omit<
  StrategyPageRow,
  'municipalityName' | 'municipalityKind' | 'stateCode'
> & {
  municipalityName: string;
  municipalityKind: NonNullable<StrategyPageRow['municipalityKind']>;
  stateCode: string;
};

/** The next page of published strategies after `after`, ordered by id. */
export async function strategyPage(tx: Tx, after: string): Promise<Page<OpenDataStrategyRow>> {
  await walkPrimaryKey(tx);
  return pageOf(await readStrategyPage(tx, { after }), (r) => {
    const { municipalityName, municipalityKind, stateCode, ...rest } = r;
    if (municipalityName === null || municipalityKind === null || stateCode === null) return null;
    return { ...rest, municipalityName, municipalityKind, stateCode };
  });
}

/** A fingerprint of a set of rows, and its latest change. */
export interface Aggregate {
  fingerprint: string;
  latest: Date | null;
}

export interface OpenDataAggregates {
  /** Public changes of strategies and their chosen fields (public_changes, kind 'strategy'). */
  strategies: Aggregate;
  /** Public changes of measures (public_changes, kind 'measure'). */
  measures: Aggregate;
  /** Live municipalities: names, ARS and kinds appear in both files. */
  municipalities: Aggregate;
  /** The action-field catalog: its keys and titles appear in both files. */
  catalog: Aggregate;
}

/**
 * What the files are made of, summed up in one statement, to derive their ETags from without reading
 * them. public_changes (migration 0028) moves an item's position with every change while it is
 * public and when it stops being public (a measure deleted, a strategy made private, a municipality
 * deleted); the other tables are summed by updated_at. A sum changes with every committed change of
 * a row it covers, whenever the writing transaction commits (a max would miss a change committed
 * after a newer one); a count changes when a row appears. Narrow scans without RLS sub-selects.
 */
export async function aggregates(tx: Tx): Promise<OpenDataAggregates> {
  // Positions come from the feed index alone (kind, position, entity_id); the latest change is the
  // row at the highest position, one index probe.
  const changes = (kind: string) =>
    sql.raw(`(select json_build_object(
      'fingerprint', (select count(*) || ':' || coalesce(sum(position::text::bigint), 0) from public_changes where kind = '${kind}'),
      'latest', (select changed_at from public_changes where kind = '${kind}' order by position desc limit 1)))`);
  const byUpdatedAt = (table: string, where: string) =>
    sql.raw(`(select json_build_object('fingerprint', count(*) || ':' || coalesce(sum(extract(epoch from updated_at)), 0),
      'latest', max(updated_at)) from ${table} ${where})`);
  type Raw = { fingerprint: string; latest: string | null };
  const result = await tx.execute<Record<keyof OpenDataAggregates, Raw>>(sql`select
    ${changes('strategy')} as "strategies",
    ${changes('measure')} as "measures",
    ${byUpdatedAt('municipalities', 'where deleted_at is null')} as "municipalities",
    ${byUpdatedAt('action_fields', '')} as "catalog"`);
  const row = result.rows[0]!;
  const toAggregate = (a: Raw): Aggregate => ({
    fingerprint: a.fingerprint,
    latest: a.latest ? new Date(a.latest) : null,
  });
  return {
    strategies: toAggregate(row.strategies),
    measures: toAggregate(row.measures),
    municipalities: toAggregate(row.municipalities),
    catalog: toAggregate(row.catalog),
  };
}
