import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useEffect, useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/FormField';
import { changedLabels, FormMessages, problemToForm, useConcurrentSave, useForm } from '../../ui/form';
import { QueryState } from '../../ui/QueryState';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { type Idea, ideaPath, refreshIdeas, type StrategyField } from './queries';

const t = de.ideas.form;
const fields = ['title', 'description', 'actionFieldId', 'estimatedDuration'] as const;
type Field = (typeof fields)[number];
type Duration = Schema<'IdeaDuration'>;
type DurationChoice = Duration | 'none';

interface Values {
  title: string;
  description: string;
  actionFieldId: string;
  estimatedDuration: DurationChoice;
}

const valuesOf = (idea: Idea | undefined, actionFieldId: string): Values => ({
  title: idea?.title ?? '',
  description: idea?.description ?? '',
  actionFieldId: idea?.actionFieldId ?? actionFieldId,
  estimatedDuration: idea?.estimatedDuration ?? 'none',
});

const durationOptions: { value: DurationChoice; label: string }[] = [
  { value: 'none', label: t.durationNone },
  ...(Object.entries(de.ideas.durations) as [Duration, string][]).map(([value, label]) => ({ value, label })),
];

/** The API's refusals at the fields they are about, in German. */
export const ideaProblemMapping = {
  fields: t.fieldErrors,
  codes: {
    unknown_action_field: { field: 'actionFieldId', message: t.unknownActionField },
    strategy_required: t.strategyRequired,
    not_found: t.gone,
  },
} as const;

interface IdeaDialogProps {
  municipalityId: string;
  /** The strategy's chosen fields, the ones an idea may belong to. */
  strategyFields: readonly StrategyField[];
  /** The field a new idea starts in (the one on screen). */
  actionFieldId: string;
  /** The idea to edit (its current version is read first, for If-Match); without it, a new idea. */
  ideaId?: string;
  open: boolean;
  onClose: () => void;
  onSaved: (idea: Idea, created: boolean) => void;
}

/** Add or edit an idea in a dialog over the board. */
export function IdeaDialog({ municipalityId, ideaId, open, onClose, ...rest }: IdeaDialogProps) {
  const current = $api.useQuery(
    'get',
    '/v1/municipalities/{id}/ideas/{ideaId}',
    { params: { path: { id: municipalityId, ideaId: ideaId ?? '' } } },
    { enabled: open && ideaId !== undefined, staleTime: 0, gcTime: 0 },
  );
  const [dirty, setDirty] = useState(false);
  const mayClose = () => !dirty || window.confirm(t.discardConfirm);
  const close = () => {
    setDirty(false);
    onClose();
  };
  const title = ideaId ? t.editTitle(current.data?.title ?? '') : t.addTitle;
  const form = (idea?: Idea) => (
    <IdeaForm
      key={idea?.id ?? 'new'}
      municipalityId={municipalityId}
      idea={idea}
      onDirty={setDirty}
      onCancel={() => mayClose() && close()}
      {...rest}
    />
  );
  return (
    <Dialog open={open} title={title} onClose={close} canClose={mayClose}>
      {!open ? null : ideaId ? (
        <QueryState query={current} loadingLabel={de.ideas.loading}>
          {(idea) => form(idea)}
        </QueryState>
      ) : (
        form()
      )}
    </Dialog>
  );
}

interface IdeaFormProps
  extends Pick<IdeaDialogProps, 'municipalityId' | 'strategyFields' | 'actionFieldId' | 'onSaved'> {
  idea: Idea | undefined;
  onDirty: (dirty: boolean) => void;
  onCancel: () => void;
}

