import { measureStatuses, type RoadmapFilters } from './roadmap-model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The roadmap's filters as they stand in the address: `?feld=<action field id>&status=in_progress`. */
export function validateRoadmapSearch(search: Record<string, unknown>): RoadmapFilters {
  const out: RoadmapFilters = {};
  if (typeof search.feld === 'string' && UUID.test(search.feld)) out.feld = search.feld;
  const status = measureStatuses.find((s) => s === search.status);
  if (status) out.status = status;
  return out;
}
