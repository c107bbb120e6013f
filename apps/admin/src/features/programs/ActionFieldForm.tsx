import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useEffect, useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/FormField';
import { changedLabels, FormMessages, problemToForm, useConcurrentSave, useForm } from '../../ui/form';
import { QueryState } from '../../ui/QueryState';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { slugify } from '../municipalities/municipality-values';

export type ActionField = Schema<'ActionField'>;

const t = de.programs.actionFields;
const fields = ['title', 'key', 'description', 'exampleMeasures'] as const;
type Field = (typeof fields)[number];

interface Values {
  title: string;
  key: string;
  description: string;
  /** One measure per line. */
  exampleMeasures: string;
}

const valuesOf = (f?: ActionField): Values => ({
  title: f?.title ?? '',
  key: f?.key ?? '',
  description: f?.description ?? '',
  exampleMeasures: f?.exampleMeasures.join('\n') ?? '',
});

const { keyTaken, ...fieldMessages } = t.fieldErrors;
const problemMapping = {
  fields: fieldMessages,
  codes: { key_taken: { field: 'key', message: keyTaken } },
} as const;

export const actionFieldPath = (programId: string, id: string) =>
  `/v1/programs/${programId}/action-fields/${id}`;

interface ActionFieldDialogProps {
  programId: string;
  /** The field to edit (its current version is read first, for If-Match); without it, a new field. */
  fieldId?: string;
  open: boolean;
  onClose: () => void;
  onSaved: (field: ActionField, created: boolean) => void;
}

/** Add or edit a Handlungsfeld in a dialog over the catalog. */
export function ActionFieldDialog({ programId, fieldId, open, onClose, onSaved }: ActionFieldDialogProps) {
  const current = $api.useQuery(
    'get',
    '/v1/programs/{programId}/action-fields/{id}',
    { params: { path: { programId, id: fieldId ?? '' } } },
    { enabled: open && fieldId !== undefined, staleTime: 0 },
  );
  const [dirty, setDirty] = useState(false);
  const mayClose = () => !dirty || window.confirm(t.discardConfirm);
  const close = () => {
    setDirty(false);
    onClose();
  };
  const title = fieldId ? t.editTitle(current.data?.title ?? '') : t.addTitle;
  return (
    <Dialog open={open} title={title} onClose={close} canClose={mayClose}>
      {!open ? null : fieldId ? (
        <QueryState query={current}>
          {(field) => (
            <ActionFieldForm
              key={field.id}
              programId={programId}
              field={field}
              onDirty={setDirty}
              onCancel={() => mayClose() && close()}
              onSaved={onSaved}
            />
          )}
        </QueryState>
      ) : (
        <ActionFieldForm
          programId={programId}
          onDirty={setDirty}
          onCancel={() => mayClose() && close()}
          onSaved={onSaved}
        />
      )}
    </Dialog>
  );
}

interface ActionFieldFormProps {
  programId: string;
  field?: ActionField;
  onDirty: (dirty: boolean) => void;
  onCancel: () => void;
  onSaved: (field: ActionField, created: boolean) => void;
}

export function ActionFieldForm({ programId, field, onDirty, onCancel, onSaved }: ActionFieldFormProps) {
  const form = useForm<Values, Field>(valuesOf(field));
  const save = useConcurrentSave(field, field ? etagFor(actionFieldPath(programId, field.id)) : undefined);
  const [keyTouched, setKeyTouched] = useState(field !== undefined);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const create = $api.useMutation('post', '/v1/programs/{programId}/action-fields');
  const update = $api.useMutation('patch', '/v1/programs/{programId}/action-fields/{id}');
  const busy = create.isPending || update.isPending;

  useUnsavedChanges(form.dirty);
  useEffect(() => onDirty(form.dirty), [form.dirty, onDirty]);

  const submit = async (ifMatch = save.ifMatch) => {
    if (busy) return;
    const v = form.values;
    const missing: Partial<Record<Field, string>> = {};
    if (!v.title.trim()) missing.title = t.missing.title;
    if (!v.key.trim()) missing.key = t.missing.key;
    if (Object.keys(missing).length > 0) return form.fail(missing);
    const body = {
      title: v.title.trim(),
      key: v.key.trim(),
      description: v.description.trim(),
      exampleMeasures: v.exampleMeasures
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    };
    try {
      const saved = field
        ? await update.mutateAsync({
            params: { path: { programId, id: field.id }, header: ifMatch },
            body,
          })
        : await create.mutateAsync({
            params: { path: { programId }, header: { 'idempotency-key': idempotencyKey } },
            body,
          });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/programs/{programId}/action-fields'] }),
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/programs/{programId}/action-fields/{id}'] }),
      ]);
      form.reset(valuesOf(saved));
      onDirty(false);
      onSaved(saved, !field);
    } catch (error) {
      if (save.caught(error)) return;
      const mapped = problemToForm(error, problemMapping);
      form.fail(mapped.fields, mapped.message);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const { values, errors, set } = form;
  return (
    <form noValidate onSubmit={onSubmit} aria-label={field ? t.editTitle(field.title) : t.addTitle}>
      <FormMessages order={fields} errors={errors} formError={form.formError} attempt={form.attempt} />
      <TextField
        name="title"
        label={t.titleLabel}
        required
        value={values.title}
        onChange={(title) => {
          set('title')(title);
          if (!keyTouched) set('key')(slugify(title));
        }}
        error={errors.title}
      />
      <TextField
        name="key"
        label={t.key}
        hint={t.keyHint}
        required
        value={values.key}
        onChange={(key) => {
          setKeyTouched(true);
          set('key')(key);
        }}
        error={errors.key}
      />
      <TextField
        name="description"
        label={t.description}
        multiline
        value={values.description}
        onChange={set('description')}
        error={errors.description}
      />
      <TextField
        name="exampleMeasures"
        label={t.exampleMeasures}
        hint={t.exampleMeasuresHint}
        multiline
        value={values.exampleMeasures}
        onChange={set('exampleMeasures')}
        error={errors.exampleMeasures}
      />
      <div className="form-buttons">
        <Button type="submit" busy={busy} busyLabel={de.ui.saving}>
          {field ? t.submitEdit : t.submitCreate}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {de.ui.cancel}
        </Button>
      </div>
      <ConflictDialog
        open={save.conflict !== null}
        changed={
          save.conflict && field
            ? changedLabels(valuesOf(save.base ?? field), valuesOf(save.conflict.current), {
                title: t.titleLabel,
                key: t.key,
                description: t.description,
                exampleMeasures: t.exampleMeasures,
              })
            : []
        }
        onReload={() => {
          const next = save.reload();
          if (next) form.reset(valuesOf(next));
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
