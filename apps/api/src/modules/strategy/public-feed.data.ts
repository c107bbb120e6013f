import {
  actionFields,
  compiledRead,
  measures,
  municipalities,
  strategies,
  strategyFields,
  type Tx,
} from '@werkstatt/db';
import { and, asc, eq, inArray, isNull, type Query, type SQLWrapper } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { type FeedRow, feedPositions } from '../../lib/change-feed.js';
import { type MeasureRow, measureColumns } from './measures.data.js';
import {
  type StrategyFieldRow,
  type StrategyRow,
  strategyColumns,
  strategyFieldColumns,
} from './strategy.data.js';

// A feed row is the change and, while the item is public, the item (else its columns are null). The
// feeds read in the 'public' RLS scope, which shows only live measures of public strategies; the
// joins say the same (a live municipality, its strategy public, the measure live), so the rule holds
// in the query and in the database.

const municipalityColumns = {
  refId: municipalities.id,
  refName: municipalities.name,
  refSlug: municipalities.slug,
  refArs: municipalities.ars,
  refStateCode: municipalities.stateCode,
};
type MunicipalityColumns = { [K in keyof typeof municipalityColumns]: string | null };

export type MeasureFeedRow = FeedRow & MunicipalityColumns & { measure: MeasureRow | null };
export type StrategyFeedRow = FeedRow & MunicipalityColumns & { strategy: StrategyRow | null };

const liveMunicipality = (municipalityId: SQLWrapper) =>
  and(eq(municipalities.id, municipalityId), isNull(municipalities.deletedAt));

function measureFeed(qb: QueryBuilder) {
  const page = feedPositions(qb, 'measure');
  const { position, entityId, changedAt } = page;
  const fields = {
    position,
    entityId,
    changedAt,
    ...municipalityColumns,
    ...measureColumns,
    measureId: measures.id,
  };
  const query = qb
    .select(fields)
    .from(page)
    .leftJoin(municipalities, liveMunicipality(page.changeMunicipalityId))
    .leftJoin(
      strategies,
      and(eq(strategies.municipalityId, municipalities.id), eq(strategies.visibility, 'public')),
    )
    .leftJoin(
      measures,
      and(
        eq(measures.id, page.entityId),
        eq(measures.municipalityId, strategies.municipalityId),
        isNull(measures.deletedAt),
      ),
    )
    .orderBy(asc(page.position), asc(page.entityId));
  return { fields, query };
}

function strategyFeed(qb: QueryBuilder) {
  const page = feedPositions(qb, 'strategy');
  const { position, entityId, changedAt } = page;
  const fields = {
    position,
    entityId,
    changedAt,
    ...municipalityColumns,
    ...strategyColumns,
    strategyId: strategies.id,
  };
  const query = qb
    .select(fields)
    .from(page)
    .leftJoin(municipalities, liveMunicipality(page.changeMunicipalityId))
    .leftJoin(
      strategies,
      and(
        eq(strategies.id, page.entityId),
        eq(strategies.municipalityId, municipalities.id),
        eq(strategies.visibility, 'public'),
      ),
    )
    .orderBy(asc(page.position), asc(page.entityId));
  return { fields, query };
}

/** The SQL of a measures feed page, for the benchmark's bare baseline (bench/feeds). */
export const measureFeedQuery: Query = measureFeed(new QueryBuilder({ casing: 'snake_case' })).query.toSQL();

const readMeasureFeed = compiledRead(measureFeed(new QueryBuilder()).fields, (qb) => measureFeed(qb).query);
const readStrategyFeed = compiledRead(
  strategyFeed(new QueryBuilder()).fields,
  (qb) => strategyFeed(qb).query,
);

/** Splits a flat row into the change, its municipality and the item (null when not public). */
function split<F extends Record<string, unknown>, K extends keyof F>(
  row: F,
  itemKey: K,
  itemFields: readonly string[],
) {
  const item: Record<string, unknown> = {};
  for (const key of itemFields) item[key] = row[key];
  return {
    position: row.position as string,
    entityId: row.entityId as string,
    changedAt: row.changedAt as Date,
    refId: row.refId as string | null,
    refName: row.refName as string | null,
    refSlug: row.refSlug as string | null,
    refArs: row.refArs as string | null,
    refStateCode: row.refStateCode as string | null,
    item: row[itemKey] === null ? null : item,
  };
}

const measureKeys = Object.keys(measureColumns);
const strategyKeys = Object.keys(strategyColumns);

export async function readMeasureChanges(tx: Tx, values: Record<string, unknown>): Promise<MeasureFeedRow[]> {
  const rows = await readMeasureFeed(tx, values);
  return rows.map((r) => {
    const { item, ...change } = split(r, 'measureId', measureKeys);
    return { ...change, measure: item as MeasureRow | null };
  });
}

export async function readStrategyChanges(
  tx: Tx,
  values: Record<string, unknown>,
): Promise<StrategyFeedRow[]> {
  const rows = await readStrategyFeed(tx, values);
  return rows.map((r) => {
    const { item, ...change } = split(r, 'strategyId', strategyKeys);
    return { ...change, strategy: item as StrategyRow | null };
  });
}

/** The chosen fields of a page of strategies in one query, by strategy. */
export async function fieldsOfStrategies(
  tx: Tx,
  strategyIds: string[],
): Promise<Map<string, StrategyFieldRow[]>> {
  const byStrategy = new Map<string, StrategyFieldRow[]>();
  if (strategyIds.length === 0) return byStrategy;
  const rows = await tx
    .select(strategyFieldColumns)
    .from(strategyFields)
    .innerJoin(actionFields, eq(actionFields.id, strategyFields.actionFieldId))
    .where(inArray(strategyFields.strategyId, strategyIds))
    .orderBy(asc(strategyFields.strategyId), asc(strategyFields.priority));
  for (const row of rows) byStrategy.set(row.strategyId, [...(byStrategy.get(row.strategyId) ?? []), row]);
  return byStrategy;
}
