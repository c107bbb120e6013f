import type { Schema } from '@werkstatt/api-client';
import { fetchClient } from '../../api/client';

export type Step = Schema<'MeasureStep'>;
type StepChange = Schema<'UpdateMeasureStepInput'>;

export interface StepTarget {
  municipalityId: string;
  measureId: string;
}

/** Someone else changed or removed the step since the list was read: nothing was written. */
export class StepConflict extends Error {
  constructor() {
    super('step changed elsewhere');
  }
}

const stepPath = '/v1/municipalities/{id}/measures/{measureId}/steps/{stepId}' as const;
const pathOf = (t: StepTarget, stepId: string) => ({
  path: { id: t.municipalityId, measureId: t.measureId, stepId },
});

/**
 * The ETag of the step as the list showed it. The list carries no per-step tags, so the step is read
 * once: a newer version than the one on screen (or none) is a conflict, never a blind overwrite.
 */
async function etagOfShown(t: StepTarget, shown: Step): Promise<string> {
  const { data, error, response } = await fetchClient.GET(stepPath, { params: pathOf(t, shown.id) });
  if (response.status === 404) throw new StepConflict();
  if (error) throw error;
  const etag = response.headers.get('etag');
  if (!data || !etag || data.updatedAt !== shown.updatedAt) throw new StepConflict();
  return etag;
}

const conflictOr = (error: unknown, status: number) =>
  status === 412 || status === 404 ? new StepConflict() : error;

/** Changes a step (tick, rename, due date, order) over the version on screen. */
export async function changeStep(t: StepTarget, shown: Step, body: StepChange): Promise<Step> {
  const etag = await etagOfShown(t, shown);
  const { data, error, response } = await fetchClient.PATCH(stepPath, {
    params: { ...pathOf(t, shown.id), header: { 'if-match': etag } },
    body,
  });
  if (error || !data) throw conflictOr(error, response.status);
  return data;
}

export async function deleteStep(t: StepTarget, shown: Step): Promise<void> {
  const etag = await etagOfShown(t, shown);
  const { error, response } = await fetchClient.DELETE(stepPath, {
    params: { ...pathOf(t, shown.id), header: { 'if-match': etag } },
  });
  if (!response.ok) throw conflictOr(error, response.status);
}

/**
 * Moving the step at `index` by `delta` places: the new order of the list, and the steps whose stored
 * order must change for it (1, 2, 3 … in list order; ties from older data are straightened too).
 */
export function moveStep(
  steps: readonly Step[],
  index: number,
  delta: -1 | 1,
): { list: Step[]; changes: { step: Step; order: number }[] } | null {
  const target = index + delta;
  if (target < 0 || target >= steps.length) return null;
  const list = [...steps];
  const [moved] = list.splice(index, 1);
  list.splice(target, 0, moved as Step);
  const changes = list.flatMap((step, n) => (step.order === n + 1 ? [] : [{ step, order: n + 1 }]));
  return { list, changes };
}
