import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { $api, fetchClient } from '../../api/client';

export type Idea = Schema<'Idea'>;
export type IdeaPage = Schema<'IdeaPage'>;
export type MyDots = Schema<'MyDots'>;
export type Strategy = Schema<'Strategy'>;
export type StrategyField = Schema<'StrategyField'>;
export type IdeaSort = 'votes' | 'newest';

/** The largest page the API serves; a municipality collects a few dozen ideas per field. */
const PAGE = 200;

/** Every live idea of the municipality, all pages in one list (the key's shape follows `$api`'s). */
export const ideasKey = (id: string) =>
  ['get', '/v1/municipalities/{id}/ideas', { params: { path: { id }, query: { limit: PAGE } } }] as const;

export const myDotsKey = (id: string) =>
  $api.queryOptions('get', '/v1/municipalities/{id}/ideas/my-dots', { params: { path: { id } } }).queryKey;

export const ideaPath = (municipalityId: string, ideaId: string) =>
  `/v1/municipalities/${municipalityId}/ideas/${ideaId}`;

export const useStrategy = (municipalityId: string) =>
  $api.useQuery('get', '/v1/municipalities/{id}/strategy', { params: { path: { id: municipalityId } } });

export function useIdeas(municipalityId: string, enabled = true) {
  return useQuery({
    queryKey: ideasKey(municipalityId),
    enabled,
    queryFn: async ({ signal }): Promise<IdeaPage> => {
      const all: Idea[] = [];
      let cursor: string | undefined;
      do {
        const { data, error } = await fetchClient.GET('/v1/municipalities/{id}/ideas', {
          params: { path: { id: municipalityId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
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

export const useMyDots = (municipalityId: string, enabled: boolean) =>
  $api.useQuery(
    'get',
    '/v1/municipalities/{id}/ideas/my-dots',
    { params: { path: { id: municipalityId } } },
    { enabled },
  );

/**
 * The caller's dots per idea, from my-dots: the idea list is the same for everyone and cannot say
 * whose dots an idea carries. An idea without any is missing.
 */
export const myDotsByIdea = (dots: MyDots | undefined): ReadonlyMap<string, number> =>
  new Map(dots?.ideas.map((i) => [i.ideaId, i.dots]));

const newestFirst = (a: Idea, b: Idea): number =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/** Most dots first (ties: the newer idea first, as the API's `-votes`), or newest first. */
export function sortIdeas(ideas: readonly Idea[], sort: IdeaSort): Idea[] {
  return [...ideas].sort(sort === 'votes' ? (a, b) => b.votes - a.votes || newestFirst(a, b) : newestFirst);
}

/** After an idea was added, changed, withdrawn or promoted: the board, and what depends on it. */
export async function refreshIdeas(queryClient: QueryClient, municipalityId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ideasKey(municipalityId) }),
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/ideas/{ideaId}'] }),
    queryClient.invalidateQueries({ queryKey: myDotsKey(municipalityId) }),
  ]);
}
