import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useLayoutEffect, useRef, useState } from 'react';
import { fetchClient } from '../../api/client';
import { etagFor } from '../../api/etag';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useWorkspace } from '../workspace/useWorkspace';
import { IdeaCard, type VoteKind } from './IdeaCard';
import { IdeaDialog } from './IdeaForm';
import { ideaProblem } from './problems';
import {
  type Idea,
  type IdeaSort,
  ideaPath,
  myDotsByIdea,
  refreshIdeas,
  type Strategy,
  sortIdeas,
  useIdeas,
  useMyDots,
  useStrategy,
} from './queries';
import type { IdeasSearch } from './search';
import { useVote } from './useVote';
import './ideas.css';

const t = de.ideas;

interface IdeasPageProps {
  search: IdeasSearch;
  onSearch: (next: IdeasSearch) => void;
}

/** The ideas board of a municipality's workspace: one action field at a time, made for a tablet. */
export function IdeasPage({ search, onSearch }: IdeasPageProps) {
  const { municipalityId, municipality } = useWorkspace();
  const strategy = useStrategy(municipalityId);
  const noStrategy = isProblem(strategy.error) && strategy.error.status === 404;
  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle(municipality.name)} />
      {noStrategy ? (
        <NoFields />
      ) : (
        <QueryState query={strategy} loadingLabel={t.loading}>
          {(s) =>
            s.fields.length === 0 ? <NoFields /> : <Board strategy={s} search={search} onSearch={onSearch} />
          }
        </QueryState>
      )}
    </>
  );
}

function NoFields() {
  const { municipalityId } = useWorkspace();
  return (
    <section className="card" aria-labelledby="ideas-no-fields">
      <h2 id="ideas-no-fields">{t.noStrategyTitle}</h2>
      <p>{t.noStrategyText}</p>
      <Link className="link" to="/arbeitsbereich/$municipalityId/strategie" params={{ municipalityId }}>
        {t.toStrategy}
      </Link>
    </section>
  );
}

type Editing = { kind: 'add' } | { kind: 'edit'; id: string } | null;

interface BoardProps extends IdeasPageProps {
  strategy: Strategy;
}

