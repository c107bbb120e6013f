import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { useMunicipalities } from '../../app/municipalities';
import { berlinDayStart, parseGermanDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FilterSelect } from '../../ui/FilterSelect';
import { TextField } from '../../ui/FormField';
import { FormProblems, useFormProblems, validationProblems } from '../../ui/FormProblems';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { ScopeChoice } from './ScopeChoice';
import { personalWithoutMunicipality, type Scope } from './scopes';

type Field = 'name' | 'scopes' | 'municipalityId' | 'expiresAt';
const fields: readonly Field[] = ['name', 'scopes', 'municipalityId', 'expiresAt'];

interface Values {
  name: string;
  scopes: Scope[];
  municipalityId: string;
  /** A Berlin calendar day as typed, `31.12.2027`; the key works through that day. */
  expires: string;
}
const empty: Values = { name: '', scopes: [], municipalityId: '', expires: '' };

function check(v: Values, now = Date.now()): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!v.name.trim()) errors.name = de.apiKeys.missingName;
  if (v.scopes.length === 0) errors.scopes = de.apiKeys.missingScopes;
  else if (personalWithoutMunicipality(v.scopes)) errors.scopes = de.apiKeys.personalNeedsMunicipality;
  if (v.expires.trim()) {
    const day = parseGermanDay(v.expires);
    if (!day) errors.expiresAt = de.apiKeys.expiresInvalid;
    else if (Date.parse(berlinDayStart(day, 1)) <= now) errors.expiresAt = de.apiKeys.expiresInPast;
  }
  return errors;
}

interface CreateApiKeyDialogProps {
  open: boolean;
  onClose: () => void;
  /** The new key with its secret, which exists only in this answer. */
  onCreated: (key: Schema<'CreatedApiKey'>) => void;
  /**
   * Binds the key to this municipality (its workspace's administration): no municipality is asked
   * for; `note` says so in the form.
   */
  municipality?: { id: string; note: string };
}

export function CreateApiKeyDialog({ open, onClose, onCreated, municipality }: CreateApiKeyDialogProps) {
  return open ? (
    <CreateApiKeyForm onClose={onClose} onCreated={onCreated} {...(municipality ? { municipality } : {})} />
  ) : null;
}

function CreateApiKeyForm({
  onClose,
  onCreated,
  municipality: fixed,
}: Omit<CreateApiKeyDialogProps, 'open'>) {
  const [values, setValues] = useState<Values>(fixed ? { ...empty, municipalityId: fixed.id } : empty);
  const problems = useFormProblems(fields);
  const { errors, fail } = problems;
  const municipalities = useMunicipalities();
  const create = $api.useMutation('post', '/v1/api-keys');
  const dirty =
    values.name !== '' ||
    values.scopes.length > 0 ||
    (!fixed && values.municipalityId !== '') ||
    values.expires !== '';
  useUnsavedChanges(dirty && !create.isSuccess);

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const close = () => {
    if (dirty && !window.confirm(de.users.discardConfirm)) return;
    onClose();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const local = check(values);
    if (Object.keys(local).length > 0) return fail(local);
    const expiresDay = parseGermanDay(values.expires);
    const body = {
      name: values.name.trim(),
      scopes: values.scopes,
      municipalityId: values.municipalityId || null,
      ...(expiresDay ? { expiresAt: berlinDayStart(expiresDay, 1) } : {}),
    } satisfies Schema<'CreateApiKeyInput'>;
    try {
      onCreated(await create.mutateAsync({ body }));
    } catch (error) {
      const validation = validationProblems(error, de.apiKeys.fieldErrors);
      if (validation) return fail(validation.atFields, validation.message);
      if (isProblem(error) && error.status === 404)
        return fail({ municipalityId: de.apiKeys.municipalityGone });
      fail({}, problemMessage(error));
    }
  };

  return (
    <Dialog
      open
      title={de.apiKeys.createTitle}
      onClose={close}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {de.ui.cancel}
          </Button>
          <Button
            type="submit"
            form="create-api-key-form"
            busy={create.isPending}
            busyLabel={de.apiKeys.submitting}
          >
            {de.apiKeys.submit}
          </Button>
        </>
      }
    >
      <form id="create-api-key-form" noValidate onSubmit={onSubmit}>
        <p>{de.apiKeys.createIntro}</p>
        <FormProblems problems={problems} />
        <TextField
          name="name"
          label={de.apiKeys.name}
          hint={de.apiKeys.nameHint}
          autoComplete="off"
          required
          value={values.name}
          onChange={set('name')}
          error={errors.name}
        />
        <ScopeChoice value={values.scopes} onChange={set('scopes')} error={errors.scopes} />
        {fixed ? (
          <p className="key-bound">{fixed.note}</p>
        ) : (
          <FilterSelect
            name="municipalityId"
            label={de.apiKeys.municipality}
            hint={errors.municipalityId ?? de.apiKeys.municipalityHint}
            allLabel={de.apiKeys.allMunicipalities}
            options={municipalities.options}
            value={values.municipalityId}
            onChange={set('municipalityId')}
          />
        )}
        <TextField
          name="expiresAt"
          label={de.apiKeys.expires}
          hint={de.apiKeys.expiresHint}
          autoComplete="off"
          value={values.expires}
          onChange={set('expires')}
          error={errors.expiresAt}
        />
      </form>
    </Dialog>
  );
}