export function IdeaForm({
  municipalityId,
  strategyFields,
  actionFieldId,
  idea,
  onDirty,
  onCancel,
  onSaved,
}: IdeaFormProps) {
  const form = useForm<Values, Field>(valuesOf(idea, actionFieldId));
  const save = useConcurrentSave(idea, idea ? etagFor(ideaPath(municipalityId, idea.id)) : undefined);
  // One key per filled-in form: a retry after a lost answer does not add the idea twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const create = $api.useMutation('post', '/v1/municipalities/{id}/ideas');
  const update = $api.useMutation('patch', '/v1/municipalities/{id}/ideas/{ideaId}');
  const busy = create.isPending || update.isPending;

  useUnsavedChanges(form.dirty);
  useEffect(() => onDirty(form.dirty), [form.dirty, onDirty]);

  const fieldOptions = strategyFields.map((f) => ({ value: f.actionFieldId, label: f.actionFieldTitle }));
  // An idea of a field the strategy no longer lists keeps it selectable, so saving does not move it.
  if (idea && !fieldOptions.some((o) => o.value === idea.actionFieldId)) {
    fieldOptions.push({ value: idea.actionFieldId, label: t.actionField });
  }

  const submit = async (ifMatch = save.ifMatch) => {
    if (busy) return;
    const v = form.values;
    const missing: Partial<Record<Field, string>> = {};
    if (!v.title.trim()) missing.title = t.missing.title;
    if (!v.actionFieldId) missing.actionFieldId = t.missing.actionFieldId;
    if (Object.keys(missing).length > 0) return form.fail(missing);
    const body = {
      title: v.title.trim(),
      description: v.description.trim(),
      actionFieldId: v.actionFieldId,
      estimatedDuration: v.estimatedDuration === 'none' ? null : v.estimatedDuration,
    } satisfies Schema<'UpdateIdeaInput'>;
    try {
      const saved = idea
        ? await update.mutateAsync({
            params: { path: { id: municipalityId, ideaId: idea.id }, header: ifMatch },
            body,
          })
        : await create.mutateAsync({
            params: { path: { id: municipalityId }, header: { 'idempotency-key': idempotencyKey } },
            // The API's defaults, spelled out: the generated input type lists them as required.
            body: { ...body, sourceWorkshopId: null, status: 'new', votes: 0 },
          });
      await refreshIdeas(queryClient, municipalityId);
      form.reset(valuesOf(saved, saved.actionFieldId));
      onDirty(false);
      onSaved(saved, !idea);
    } catch (error) {
      if (save.caught(error)) return;
      const mapped = problemToForm(error, ideaProblemMapping);
      form.fail(mapped.fields, mapped.message);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const { values, errors, set } = form;
  return (
    <form noValidate onSubmit={onSubmit} aria-label={idea ? t.editTitle(idea.title) : t.addTitle}>
      <FormMessages order={fields} errors={errors} formError={form.formError} attempt={form.attempt} />
      <TextField
        name="title"
        label={t.titleLabel}
        hint={t.titleHint}
        required
        value={values.title}
        onChange={set('title')}
        error={errors.title}
      />
      <TextField
        name="description"
        label={t.description}
        hint={t.descriptionHint}
        multiline
        value={values.description}
        onChange={set('description')}
        error={errors.description}
      />
      <SelectField
        name="actionFieldId"
        label={t.actionField}
        placeholder={t.actionFieldPlaceholder}
        options={fieldOptions}
        required
        value={values.actionFieldId}
        onChange={set('actionFieldId')}
        error={errors.actionFieldId}
      />
      <SelectField
        name="estimatedDuration"
        label={t.duration}
        hint={t.durationHint}
        placeholder={t.durationNone}
        options={durationOptions}
        value={values.estimatedDuration}
        onChange={set('estimatedDuration')}
        error={errors.estimatedDuration}
      />
      <div className="form-buttons">
        <Button type="submit" busy={busy} busyLabel={de.ui.saving}>
          {idea ? t.submitEdit : t.submitAdd}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {de.ui.cancel}
        </Button>
      </div>
      <ConflictDialog
        open={save.conflict !== null}
        changed={
          save.conflict && idea
            ? changedLabels(
                valuesOf(save.base ?? idea, actionFieldId),
                valuesOf(save.conflict.current, actionFieldId),
                {
                  title: t.titleLabel,
                  description: t.description,
                  actionFieldId: t.actionField,
                  estimatedDuration: t.duration,
                },
              )
            : []
        }
        onReload={() => {
          const next = save.reload();
          if (next) form.reset(valuesOf(next, next.actionFieldId));
        }}
        onOverwrite={() => {
          const ifMatch = save.overwrite();
          if (ifMatch) void submit(ifMatch);
        }}
        onClose={save.dismiss}
      />
    </form>
  );
}
