import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { fetchClient } from '../../api/client';
import { isProblem } from '../../api/problems';
import { useToast } from '../../ui/Toast';
import { ideaProblem } from './problems';
import {
  type Idea,
  type IdeaPage,
  ideasKey,
  type MyDots,
  type MyVotes,
  myDotsKey,
  myVotesKey,
} from './queries';

type Direction = 1 | -1;
type IdeaVotes = Schema<'IdeaVotes'>;

interface Variables {
  idea: Idea;
  direction: Direction;
}

/** Moves one dot on the board's caches: the idea's count and the caller's budget of its field. */
function shiftDot(queryClient: QueryClient, municipalityId: string, idea: Idea, d: Direction): void {
  queryClient.setQueryData<IdeaPage>(ideasKey(municipalityId), (page) =>
    page
      ? { ...page, data: page.data.map((i) => (i.id === idea.id ? { ...i, votes: i.votes + d } : i)) }
      : page,
  );
  queryClient.setQueryData<MyDots>(myDotsKey(municipalityId), (dots) =>
    dots
      ? {
          ...dots,
          fields: dots.fields.map((f) =>
            f.actionFieldId === idea.actionFieldId
              ? { ...f, dotsUsed: f.dotsUsed + d, dotsLeft: f.dotsLeft - d }
              : f,
          ),
        }
      : dots,
  );
}

function setMyVotes(queryClient: QueryClient, municipalityId: string, ideaId: string, n: number | undefined) {
  queryClient.setQueryData<MyVotes>(myVotesKey(municipalityId), (all = {}) => {
    const { [ideaId]: _, ...rest } = all;
    return n === undefined ? rest : { ...rest, [ideaId]: n };
  });
}

/** The server's word after a vote: the idea's count, the caller's dots on it and left in its field. */
function settle(queryClient: QueryClient, municipalityId: string, result: IdeaVotes): void {
  queryClient.setQueryData<IdeaPage>(ideasKey(municipalityId), (page) =>
    page
      ? { ...page, data: page.data.map((i) => (i.id === result.ideaId ? { ...i, votes: result.votes } : i)) }
      : page,
  );
  queryClient.setQueryData<MyDots>(myDotsKey(municipalityId), (dots) =>
    dots
      ? {
          ...dots,
          dotsPerField: result.dotsPerField,
          fields: dots.fields.map((f) =>
            f.actionFieldId === result.actionFieldId
              ? { ...f, dotsUsed: result.dotsPerField - result.dotsLeft, dotsLeft: result.dotsLeft }
              : f,
          ),
        }
      : dots,
  );
  setMyVotes(queryClient, municipalityId, result.ideaId, result.myVotes);
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
      const mine = queryClient.getQueryData<MyVotes>(myVotesKey(municipalityId))?.[idea.id];
      const left = queryClient
        .getQueryData<MyDots>(myDotsKey(municipalityId))
        ?.fields.find((f) => f.actionFieldId === idea.actionFieldId)?.dotsLeft;
      // With no dot left as far as the board knows, nothing is shown in advance: the API decides.
      const shifted = direction === -1 || left === undefined || left > 0;
      if (shifted) {
        shiftDot(queryClient, municipalityId, idea, direction);
        setMyVotes(queryClient, municipalityId, idea.id, Math.max(0, (mine ?? 0) + direction));
      }
      return { mine, shifted };
    },
    onError: (error, { idea, direction }, context) => {
      if (context?.shifted) shiftDot(queryClient, municipalityId, idea, direction === 1 ? -1 : 1);
      const code = isProblem(error) ? error.code : null;
      setMyVotes(queryClient, municipalityId, idea.id, code === 'no_vote_to_withdraw' ? 0 : context?.mine);
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
