import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { fetchClient } from '../../api/client';
import { isProblem } from '../../api/problems';
import { useToast } from '../../ui/Toast';
import { ideaProblem } from './problems';
import { type Idea, type IdeaPage, ideasKey, type MyDots, myDotsKey } from './queries';

type Direction = 1 | -1;
type IdeaVotes = Schema<'IdeaVotes'>;

interface Variables {
  idea: Idea;
  direction: Direction;
}

/** Changes the caller's cached my-dots, if the board has read them. */
function updateMyDots(queryClient: QueryClient, municipalityId: string, change: (dots: MyDots) => MyDots) {
  queryClient.setQueryData<MyDots>(myDotsKey(municipalityId), (dots) => (dots ? change(dots) : dots));
}

const dotsOn = (dots: MyDots, ideaId: string): number =>
  dots.ideas.find((i) => i.ideaId === ideaId)?.dots ?? 0;

/** The caller's dots on one idea set to `n`; like the API, no entry for an idea without any. */
function withDotsOn(dots: MyDots, ideaId: string, n: number): MyDots['ideas'] {
  const others = dots.ideas.filter((i) => i.ideaId !== ideaId);
  if (n <= 0) return others;
  // In the API's order (oldest idea first, i.e. by id), so a later read changes nothing needlessly.
  return [...others, { ideaId, dots: n }].sort((a, b) => a.ideaId.localeCompare(b.ideaId));
}

/** Moves one dot on the board's caches: the idea's count, the caller's dots on it and left in its field. */
function shiftDot(queryClient: QueryClient, municipalityId: string, idea: Idea, d: Direction): void {
  queryClient.setQueryData<IdeaPage>(ideasKey(municipalityId), (page) =>
    page
      ? { ...page, data: page.data.map((i) => (i.id === idea.id ? { ...i, votes: i.votes + d } : i)) }
      : page,
  );
  updateMyDots(queryClient, municipalityId, (dots) => ({
    ...dots,
    fields: dots.fields.map((f) =>
      f.actionFieldId === idea.actionFieldId
        ? { ...f, dotsUsed: f.dotsUsed + d, dotsLeft: f.dotsLeft - d }
        : f,
    ),
    ideas: withDotsOn(dots, idea.id, dotsOn(dots, idea.id) + d),
  }));
}

/** The server's word after a vote: the idea's count, the caller's dots on it and left in its field. */
function settle(queryClient: QueryClient, municipalityId: string, result: IdeaVotes): void {
  queryClient.setQueryData<IdeaPage>(ideasKey(municipalityId), (page) =>
    page
      ? { ...page, data: page.data.map((i) => (i.id === result.ideaId ? { ...i, votes: result.votes } : i)) }
      : page,
  );
  updateMyDots(queryClient, municipalityId, (dots) => ({
    dotsPerField: result.dotsPerField,
    fields: dots.fields.map((f) =>
      f.actionFieldId === result.actionFieldId
        ? { ...f, dotsUsed: result.dotsPerField - result.dotsLeft, dotsLeft: result.dotsLeft }
        : f,
    ),
    ideas: withDotsOn(dots, result.ideaId, result.myVotes),
  }));
}

/**
 * „Punkt geben“ and „Punkt zurücknehmen“: the board shows the dot at once and takes it back when the
 * API refuses (e.g. the budget is used up on another device), saying why in German.
 */
export function useVote(municipalityId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async ({ idea, direction }: Variables): Promise<IdeaVotes> => {
      const params = { path: { id: municipalityId, ideaId: idea.id } };
      const { data, error } =
        direction === 1
          ? await fetchClient.POST('/v1/municipalities/{id}/ideas/{ideaId}/votes', {
              params: { ...params, header: { 'idempotency-key': crypto.randomUUID() } },
            })
          : await fetchClient.DELETE('/v1/municipalities/{id}/ideas/{ideaId}/votes', { params });
      if (error) throw error;
      return data;
    },
    onMutate: async ({ idea, direction }) => {
      await Promise.all([
        queryClient.cancelQueries({ queryKey: ideasKey(municipalityId) }),
        queryClient.cancelQueries({ queryKey: myDotsKey(municipalityId) }),
      ]);
      const left = queryClient
        .getQueryData<MyDots>(myDotsKey(municipalityId))
        ?.fields.find((f) => f.actionFieldId === idea.actionFieldId)?.dotsLeft;
      // With no dot left as far as the board knows, nothing is shown in advance: the API decides.
      const shifted = direction === -1 || left === undefined || left > 0;
      if (shifted) shiftDot(queryClient, municipalityId, idea, direction);
      return { shifted };
    },
    onError: (error, { idea, direction }, context) => {
      if (context?.shifted) shiftDot(queryClient, municipalityId, idea, direction === 1 ? -1 : 1);
      // The dots were taken back elsewhere: stop offering „Punkt zurücknehmen“ there at once.
      if (isProblem(error) && error.code === 'no_vote_to_withdraw') {
        updateMyDots(queryClient, municipalityId, (dots) => ({
          ...dots,
          ideas: withDotsOn(dots, idea.id, 0),
        }));
      }
      toast('error', ideaProblem(error));
      // The budget or the idea may have changed elsewhere: read them again.
      void queryClient.invalidateQueries({ queryKey: myDotsKey(municipalityId) });
      if (isProblem(error) && error.status === 404) {
        void queryClient.invalidateQueries({ queryKey: ideasKey(municipalityId) });
      }
    },
    // No toast on success: the count on the card and the dots meter (a live region) say it, and a
    // meeting's many votes would stack toasts over the cards.
    onSuccess: (result) => settle(queryClient, municipalityId, result),
  });
}
