import { Link } from '@tanstack/react-router';
import { de } from '../../i18n/de';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { RowActions } from '../../ui/RowActions';
import type { Idea } from './queries';

const t = de.ideas;

const statusTone: Record<Idea['status'], BadgeTone> = {
  new: 'neutral',
  planned: 'success',
  parked: 'neutral',
  rejected: 'danger',
};

export type VoteKind = 'up' | 'down';

interface IdeaCardProps {
  idea: Idea;
  municipalityId: string;
  canVote: boolean;
  canEdit: boolean;
  /** The caller's dots on this idea: „Punkt zurücknehmen“ is offered only where there are some. */
  mine: number;
  promoting: boolean;
  /** The id of the element that says how many dots are left, for the vote button's description. */
  dotsId: string | undefined;
  /** The caller's budget in the field is used up: voting stays possible (the API answers), but quieter. */
  noDotsLeft: boolean;
  onVote: (idea: Idea, kind: VoteKind) => void;
  onEdit: (idea: Idea) => void;
  onWithdraw: (idea: Idea) => void;
  onPromote: (idea: Idea) => void;
}

/** One idea on the board: its dots in large type, what it is about, and what the user may do with it. */
export function IdeaCard({
  idea,
  municipalityId,
  canVote,
  canEdit,
  mine,
  promoting,
  dotsId,
  noDotsLeft,
  onVote,
  onEdit,
  onWithdraw,
  onPromote,
}: IdeaCardProps) {
  const titleId = `idea-${idea.id}`;
  // The visible word first, then which idea: one name per button in a list of many alike.
  const named = (label: string) => `${label}: ${idea.title}`;
  return (
    <li className="idea-card">
      <article aria-labelledby={titleId}>
        <p className="idea-votes">
          <span className="idea-votes-count">{idea.votes}</span>{' '}
          <span className="idea-votes-word">{t.votes(idea.votes)}</span>
        </p>
        <div className="idea-body">
          <h3 id={titleId}>{idea.title}</h3>
          {idea.description ? <p className="idea-description">{idea.description}</p> : null}
          {idea.estimatedDuration || idea.status !== 'new' ? (
            <p className="idea-meta">
              {idea.estimatedDuration ? (
                <Badge tone="info">
                  {t.duration}: {t.durations[idea.estimatedDuration]}
                </Badge>
              ) : null}
              {idea.status !== 'new' ? (
                <Badge tone={statusTone[idea.status]}>{t.statuses[idea.status]}</Badge>
              ) : null}
            </p>
          ) : null}
          {canVote ? (
            // biome-ignore lint/a11y/useSemanticElements: a fieldset would add a border and a legend to the card
            <div className="idea-vote" role="group" aria-label={t.voteFor(idea.title)}>
              <Button
                variant={noDotsLeft ? 'secondary' : 'primary'}
                data-vote={`${idea.id}:up`}
                aria-describedby={dotsId}
                onClick={() => onVote(idea, 'up')}
                aria-label={named(t.vote)}
              >
                {t.vote}
              </Button>
              {mine > 0 ? (
                <Button
                  variant="secondary"
                  data-vote={`${idea.id}:down`}
                  onClick={() => onVote(idea, 'down')}
                  aria-label={named(t.unvote)}
                >
                  {t.unvote}
                </Button>
              ) : null}
              {mine > 0 ? <span className="idea-mine">{t.mine(mine)}</span> : null}
            </div>
          ) : null}
          {idea.measureId ? (
            <p className="idea-measure">
              <Link
                className="link"
                to="/arbeitsbereich/$municipalityId/massnahmen/$measureId"
                params={{ municipalityId, measureId: idea.measureId }}
                aria-label={named(t.toMeasure)}
              >
                {t.toMeasure}
              </Link>
            </p>
          ) : null}
          {canEdit ? (
            <RowActions label={t.actionsFor(idea.title)}>
              {idea.measureId ? null : (
                <Button
                  variant="secondary"
                  busy={promoting}
                  busyLabel={t.promoting}
                  onClick={() => onPromote(idea)}
                  aria-label={named(promoting ? t.promoting : t.promote)}
                >
                  {t.promote}
                </Button>
              )}
              <Button variant="secondary" onClick={() => onEdit(idea)} aria-label={named(t.edit)}>
                {t.edit}
              </Button>
              <Button variant="secondary" onClick={() => onWithdraw(idea)} aria-label={named(t.withdraw)}>
                {t.withdraw}
              </Button>
            </RowActions>
          ) : null}
        </div>
      </article>
    </li>
  );
}
