import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import type { MeasureStatus } from './search';
import { statusLabel } from './status';

/** One item the API refused in a bulk update (the 422 `bulk_update_rejected` lists them). */
interface BulkFailure {
  index: number;
  id: string;
  code: string;
}

export type BulkResult =
  | { kind: 'done'; message: string }
  | { kind: 'rejected'; message: string; failures: string[] }
  | { kind: 'error'; message: string };

const failureReason = (code: string): string =>
  code === 'not_found' || code === 'precondition_failed' || code === 'progress_derived_from_steps'
    ? de.measures.bulkFailures[code]
    : de.measures.bulkFailures.other;

export const bulkDone = (changed: number, status: MeasureStatus): BulkResult => ({
  kind: 'done',
  message: de.measures.bulkDone(changed, statusLabel(status)),
});

/**
 * The API's answer to a failed bulk update in German: which measures failed and why (all or nothing,
 * so nothing changed), or the general problem.
 */
export function bulkProblem(
  error: unknown,
  ids: readonly string[],
  titleOf: (id: string) => string,
): BulkResult {
  if (isProblem(error) && error.code === 'bulk_update_rejected') {
    const items = ((error as { items?: BulkFailure[] }).items ?? []).filter((i) => typeof i.id === 'string');
    return {
      kind: 'rejected',
      message: de.measures.bulkRejected(items.length, ids.length),
      failures: items.map((i) => `„${titleOf(i.id)}“ ${failureReason(i.code)}`),
    };
  }
  if (isProblem(error) && error.status === 403) return { kind: 'error', message: de.measures.bulkForbidden };
  return { kind: 'error', message: problemMessage(error) };
}
