import type { Schema } from '@werkstatt/api-client';

type Measure = Schema<'RoadmapMeasure'>;

let next = 0;
/** A measure on the roadmap; by default planned, dated over 2027's first half. */
export const roadmapMeasure = (extra: Partial<Measure> = {}): Measure => {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    title: `Maßnahme ${next}`,
    rank: next,
    status: 'planned',
    progress: 0,
    overdue: false,
    lead: null,
    startWindow: null,
    startDate: '2027-01-01',
    endDate: '2027-06-30',
    span: null,
    ...extra,
  };
};

const counts = { planned: 0, in_progress: 0, done: 0, on_hold: 0, dropped: 0, total: 0 };

export const roadmapField = (
  actionFieldId: string,
  title: string,
  measures: Measure[],
): Schema<'RoadmapField'> => ({
  actionFieldId,
  title,
  priority: 1,
  goal: null,
  counts: { ...counts, total: measures.length },
  measures,
});

export const FIELD_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const FIELD_B = 'bbbbbbbb-0000-4000-8000-000000000002';

export const roadmapFixture = (fields: Schema<'RoadmapField'>[]): Schema<'Roadmap'> => ({
  municipalityId: 'm1',
  strategyId: 's1',
  windowsFrom: '2026-06-01',
  range: null,
  counts: { ...counts, total: fields.reduce((sum, f) => sum + f.measures.length, 0) },
  fields,
});
