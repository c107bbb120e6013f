import { actionFields, compiledRead, measures, type Tx } from '@werkstatt/db';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { overdueSql } from './measures.data.js';

const roadmapColumns = {
  id: measures.id,
  actionFieldId: measures.actionFieldId,
  fieldTitle: actionFields.title,
  fieldSortOrder: actionFields.sortOrder,
  title: measures.title,
  rank: measures.rank,
  status: measures.status,
  progress: measures.progress,
  overdue: overdueSql,
  lead: measures.lead,
  startWindow: measures.startWindow,
  startDate: measures.startDate,
  endDate: measures.endDate,
};

const readRoadmapMeasures = compiledRead(roadmapColumns, (qb) =>
  qb
    .select(roadmapColumns)
    .from(measures)
    .innerJoin(actionFields, eq(actionFields.id, measures.actionFieldId))
    .where(and(eq(measures.municipalityId, sql.placeholder('municipalityId')), isNull(measures.deletedAt)))
    .orderBy(asc(measures.actionFieldId), asc(measures.rank), asc(measures.id)),
);

export type RoadmapMeasureRow = Awaited<ReturnType<typeof readRoadmapMeasures>>[number];

/** Every live measure of the municipality with its field, in one query (served by the field index). */
export const listRoadmapMeasures = (tx: Tx, municipalityId: string): Promise<RoadmapMeasureRow[]> =>
  readRoadmapMeasures(tx, { municipalityId });
