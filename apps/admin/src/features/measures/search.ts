import type { Schema } from '@werkstatt/api-client';
import type { SortState } from '../../ui/DataTable';

export type MeasureStatus = Schema<'MeasureStatus'>;

export const measureStatuses: readonly MeasureStatus[] = [
  'planned',
  'in_progress',
  'on_hold',
  'done',
  'dropped',
];

/** The columns the list sorts by, as they stand in the address. */
export const sortKeys = ['titel', 'status', 'ende', 'fortschritt'] as const;
export type SortKey = (typeof sortKeys)[number];

/** The list's filters and order as they stand in the address (German names). */
export interface MeasuresSearch {
  feld?: string;
  status?: MeasureStatus;
  ueberfaellig?: 'ja' | 'nein';
  suche?: string;
  sortierung?: SortKey;
  richtung?: 'auf' | 'ab';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The API's bound for `q`. */
export const MAX_SEARCH = 200;

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

/** Keeps what is valid and drops the rest, so an edited address never becomes a 400. */
export function validateMeasuresSearch(search: Record<string, unknown>): MeasuresSearch {
  const out: MeasuresSearch = {};
  if (typeof search.feld === 'string' && UUID.test(search.feld)) out.feld = search.feld;
  if (oneOf(measureStatuses, search.status)) out.status = search.status;
  if (oneOf(['ja', 'nein'] as const, search.ueberfaellig)) out.ueberfaellig = search.ueberfaellig;
  // A number typed into the search comes back from the address as a number.
  const q = typeof search.suche === 'number' ? String(search.suche) : search.suche;
  if (typeof q === 'string' && q.trim()) out.suche = q.trim().slice(0, MAX_SEARCH);
  if (oneOf(sortKeys, search.sortierung)) {
    out.sortierung = search.sortierung;
    if (oneOf(['auf', 'ab'] as const, search.richtung)) out.richtung = search.richtung;
  }
  return out;
}

/** The API's query for the filters (the order is the list's own, see `sortOf`). */
export function measuresQuery(search: MeasuresSearch) {
  return {
    ...(search.feld ? { actionFieldId: search.feld } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.ueberfaellig
      ? { overdue: search.ueberfaellig === 'ja' ? ('true' as const) : ('false' as const) }
      : {}),
    ...(search.suche ? { q: search.suche } : {}),
  };
}

/** The table's sort state from the address. */
export const sortOf = (search: MeasuresSearch): SortState | undefined =>
  search.sortierung
    ? { key: search.sortierung, direction: search.richtung === 'ab' ? 'descending' : 'ascending' }
    : undefined;

/** The address after the user sorted by a column: the filters stay. */
export function withSort(search: MeasuresSearch, sort: SortState): MeasuresSearch {
  const key = oneOf(sortKeys, sort.key) ? sort.key : undefined;
  const { sortierung: _key, richtung: _direction, ...filters } = search;
  return key
    ? { ...filters, sortierung: key, richtung: sort.direction === 'descending' ? 'ab' : 'auf' }
    : filters;
}

/** The filters only, without the order. */
export function filtersOf(search: MeasuresSearch): MeasuresSearch {
  const { sortierung: _key, richtung: _direction, ...filters } = search;
  return filters;
}
