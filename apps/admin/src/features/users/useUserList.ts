import { useMemo } from 'react';
import { $api } from '../../api/client';
import type { Role } from './roles';

const PAGE_SIZE = 100;

/** The users the API returns for a role and a municipality (each optional), page by page. */
export function useUserList({ role, municipalityId }: { role?: Role; municipalityId?: string }) {
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/users',
    {
      params: {
        query: {
          limit: PAGE_SIZE,
          ...(role ? { role } : {}),
          ...(municipalityId ? { municipalityId } : {}),
        },
      },
    },
    {
      // null sends no cursor at all: the first page.
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const users = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  return { list, users };
}

export type UserList = ReturnType<typeof useUserList>['list'];
