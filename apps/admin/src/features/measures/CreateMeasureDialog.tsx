import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/FormField';
import { FormProblems, useFormProblems, validationProblems } from '../../ui/FormProblems';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import type { ActionFieldOption } from './queries';

type Field = 'title' | 'actionFieldId';
type FieldErrors = Partial<Record<Field, string>>;
const fields: readonly Field[] = ['title', 'actionFieldId'];

/** The API's bound for a measure's title. */
const MAX_TITLE = 200;

interface Values {
  title: string;
  actionFieldId: string;
}

function missing(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.title.trim()) errors.title = de.measures.missingTitle;
  else if (v.title.trim().length > MAX_TITLE) errors.title = de.measures.fieldErrors.title;
  if (!v.actionFieldId) errors.actionFieldId = de.measures.missingField;
  return errors;
}

/** The API's refusal in German: a field outside the program at the field, a missing strategy above. */
export function createProblems(error: unknown): { atFields: FieldErrors; message: string | null } {
  if (isProblem(error)) {
    if (error.code === 'strategy_required') return { atFields: {}, message: de.measures.strategyRequired };
    if (error.status === 422 || error.status === 404) {
      const atField = (error.errors ?? []).some((e) => e.path.endsWith('actionFieldId'));
      if (atField || error.code.includes('action_field')) {
        return { atFields: { actionFieldId: de.measures.fieldErrors.actionFieldId }, message: null };
      }
    }
    if (error.status === 403) return { atFields: {}, message: de.measures.bulkForbidden };
  }
  return (
    validationProblems(error, { ...de.measures.fieldErrors, other: de.fieldErrors.other }) ?? {
      atFields: {},
      message: problemMessage(error),
    }
  );
}

interface CreateMeasureDialogProps {
  open: boolean;
  municipalityId: string;
  fieldOptions: readonly ActionFieldOption[];
  onClose: () => void;
  onCreated: (measure: Schema<'Measure'>) => void;
}

/** „Neue Maßnahme“: a title and an action field; the fact sheet holds everything else. */
export function CreateMeasureDialog({ open, ...props }: CreateMeasureDialogProps) {
  return open ? <CreateMeasureForm {...props} /> : null;
}

function CreateMeasureForm({
  municipalityId,
  fieldOptions,
  onClose,
  onCreated,
}: Omit<CreateMeasureDialogProps, 'open'>) {
  const [values, setValues] = useState<Values>({ title: '', actionFieldId: '' });
  const problems = useFormProblems(fields);
  const { errors, fail } = problems;
  // One key per filled-in form: a retry after a lost answer does not create the measure twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = $api.useMutation('post', '/v1/municipalities/{id}/measures');
  const [created, setCreated] = useState<Schema<'Measure'> | null>(null);
  const dirty = values.title !== '' || values.actionFieldId !== '';
  useUnsavedChanges(dirty && created === null);
  // Handed on after the render that lifted the unsaved-changes guard, so opening the new fact sheet
  // does not ask whether to discard what was just saved.
  const handedOn = useRef(false);
  useEffect(() => {
    if (!created || handedOn.current) return;
    handedOn.current = true;
    onCreated(created);
  }, [created, onCreated]);

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const close = () => {
    if (dirty && !window.confirm(de.measures.discardConfirm)) return;
    onClose();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const local = missing(values);
    if (Object.keys(local).length > 0) return fail(local);
    // The generated type marks the fields with a server default as required (openapi-typescript's
    // reading of `default`); the API fills them in, so only the two required ones are sent.
    const body = {
      title: values.title.trim(),
      actionFieldId: values.actionFieldId,
    } satisfies Pick<Schema<'CreateMeasureInput'>, 'title' | 'actionFieldId'> as Schema<'CreateMeasureInput'>;
    try {
      const measure = await create.mutateAsync({
        params: { path: { id: municipalityId }, header: { 'idempotency-key': idempotencyKey } },
        body,
      });
      setCreated(measure);
    } catch (error) {
      const { atFields, message } = createProblems(error);
      fail(atFields, message);
    }
  };

  return (
    <Dialog
      open
      title={de.measures.createTitle}
      onClose={close}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {de.ui.cancel}
          </Button>
          <Button
            type="submit"
            form="create-measure-form"
            busy={create.isPending}
            busyLabel={de.measures.creating}
          >
            {de.measures.createSubmit}
          </Button>
        </>
      }
    >
      <form id="create-measure-form" noValidate onSubmit={onSubmit}>
        <p>{de.measures.createIntro}</p>
        <FormProblems problems={problems} />
        <TextField
          name="title"
          label={de.measures.titleLabel}
          hint={de.measures.titleHint}
          autoComplete="off"
          required
          value={values.title}
          onChange={set('title')}
          error={errors.title}
        />
        <SelectField
          name="actionFieldId"
          label={de.measures.fieldLabel}
          placeholder={de.measures.fieldPlaceholder}
          options={fieldOptions}
          required
          value={values.actionFieldId}
          onChange={set('actionFieldId')}
          error={errors.actionFieldId}
        />
      </form>
    </Dialog>
  );
}
