import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { $api, fetchClient } from '../../api/client';
import { etagFor } from '../../api/etag';
import { problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { conflictOf } from '../../ui/form';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { type ActionField, ActionFieldDialog, actionFieldPath } from './ActionFieldForm';

const t = de.programs.actionFields;

/** Thrown when a field changed since the list was read: the user sees the conflict dialog. */
class Stale extends Error {}

/**
 * The current ETag of a field as listed, for If-Match; `Stale` when someone changed it since (the list
 * does not carry per-field tags, so the field is read once more).
 */
async function tagOfListed(programId: string, field: ActionField): Promise<string> {
  const { data, error } = await fetchClient.GET('/v1/programs/{programId}/action-fields/{id}', {
    params: { path: { programId, id: field.id } },
  });
  if (error) throw error;
  const tag = etagFor(actionFieldPath(programId, field.id));
  if (data.updatedAt !== field.updatedAt || !tag) throw new Stale();
  return tag;
}

/**
 * The new sort orders after moving `index` one place: the two fields swap their values; when they
 * share one (ties go by creation), the catalog is numbered anew in steps of 10.
 */
export function reorder(
  fields: readonly ActionField[],
  index: number,
  direction: -1 | 1,
): { field: ActionField; sortOrder: number }[] {
  const a = fields[index];
  const b = fields[index + direction];
  if (!a || !b) return [];
  if (a.sortOrder !== b.sortOrder) {
    return [
      { field: a, sortOrder: b.sortOrder },
      { field: b, sortOrder: a.sortOrder },
    ];
  }
  const order = [...fields];
  order[index] = b;
  order[index + direction] = a;
  return order
    .map((field, i) => ({ field, sortOrder: (i + 1) * 10 }))
    .filter(({ field, sortOrder }) => field.sortOrder !== sortOrder);
}

type Editing = { kind: 'add' } | { kind: 'edit'; id: string } | null;

/** The program's Handlungsfelder in their order; program administrators add, edit, move and delete. */
export function ActionFieldsSection({ programId, canManage }: { programId: string; canManage: boolean }) {
  const query = $api.useQuery('get', '/v1/programs/{programId}/action-fields', {
    params: { path: { programId }, query: { limit: 200 } },
  });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ActionField | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());
  // Moving a list item through the DOM drops its focus; the moved field's button takes it back.
  const focusAfterMove = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the reordered list arrives
  useEffect(() => {
    if (!focusAfterMove.current) return;
    buttons.current.get(focusAfterMove.current)?.focus();
    focusAfterMove.current = null;
  }, [query.data]);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['get', '/v1/programs/{programId}/action-fields'] }),
      queryClient.invalidateQueries({ queryKey: ['get', '/v1/programs/{programId}/action-fields/{id}'] }),
    ]);

  const failed = (error: unknown) => {
    if (error instanceof Stale || conflictOf(error)) setConflict(true);
    else toast('error', problemMessage(error));
  };

  const move = async (fields: readonly ActionField[], index: number, direction: -1 | 1) => {
    if (busy) return;
    const field = fields[index];
    if (!field) return;
    setBusy(true);
    try {
      for (const change of reorder(fields, index, direction)) {
        const tag = await tagOfListed(programId, change.field);
        const { error } = await fetchClient.PATCH('/v1/programs/{programId}/action-fields/{id}', {
          params: { path: { programId, id: change.field.id }, header: { 'if-match': tag } },
          body: { sortOrder: change.sortOrder },
        });
        if (error) throw error;
      }
      const position = index + direction + 1;
      // The moved field keeps the focus; at the top or bottom, on the button that still works.
      const atEdge = position === 1 || position === fields.length;
      const same = direction === -1 ? 'up' : 'down';
      const other = direction === -1 ? 'down' : 'up';
      focusAfterMove.current = `${field.id}:${atEdge ? other : same}`;
      await refresh();
      setAnnouncement(t.moved(field.title, position));
    } catch (error) {
      await refresh();
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!deleting || busy) return;
    setBusy(true);
    try {
      const tag = await tagOfListed(programId, deleting);
      const { error } = await fetchClient.DELETE('/v1/programs/{programId}/action-fields/{id}', {
        params: { path: { programId, id: deleting.id }, header: { 'if-match': tag } },
      });
      if (error) throw error;
      toast('success', t.delete.done(deleting.title));
      setDeleting(null);
      await refresh();
    } catch (error) {
      if (error instanceof Stale || conflictOf(error)) {
        setDeleting(null);
        setConflict(true);
      } else setDeleteError(`${t.delete.refused} ${problemMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="action-fields" aria-labelledby="action-fields-heading">
      <div className="section-head">
        <h2 id="action-fields-heading">{t.heading}</h2>
        {canManage ? (
          <Button onClick={() => setEditing({ kind: 'add' })} disabled={!query.data}>
            {t.add}
          </Button>
        ) : null}
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <QueryState
        query={query}
        loadingLabel={t.loading}
        isEmpty={(page) => page.data.length === 0}
        empty={<p>{t.empty}</p>}
      >
        {({ data: fields }) => (
          <>
            <p className="muted list-count">{t.count(fields.length)}</p>
            <ol className="field-list">
              {fields.map((field, index) => (
                <li key={field.id} className="field-item" aria-labelledby={`action-field-${field.id}`}>
                  <div className="field-item-head">
                    <span className="field-position" aria-hidden="true">
                      {index + 1}
                    </span>
                    <div className="field-item-title">
                      <h3 id={`action-field-${field.id}`}>{field.title}</h3>
                      <p className="muted small">
                        {t.key}: <code>{field.key}</code>
                      </p>
                    </div>
                  </div>
                  {field.description ? <p className="field-description">{field.description}</p> : null}
                  {field.exampleMeasures.length > 0 ? (
                    <details className="field-examples">
                      <summary>
                        {t.examplesHeading} ({field.exampleMeasures.length})
                      </summary>
                      <ul>
                        {field.exampleMeasures.map((measure) => (
                          <li key={measure}>{measure}</li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  {canManage ? (
                    <div className="field-actions">
                      <button
                        type="button"
                        className="button button-secondary"
                        ref={(el) => {
                          buttons.current.set(`${field.id}:up`, el);
                        }}
                        disabled={index === 0}
                        aria-disabled={busy || undefined}
                        aria-label={`${t.moveUp}: ${field.title}`}
                        onClick={() => void move(fields, index, -1)}
                      >
                        {t.moveUp}
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        ref={(el) => {
                          buttons.current.set(`${field.id}:down`, el);
                        }}
                        disabled={index === fields.length - 1}
                        aria-disabled={busy || undefined}
                        aria-label={`${t.moveDown}: ${field.title}`}
                        onClick={() => void move(fields, index, 1)}
                      >
                        {t.moveDown}
                      </button>
                      <Button
                        variant="secondary"
                        aria-label={`${t.edit}: ${field.title}`}
                        onClick={() => setEditing({ kind: 'edit', id: field.id })}
                      >
                        {t.edit}
                      </Button>
                      <Button
                        variant="danger"
                        aria-label={`${t.remove}: ${field.title}`}
                        onClick={() => {
                          setDeleteError(null);
                          setDeleting(field);
                        }}
                      >
                        {t.remove}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        )}
      </QueryState>
      {canManage ? (
        <>
          <ActionFieldDialog
            programId={programId}
            open={editing !== null}
            {...(editing?.kind === 'edit' ? { fieldId: editing.id } : {})}
            key={editing?.kind === 'edit' ? editing.id : 'add'}
            onClose={() => setEditing(null)}
            onSaved={(saved, created) => {
              setEditing(null);
              toast('success', created ? t.created(saved.title) : t.saved(saved.title));
            }}
          />
          <ConfirmDialog
            open={deleting !== null}
            title={deleting ? t.delete.title(deleting.title) : ''}
            confirmLabel={t.delete.confirm}
            busy={busy}
            busyLabel={t.delete.deleting}
            error={deleteError}
            onConfirm={() => void remove()}
            onClose={() => setDeleting(null)}
          >
            <p>{t.delete.text}</p>
          </ConfirmDialog>
          <ConflictDialog
            open={conflict}
            onReload={() => {
              setConflict(false);
              void refresh();
            }}
            onClose={() => setConflict(false)}
          />
        </>
      ) : null}
    </section>
  );
}
