import type { Registration } from './queries';

/**
 * Who moved up from the waitlist between two readings of the participant list: the API promotes in the
 * same transaction as a cancellation but answers with the cancelled registration only.
 */
export function promotedBetween(
  before: readonly Registration[],
  after: readonly Registration[],
): Registration[] {
  const waiting = new Set(before.filter((r) => r.status === 'waitlisted').map((r) => r.id));
  return after.filter((r) => waiting.has(r.id) && (r.status === 'confirmed' || r.status === 'attended'));
}
