import { useQuery } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { $api, fetchClient } from '../../api/client';
import { isProblem } from '../../api/problems';
import { type MeasuresSearch, measuresQuery } from './search';

export type Measure = Schema<'Measure'>;

const LIST_PATH = '/v1/municipalities/{id}/measures';
/** The API's largest page. */
const PAGE_SIZE = 200;
/**
 * The list loads every page of the filtered measures, so sorting covers all of them, not one page. A
 * strategy has a few dozen measures; this bound only protects the browser from a runaway list.
 */
export const MAX_LISTED = 2_000;

export interface MeasureList {
  rows: Measure[];
  /** More matched than MAX_LISTED: the list shows the first ones only. */
  truncated: boolean;
}

async function fetchAllMeasures(municipalityId: string, search: MeasuresSearch): Promise<MeasureList> {
  const rows: Measure[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await fetchClient.GET(LIST_PATH, {
      params: {
        path: { id: municipalityId },
        query: { ...measuresQuery(search), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      },
    });
    if (error !== undefined || !data) throw error;
    rows.push(...data.data);
    cursor = data.nextCursor ?? undefined;
  } while (cursor && rows.length < MAX_LISTED);
  return { rows, truncated: cursor !== undefined };
}

/**
 * The municipality's measures under the filters. The key starts like openapi-react-query's own, so
 * invalidating `['get', '/v1/municipalities/{id}/measures']` (e.g. after saving a fact sheet) reloads it.
 */
export function useMeasureList(municipalityId: string, search: MeasuresSearch) {
  const query = measuresQuery(search);
  return useQuery({
    queryKey: ['get', LIST_PATH, { params: { path: { id: municipalityId }, query } }, 'all-pages'],
    queryFn: () => fetchAllMeasures(municipalityId, search),
  });
}

export const measureListKey = ['get', LIST_PATH] as const;

export interface ActionFieldOption {
  value: string;
  label: string;
}

/**
 * The action fields of the strategy's program: the names of the list's fields and the choices of the
 * filter and of a new measure. The fields the municipality chose come first, in its priority order.
 * `strategyMissing` when the municipality has no strategy yet (the API's 404).
 */
export function useActionFields(municipalityId: string) {
  const strategy = $api.useQuery(
    'get',
    '/v1/municipalities/{id}/strategy',
    { params: { path: { id: municipalityId } } },
    { staleTime: 60_000 },
  );
  const programId = strategy.data?.programId;
  const fields = $api.useQuery(
    'get',
    '/v1/programs/{programId}/action-fields',
    { params: { path: { programId: programId ?? '' }, query: { limit: 200 } } },
    { enabled: programId !== undefined, staleTime: 60_000 },
  );
  const strategyMissing = strategy.isError && isProblem(strategy.error) && strategy.error.status === 404;
  const chosen = [...(strategy.data?.fields ?? [])].sort((a, b) => a.priority - b.priority);
  const chosenIds = new Set(chosen.map((f) => f.actionFieldId));
  const options: ActionFieldOption[] = [
    ...chosen.map((f) => ({ value: f.actionFieldId, label: f.actionFieldTitle })),
    ...(fields.data?.data ?? [])
      .filter((f) => !chosenIds.has(f.id) && f.deletedAt === null)
      .map((f) => ({ value: f.id, label: f.title })),
  ];
  const names = new Map<string, string>([
    ...(fields.data?.data ?? []).map((f) => [f.id, f.title] as const),
    ...chosen.map((f) => [f.actionFieldId, f.actionFieldTitle] as const),
  ]);
  return {
    options,
    nameOf: (id: string): string | undefined => names.get(id),
    strategyMissing,
    isPending: strategy.isPending || (programId !== undefined && fields.isPending),
  };
}
