import {
  actionFields,
  compiledRead,
  measures,
  municipalities,
  strategies,
  strategyFields,
  type Tx,
} from '@werkstatt/db';
import { and, asc, eq, inArray, isNull, type Query, type SQLWrapper, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { type FeedRow, feedPositions } from '../../lib/change-feed.js';
import { overdueSql } from './measures.data.js';
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

/** A change of a public measure: its place in the feed and the item's JSON text. */
export interface MeasureFeedRow {
  position: string;
  entityId: string;
  item: string;
}
export type StrategyFeedRow = FeedRow & MunicipalityColumns & { strategy: StrategyRow | null };

const liveMunicipality = (municipalityId: SQLWrapper) =>
  and(eq(municipalities.id, municipalityId), isNull(municipalities.deletedAt));

/** A timestamp as the API writes it (JavaScript's toISOString: UTC, milliseconds, Z). */
const isoText = (column: SQLWrapper) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The `Measure` as toMeasureDto writes it, built by Postgres. The measures feed is the portals' bulk
 * read (500 measures a page): encoding each item in the query leaves the API only to join the texts,
 * where mapping and serialising rows cost twice the CPU of reading them (docs/benchmarks.md).
 * public-feeds.test.ts holds it to the schema and to what GET returns for each measure.
 */
const measureJson = sql`json_build_object(
  'id', ${measures.id}, 'municipalityId', ${measures.municipalityId}, 'actionFieldId', ${measures.actionFieldId},
  'originIdeaId', ${measures.originIdeaId}, 'rank', ${measures.rank}, 'title', ${measures.title},
  'description', ${measures.description}, 'lead', ${measures.lead}, 'participants', ${measures.participants},
  'targetGroup', ${measures.targetGroup}, 'expectedResult', ${measures.expectedResult},
  'resources', ${measures.resources}, 'startWindow', ${measures.startWindow}, 'startDate', ${measures.startDate},
  'endDate', ${measures.endDate}, 'status', ${measures.status}, 'progress', ${measures.progress},
  'progressSource', case when ${measures.stepsTotal} > 0 then 'steps' else 'manual' end,
  'stepsTotal', ${measures.stepsTotal}, 'stepsDone', ${measures.stepsDone}, 'overdue', ${overdueSql},
  'budgetCents', ${measures.budgetCents}, 'fundingSource', ${measures.fundingSource},
  'grantProgram', ${measures.grantProgram},
  'indicators', (select coalesce(json_agg(json_build_object('name', i->'name', 'unit', i->'unit',
      'baseline', i->'baseline', 'target', i->'target', 'currentValue', i->'currentValue',
      'currentAsOf', i->'currentAsOf') order by n), '[]'::json)
    from jsonb_array_elements(${measures.indicators}) with ordinality as indicator(i, n)),
  'createdAt', ${isoText(measures.createdAt)}, 'updatedAt', ${isoText(measures.updatedAt)},
  'deletedAt', ${isoText(measures.deletedAt)})`;

function measureFeed(qb: QueryBuilder) {
  const page = feedPositions(qb, 'measure');
  // Whether the municipality's strategy is public: one index probe per row (a plain join made the
  // planner scan every strategy).
  const published = qb
    .select({ municipalityId: strategies.municipalityId })
    .from(strategies)
    .where(and(eq(strategies.municipalityId, municipalities.id), eq(strategies.visibility, 'public')))
    .limit(1)
    .as('published');
  const item = sql<string>`json_build_object(
    'position', ${page.position}::text, 'id', ${page.entityId},
    'municipality', case when ${municipalities.id} is null then null else json_build_object('id', ${municipalities.id},
      'name', ${municipalities.name}, 'slug', ${municipalities.slug}, 'ars', ${municipalities.ars},
      'stateCode', ${municipalities.stateCode}) end,
    'deletedAt', case when ${measures.id} is null then ${isoText(page.changedAt)} end,
    'data', case when ${measures.id} is not null then ${measureJson} end)::text`;
  const fields = { position: page.position, entityId: page.entityId, item: item.as('item') };
  const query = qb
    .select(fields)
    .from(page)
    .leftJoin(municipalities, liveMunicipality(page.changeMunicipalityId))
    .leftJoinLateral(published, sql`true`)
    .leftJoin(
      measures,
      and(
        eq(measures.id, page.entityId),
        eq(measures.municipalityId, published.municipalityId),
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

const strategyKeys = Object.keys(strategyColumns);

/** A page of measure changes, each item already encoded as the feed sends it. */
export const readMeasureChanges = (tx: Tx, values: Record<string, unknown>): Promise<MeasureFeedRow[]> =>
  readMeasureFeed(tx, values);

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
