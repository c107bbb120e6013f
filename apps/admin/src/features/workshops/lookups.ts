import { useQuery } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { fetchClient } from '../../api/client';

type Page<T> = { data: T[]; nextCursor: string | null };

/** Follows `nextCursor` to the end: the lookups are short lists (programs, municipalities, moderators). */
async function allPages<T>(
  load: (cursor: string | undefined) => Promise<{ data?: Page<T>; error?: unknown }>,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await load(cursor);
    if (error || !data) throw error;
    rows.push(...data.data);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

const lookupOptions = { staleTime: 5 * 60_000 } as const;

/** Every program, for the filter and the form's select. */
export const usePrograms = () =>
  useQuery({
    queryKey: ['get', '/v1/programs', { all: true }],
    queryFn: ({ signal }) =>
      allPages<Schema<'Program'>>((cursor) =>
        fetchClient.GET('/v1/programs', { params: { query: { limit: 200, cursor } }, signal }),
      ),
    ...lookupOptions,
  });

/** Every municipality: one list for the whole page, so rows look names up by id (no call per row). */
export const useMunicipalities = () =>
  useQuery({
    queryKey: ['get', '/v1/municipalities', { all: true }],
    queryFn: ({ signal }) =>
      allPages<Schema<'Municipality'>>((cursor) =>
        fetchClient.GET('/v1/municipalities', { params: { query: { limit: 200, cursor } }, signal }),
      ),
    select: (rows) => ({ list: rows, byId: new Map(rows.map((m) => [m.id, m])) }),
    ...lookupOptions,
  });

/** The active users with the role moderator, who can be assigned to a workshop. */
export const useModerators = () =>
  useQuery({
    queryKey: ['get', '/v1/users', { all: true, role: 'moderator' }],
    queryFn: ({ signal }) =>
      allPages<Schema<'User'>>((cursor) =>
        fetchClient.GET('/v1/users', {
          params: { query: { limit: 200, cursor, role: 'moderator' } },
          signal,
        }),
      ),
    select: (rows) => rows.filter((u) => !u.disabled),
    ...lookupOptions,
  });

const byName = new Intl.Collator('de-DE');
export const sortByName = <T extends { name: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => byName.compare(a.name, b.name));
