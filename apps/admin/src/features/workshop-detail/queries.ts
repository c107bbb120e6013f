import { type QueryClient, useQueries, useQuery } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { $api, fetchClient } from '../../api/client';

export type Workshop = Schema<'Workshop'>;
export type Registration = Schema<'Registration'>;
export type RegistrationPage = Schema<'RegistrationPage'>;

/** The largest page the API serves; a workshop has at most a few hundred participants. */
const PAGE = 200;

export const workshopKey = (id: string) =>
  ['get', '/v1/workshops/{id}', { params: { path: { id } } }] as const;

/** Every registration of a workshop, all pages in one list (the key's shape follows `$api`'s). */
export const registrationsKey = (id: string) =>
  ['get', '/v1/workshops/{id}/registrations', { params: { path: { id }, query: { limit: PAGE } } }] as const;

export const useWorkshop = (id: string) =>
  $api.useQuery('get', '/v1/workshops/{id}', { params: { path: { id } } });

export function useRegistrations(id: string) {
  return useQuery({
    queryKey: registrationsKey(id),
    queryFn: async ({ signal }): Promise<RegistrationPage> => {
      const all: Registration[] = [];
      let cursor: string | undefined;
      do {
        const { data, error } = await fetchClient.GET('/v1/workshops/{id}/registrations', {
          params: { path: { id }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
          signal,
        });
        if (error) throw error;
        all.push(...data.data);
        cursor = data.nextCursor ?? undefined;
      } while (cursor);
      return { data: all, nextCursor: null };
    },
  });
}

/** The names of the workshop's municipalities, by id (one small read each, shared across pages). */
export function useMunicipalityNames(ids: readonly string[]): Map<string, string> {
  const results = useQueries({
    queries: ids.map((id) =>
      $api.queryOptions('get', '/v1/municipalities/{id}', { params: { path: { id } } }),
    ),
  });
  const names = new Map<string, string>();
  results.forEach((result, i) => {
    const id = ids[i];
    if (id && result.data) names.set(id, result.data.name);
  });
  return names;
}

/** After a change to seats or participants: the workshop, its lists and the workshop list. */
export async function refreshWorkshop(queryClient: QueryClient, id: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: workshopKey(id) }),
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops/{id}/registrations'] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops'] }),
  ]);
}

export const fullName = (r: Pick<Registration, 'firstName' | 'lastName'>): string =>
  `${r.firstName} ${r.lastName}`.trim();

/** Berlin calendar day of an instant, `2026-12-05`: check-in is possible on the workshop's days only. */
const berlinDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
export const berlinDate = (at: Date | string): string => berlinDay.format(new Date(at));

export const isCheckInDay = (workshop: Pick<Workshop, 'startsAt' | 'endsAt'>, now = new Date()): boolean => {
  const today = berlinDate(now);
  return today >= berlinDate(workshop.startsAt) && today <= berlinDate(workshop.endsAt);
};
