import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem } from '../../api/problems';
import { useMunicipalities } from '../../app/municipalities';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/FormField';
import { FormProblems, useFormProblems, validationProblems } from '../../ui/FormProblems';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { userProblem } from './problems';
import { municipalityRoleOptions, needsMunicipality, type Role, roleOptions } from './roles';

type Field = 'name' | 'email' | 'role' | 'municipalityId';
type FieldErrors = Partial<Record<Field, string>>;
const fields: readonly Field[] = ['name', 'email', 'role', 'municipalityId'];

interface Values {
  name: string;
  email: string;
  role: Role | '';
  municipalityId: string;
}
const empty: Values = { name: '', email: '', role: '', municipalityId: '' };

/** The invitation link's lifetime as the API is configured by default (ACCOUNT_INVITATION_TTL_HOURS). */
const INVITATION_DAYS = 7;

function missing(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.name.trim()) errors.name = de.users.missingName;
  if (!v.email.trim()) errors.email = de.users.missingEmail;
  if (!v.role) errors.role = de.users.missingRole;
  if (needsMunicipality(v.role) && !v.municipalityId) errors.municipalityId = de.users.missingMunicipality;
  return errors;
}

/** The API's refusal at the fields: a taken address at the e-mail, a role/municipality clash at the municipality. */
function serverErrors(error: unknown): { atFields: FieldErrors; message: string | null } {
  if (isProblem(error)) {
    if (error.code === 'email_taken') return { atFields: { email: de.users.emailTaken }, message: null };
    if (error.code === 'role_municipality_mismatch') {
      return { atFields: { municipalityId: de.users.roleMunicipalityMismatch }, message: null };
    }
    if (error.status === 404)
      return { atFields: { municipalityId: de.users.municipalityGone }, message: null };
  }
  return validationProblems(error, de.users.fieldErrors) ?? { atFields: {}, message: userProblem(error) };
}

interface InviteUserDialogProps {
  open: boolean;
  onClose: () => void;
  onInvited: (user: Schema<'User'>) => void;
  /**
   * Invites into this one municipality (its workspace's administration): only the municipality roles
   * are offered and the municipality is not asked for.
   */
  municipalityId?: string;
}

/** Invites a person: the API creates the account and mails a link to set the password. */
export function InviteUserDialog({ open, onClose, onInvited, municipalityId }: InviteUserDialogProps) {
  return open ? (
    <InviteUserForm onClose={onClose} onInvited={onInvited} {...(municipalityId ? { municipalityId } : {})} />
  ) : null;
}

function InviteUserForm({ onClose, onInvited, municipalityId: fixed }: Omit<InviteUserDialogProps, 'open'>) {
  const [values, setValues] = useState<Values>(fixed ? { ...empty, municipalityId: fixed } : empty);
  const problems = useFormProblems(fields);
  const { errors, fail } = problems;
  // One key per filled-in form: a retry after a lost answer does not invite twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const municipalities = useMunicipalities();
  const create = $api.useMutation('post', '/v1/users');
  const dirty =
    values.name !== '' ||
    values.email !== '' ||
    values.role !== '' ||
    (!fixed && values.municipalityId !== '');
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
    const local = missing(values);
    if (Object.keys(local).length > 0 || !values.role) return fail(local);
    const body = {
      name: values.name.trim(),
      email: values.email.trim(),
      role: values.role,
      ...(needsMunicipality(values.role) ? { municipalityId: values.municipalityId } : {}),
    } satisfies Schema<'CreateUserInput'>;
    try {
      const user = await create.mutateAsync({
        body,
        params: { header: { 'idempotency-key': idempotencyKey } },
      });
      onInvited(user);
    } catch (error) {
      const { atFields, message } = serverErrors(error);
      fail(atFields, message);
    }
  };

  return (
    <Dialog
      open
      title={de.users.inviteTitle}
      onClose={close}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {de.ui.cancel}
          </Button>
          <Button type="submit" form="invite-user-form" busy={create.isPending} busyLabel={de.users.sending}>
            {de.users.send}
          </Button>
        </>
      }
    >
      <form id="invite-user-form" noValidate onSubmit={onSubmit}>
        <p>{de.users.inviteIntro(INVITATION_DAYS)}</p>
        <FormProblems problems={problems} />
        <TextField
          name="name"
          label={de.users.name}
          autoComplete="off"
          required
          value={values.name}
          onChange={set('name')}
          error={errors.name}
        />
        <TextField
          name="email"
          type="email"
          label={de.users.email}
          hint={de.users.emailHint}
          autoComplete="off"
          required
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
        <SelectField
          name="role"
          label={de.users.role}
          placeholder={de.users.rolePlaceholder}
          options={fixed ? municipalityRoleOptions : roleOptions}
          required
          value={values.role}
          onChange={set('role')}
          error={errors.role}
          {...(values.role ? { hint: de.users.roleHints[values.role] } : {})}
        />
        {needsMunicipality(values.role) && !fixed ? (
          <SelectField
            name="municipalityId"
            label={de.users.municipality}
            hint={de.users.municipalityHint}
            placeholder={de.users.municipalityPlaceholder}
            options={municipalities.options}
            required
            value={values.municipalityId}
            onChange={set('municipalityId')}
            error={errors.municipalityId}
          />
        ) : null}
      </form>
    </Dialog>
  );
}
