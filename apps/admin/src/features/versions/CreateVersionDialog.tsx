import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/FormField';
import { FormProblems, useFormProblems, validationProblems } from '../../ui/FormProblems';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';

const t = de.versions;
const fields = ['label'] as const;
const MAX_LABEL = 200;

interface CreateVersionDialogProps {
  open: boolean;
  municipalityId: string;
  onClose: () => void;
  onCreated: (version: Schema<'StrategyVersion'>) => void;
}

/** Freezes the strategy as a new version under a label. */
export function CreateVersionDialog({ open, ...rest }: CreateVersionDialogProps) {
  return open ? <CreateVersionForm {...rest} /> : null;
}

/** The API's refusal: the label at its field, a missing strategy (409) and everything else for the form. */
function serverProblem(error: unknown): { atFields: { label?: string }; message: string | null } {
  const validation = validationProblems(error, t.fieldErrors);
  if (validation) return validation;
  if (isProblem(error) && error.status === 409) return { atFields: {}, message: t.noStrategy };
  if (isProblem(error) && error.status === 404 && error.title?.includes('Strategy')) {
    return { atFields: {}, message: t.noStrategy };
  }
  return { atFields: {}, message: problemMessage(error) };
}

function CreateVersionForm({ municipalityId, onClose, onCreated }: Omit<CreateVersionDialogProps, 'open'>) {
  const [label, setLabel] = useState('');
  const problems = useFormProblems(fields);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = $api.useMutation('post', '/v1/municipalities/{id}/strategy/versions');
  const dirty = label !== '';
  useUnsavedChanges(dirty && !create.isSuccess);

  const close = () => {
    if (dirty && !window.confirm(t.discardConfirm)) return;
    onClose();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const trimmed = label.trim();
    if (!trimmed) return problems.fail({ label: t.missingLabel });
    if (trimmed.length > MAX_LABEL) return problems.fail({ label: t.labelTooLong });
    try {
      const version = await create.mutateAsync({
        params: { path: { id: municipalityId }, header: { 'idempotency-key': idempotencyKey } },
        body: { label: trimmed },
      });
      onCreated(version);
    } catch (error) {
      const { atFields, message } = serverProblem(error);
      problems.fail(atFields, message);
    }
  };

  return (
    <Dialog
      open
      title={t.createTitle}
      onClose={onClose}
      canClose={() => !dirty || window.confirm(t.discardConfirm)}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {de.ui.cancel}
          </Button>
          <Button type="submit" form="create-version-form" busy={create.isPending} busyLabel={t.creating}>
            {t.create}
          </Button>
        </>
      }
    >
      <form id="create-version-form" noValidate onSubmit={onSubmit}>
        <p>{t.createIntro}</p>
        <FormProblems problems={problems} />
        <TextField
          name="label"
          label={t.labelField}
          hint={t.labelHint}
          required
          autoComplete="off"
          value={label}
          onChange={setLabel}
          error={problems.errors.label}
        />
      </form>
    </Dialog>
  );
}
