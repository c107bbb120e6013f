import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';

const t = de.ideas.problems;

/** The German sentence for a refused vote, promotion or withdrawal (not about one form field). */
export function ideaProblem(error: unknown): string {
  if (isProblem(error)) {
    switch (error.code) {
      case 'dot_budget_exhausted': {
        const of = (error as { dotsPerField?: unknown }).dotsPerField;
        return typeof of === 'number' ? t.budgetExhausted(of) : t.budgetExhaustedUnknown;
      }
      case 'no_vote_to_withdraw':
        return t.noVoteToWithdraw;
      case 'idea_already_promoted':
        return t.alreadyPromoted;
      case 'strategy_required':
        return t.strategyRequired;
    }
    if (error.status === 404) return t.gone;
    if (error.status === 403) return t.forbidden;
  }
  return problemMessage(error);
}
