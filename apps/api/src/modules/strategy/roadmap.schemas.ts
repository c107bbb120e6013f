import { z } from 'zod';
import { measureStatus, startWindow } from './measures.schemas.js';
import { isoDate } from './strategy.schemas.js';

const quarter = z.string().meta({ example: '2027-Q1' });

export const statusCounts = z
  .object({
    planned: z.number().int(),
    in_progress: z.number().int(),
    done: z.number().int(),
    on_hold: z.number().int(),
    dropped: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'MeasureStatusCounts' });

export const quarterSpan = z
  .object({
    from: quarter,
    to: quarter,
    estimated: z.boolean().meta({
      description: 'True when an end comes from the start window rather than a date of the measure.',
    }),
  })
  .meta({ id: 'QuarterSpan' });

export const roadmapMeasure = z
  .object({
    id: z.uuid(),
    title: z.string(),
    rank: z.number().int(),
    status: measureStatus,
    progress: z.number().int(),
    overdue: z.boolean(),
    lead: z.string().nullable(),
    startWindow: startWindow.nullable(),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    span: quarterSpan
      .nullable()
      .meta({ description: 'Null when the measure has no dates and no start window.' }),
  })
  .meta({ id: 'RoadmapMeasure' });

export const roadmapField = z
  .object({
    actionFieldId: z.uuid(),
    title: z.string(),
    priority: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Null for fields the strategy did not choose.' }),
    goal: z.string().nullable(),
    counts: statusCounts,
    measures: z.array(roadmapMeasure),
  })
  .meta({ id: 'RoadmapField' });

export const roadmap = z
  .object({
    municipalityId: z.uuid(),
    strategyId: z.uuid(),
    windowsFrom: isoDate.meta({
      description:
        'Start windows are counted from this date: the adoption date, else the strategy’s creation.',
    }),
    range: z.object({ from: quarter, to: quarter }).nullable(),
    counts: statusCounts,
    fields: z.array(roadmapField).meta({
      description: 'Chosen fields by priority, then other fields that have measures, in catalog order.',
    }),
  })
  .meta({ id: 'Roadmap', description: 'Measures grouped by action field, with their spans in quarters.' });
export type RoadmapDto = z.infer<typeof roadmap>;
