import { commitAfterNextQuery } from '@werkstatt/db';
import type { RequestContext } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import * as data from './roadmap.data.js';
import type { RoadmapDto } from './roadmap.schemas.js';
import { countStatus, emptyCounts, rangeOf, type Span, type StatusCounts, spanOf } from './roadmap-fns.js';
import * as strategyData from './strategy.data.js';
import { strategyReader } from './strategy-access.js';

const germanDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

type RoadmapField = RoadmapDto['fields'][number];

/**
 * The roadmap in three queries whatever its size: the strategy, its chosen fields, and all measures
 * with their field titles; grouping, spans and counts are computed here.
 */
export async function getRoadmap(ctx: RequestContext, municipalityId: string): Promise<RoadmapDto> {
  const reader = await strategyReader(ctx, municipalityId);
  const loaded = await reader.db.transaction(async (tx) => {
    const strategy = await strategyData.findStrategy(tx, municipalityId);
    if (!strategy) return undefined;
    const chosen = await strategyData.listStrategyFields(tx, strategy.id);
    // The last read: COMMIT leaves with it.
    commitAfterNextQuery(tx);
    const measureRows = await data.listRoadmapMeasures(tx, municipalityId);
    return { strategy, chosen, measureRows };
  });
  if (!loaded) throw notFound('Strategy');
  const { strategy, chosen, measureRows } = loaded;
  const windowsFrom = strategy.adoptedOn ?? germanDate.format(strategy.createdAt);

  const fields = new Map<string, RoadmapField & { sortOrder: number }>();
  for (const f of chosen) {
    fields.set(f.actionFieldId, {
      actionFieldId: f.actionFieldId,
      title: f.actionFieldTitle,
      priority: f.priority,
      goal: f.goal,
      counts: emptyCounts(),
      measures: [],
      sortOrder: 0,
    });
  }
  const overall: StatusCounts = emptyCounts();
  const spans: (Span | null)[] = [];
  for (const m of measureRows) {
    let field = fields.get(m.actionFieldId);
    if (!field) {
      field = {
        actionFieldId: m.actionFieldId,
        title: m.fieldTitle,
        priority: null,
        goal: null,
        counts: emptyCounts(),
        measures: [],
        sortOrder: m.fieldSortOrder,
      };
      fields.set(m.actionFieldId, field);
    }
    const span = spanOf(m, windowsFrom);
    spans.push(span);
    countStatus(field.counts, m.status);
    countStatus(overall, m.status);
    field.measures.push({
      id: m.id,
      title: m.title,
      rank: m.rank,
      status: m.status,
      progress: m.progress,
      overdue: m.overdue,
      lead: m.lead,
      startWindow: m.startWindow,
      startDate: m.startDate,
      endDate: m.endDate,
      span,
    });
  }
  const ordered = [...fields.values()].sort(
    (a, b) =>
      (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER) ||
      a.sortOrder - b.sortOrder ||
      a.title.localeCompare(b.title, 'de'),
  );
  return {
    municipalityId,
    strategyId: strategy.id,
    windowsFrom,
    range: rangeOf(spans),
    counts: overall,
    fields: ordered.map(({ sortOrder: _sortOrder, ...field }) => field),
  };
}