function Board({ strategy, search, onSearch }: BoardProps) {
  const { municipalityId, canEdit, canVote } = useWorkspace();
  const ideas = useIdeas(municipalityId);
  const myDots = useMyDots(municipalityId, canVote);
  const vote = useVote(municipalityId);
  const promote = usePromote(municipalityId);
  const toast = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const [withdrawing, setWithdrawing] = useState<Idea | null>(null);

  const field = strategy.fields.find((f) => f.actionFieldId === search.feld) ?? strategy.fields[0]!;
  const sort: IdeaSort = search.sortierung === 'neueste' ? 'newest' : 'votes';
  const all = ideas.data?.data ?? [];
  const inField = sortIdeas(
    all.filter((i) => i.actionFieldId === field.actionFieldId),
    sort,
  );
  const dotsOf = (actionFieldId: string) =>
    myDots.data?.fields.find((f) => f.actionFieldId === actionFieldId);
  const dots = dotsOf(field.actionFieldId);
  const mineOn = myDotsByIdea(myDots.data);
  const perField = myDots.data?.dotsPerField ?? 0;

  // A vote re-sorts the list, and moving an item through the DOM drops its focus: give it back.
  const list = useRef<HTMLOListElement>(null);
  const lastVote = useRef<string | null>(null);
  useLayoutEffect(() => {
    const target = lastVote.current;
    if (!target || (document.activeElement && document.activeElement !== document.body)) return;
    const [id] = target.split(':');
    const button =
      list.current?.querySelector<HTMLElement>(`[data-vote="${target}"]`) ??
      list.current?.querySelector<HTMLElement>(`[data-vote="${id}:up"]`);
    button?.focus();
  });

  const onVote = (idea: Idea, kind: VoteKind) => {
    lastVote.current = `${idea.id}:${kind}`;
    vote.mutate({ idea, direction: kind === 'up' ? 1 : -1 });
  };

  return (
    <div className="ideas-layout">
      <section className="ideas-fields" aria-labelledby="ideas-fields-title">
        <h2 id="ideas-fields-title" className="ideas-fields-title">
          {t.fieldsLabel}
        </h2>
        <p className="field-hint">{t.fieldsHint}</p>
        <ul className="plain-list ideas-field-list">
          {strategy.fields.map((f) => {
            const count = all.filter((i) => i.actionFieldId === f.actionFieldId).length;
            const left = dotsOf(f.actionFieldId)?.dotsLeft;
            const current = f.actionFieldId === field.actionFieldId;
            return (
              <li key={f.actionFieldId}>
                <button
                  type="button"
                  className="ideas-field-button"
                  aria-pressed={current}
                  onClick={() => onSearch({ ...search, feld: f.actionFieldId })}
                >
                  <span className="ideas-field-name">{f.actionFieldTitle}</span>
                  <span className="ideas-field-facts">
                    {ideas.data ? t.ideaCount(count) : null}
                    {ideas.data && canVote && left !== undefined ? ' · ' : null}
                    {canVote && left !== undefined ? t.dotsShort(Math.max(0, left)) : null}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="ideas-board" aria-labelledby="ideas-board-title">
        <div className="ideas-board-head">
          <h2 id="ideas-board-title">{field.actionFieldTitle}</h2>
          {field.goal ? (
            <p className="ideas-goal">
              <strong>{t.goal}:</strong> {field.goal}
            </p>
          ) : null}
        </div>

        <div className="ideas-toolbar">
          {canVote && dots ? <DotsMeter left={Math.max(0, dots.dotsLeft)} of={perField} /> : null}
          <fieldset className="ideas-sort">
            <legend>{t.sortLabel}</legend>
            {(
              [
                ['votes', t.sortVotes],
                ['newest', t.sortNewest],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="ideas-sort-option">
                <input
                  type="radio"
                  name="ideas-sort"
                  value={value}
                  checked={sort === value}
                  onChange={() =>
                    onSearch({
                      ...search,
                      ...(value === 'newest' ? { sortierung: 'neueste' } : { sortierung: undefined }),
                    })
                  }
                />
                <span>{label}</span>
              </label>
            ))}
          </fieldset>
          {canEdit ? (
            <div className="ideas-add">
              <Button onClick={() => setEditing({ kind: 'add' })}>{t.add}</Button>
            </div>
          ) : null}
        </div>

        <QueryState
          query={ideas}
          loadingLabel={t.loading}
          isEmpty={() => inField.length === 0}
          empty={
            <>
              <p>{t.empty}</p>
              {canEdit ? <p>{t.emptyEditor}</p> : null}
            </>
          }
        >
          {() => (
            <ol ref={list} className="plain-list ideas-list" aria-label={t.listLabel(field.actionFieldTitle)}>
              {inField.map((idea) => (
                <IdeaCard
                  key={idea.id}
                  idea={idea}
                  municipalityId={municipalityId}
                  canVote={canVote}
                  canEdit={canEdit}
                  mine={mineOn.get(idea.id) ?? 0}
                  promoting={promote.isPending && promote.variables?.id === idea.id}
                  dotsId={canVote && dots ? 'ideas-dots' : undefined}
                  noDotsLeft={dots !== undefined && dots.dotsLeft <= 0}
                  onVote={onVote}
                  onEdit={(i) => setEditing({ kind: 'edit', id: i.id })}
                  onWithdraw={setWithdrawing}
                  onPromote={(i) => {
                    if (!promote.isPending) promote.mutate(i);
                  }}
                />
              ))}
            </ol>
          )}
        </QueryState>
      </section>

      {canEdit ? (
        <>
          <IdeaDialog
            municipalityId={municipalityId}
            strategyFields={strategy.fields}
            actionFieldId={field.actionFieldId}
            open={editing !== null}
            {...(editing?.kind === 'edit' ? { ideaId: editing.id } : {})}
            onClose={() => setEditing(null)}
            onSaved={(idea, created) => {
              setEditing(null);
              toast('success', created ? t.added(idea.title) : t.saved(idea.title));
              if (idea.actionFieldId !== field.actionFieldId)
                onSearch({ ...search, feld: idea.actionFieldId });
            }}
          />
          <WithdrawDialog
            idea={withdrawing}
            onChanged={setWithdrawing}
            onClose={() => setWithdrawing(null)}
          />
        </>
      ) : null}
    </div>
  );
}

/** The caller's dots left in the field on screen, large enough to read across a meeting table. */
function DotsMeter({ left, of }: { left: number; of: number }) {
  return (
    <div className="dots-meter">
      <p id="ideas-dots" className="dots-meter-count" role="status">
        {left > 0 ? t.dotsLeft(left, of) : t.dotsAllUsed(of)}
      </p>
      <span className="dots-row" aria-hidden="true">
        {Array.from({ length: of }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the dots are interchangeable places
          <span key={i} className={i < left ? 'dot dot-free' : 'dot dot-used'} />
        ))}
      </span>
      <p className="dots-meter-hint">{left > 0 ? t.dotsHint : t.dotsAllUsedHint}</p>
    </div>
  );
}

/** „Zur Maßnahme machen“: one step, then the new measure's fact sheet. */
function usePromote(municipalityId: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  return useMutation({
    mutationFn: async (idea: Idea): Promise<Schema<'Measure'>> => {
      const { data, error } = await fetchClient.POST('/v1/municipalities/{id}/ideas/{ideaId}/promote', {
        params: {
          path: { id: municipalityId, ideaId: idea.id },
          header: { 'idempotency-key': crypto.randomUUID() },
        },
      });
      if (error) throw error;
      return data;
    },
    onSuccess: async (measure, idea) => {
      await Promise.all([
        refreshIdeas(queryClient, municipalityId),
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/measures'] }),
      ]);
      toast('success', t.promoted(idea.title));
      await navigate({
        to: '/arbeitsbereich/$municipalityId/massnahmen/$measureId',
        params: { municipalityId, measureId: measure.id },
      });
    },
    onError: (error) => {
      toast('error', ideaProblem(error));
      void refreshIdeas(queryClient, municipalityId);
    },
  });
}

/** Thrown when the idea changed since the board was read: the user looks again before withdrawing. */
class Stale extends Error {
  constructor(readonly current: Idea) {
    super('stale');
  }
}

/** „Zurückziehen“ asks first; the API's delete takes the idea off the board (a measure made from it stays). */
function WithdrawDialog({
  idea,
  onChanged,
  onClose,
}: {
  idea: Idea | null;
  /** Someone changed the idea meanwhile: the dialog now asks about this version. */
  onChanged: (current: Idea) => void;
  onClose: () => void;
}) {
  const { municipalityId } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const withdraw = useMutation({
    mutationFn: async (target: Idea) => {
      // The board's list carries no ETag per idea: read it once more for If-Match.
      const path = { id: municipalityId, ideaId: target.id };
      const current = await fetchClient.GET('/v1/municipalities/{id}/ideas/{ideaId}', { params: { path } });
      if (current.error) throw current.error;
      const tag = etagFor(ideaPath(municipalityId, target.id));
      if (current.data.updatedAt !== target.updatedAt || !tag) throw new Stale(current.data);
      const { error: failed } = await fetchClient.DELETE('/v1/municipalities/{id}/ideas/{ideaId}', {
        params: { path, header: { 'if-match': tag } },
      });
      if (failed) throw failed;
    },
  });
  const close = () => {
    setError(null);
    withdraw.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={idea !== null}
      title={idea ? t.withdrawTitle(idea.title) : ''}
      confirmLabel={t.withdrawConfirm}
      busyLabel={t.withdrawing}
      busy={withdraw.isPending}
      error={error}
      onClose={close}
      onConfirm={() => {
        if (!idea) return;
        setError(null);
        withdraw.mutate(idea, {
          onSuccess: async () => {
            await refreshIdeas(queryClient, municipalityId);
            toast('success', t.withdrawn(idea.title));
            close();
          },
          onError: (failure) => {
            if (failure instanceof Stale) onChanged(failure.current);
            const stale = failure instanceof Stale || (isProblem(failure) && failure.status === 412);
            setError(stale ? t.withdrawChanged : ideaProblem(failure));
            void refreshIdeas(queryClient, municipalityId);
          },
        });
      }}
    >
      <p>{t.withdrawText}</p>
    </ConfirmDialog>
  );
}
