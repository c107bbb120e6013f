import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { fieldErrorsOf, isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/FormField';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { workshopProblemMessage } from './problems';
import type { Registration } from './queries';

type Input = Schema<'CreateRegistrationInput'>;
type Role = Input['role'];
type Field = 'municipalityId' | 'firstName' | 'lastName' | 'email' | 'role' | 'note';
export type FieldErrors = Partial<Record<Field | 'other', string>>;

const t = de.workshopDetail.register;
/** Form order, which is also the order of the error summary. */
const fields: readonly Field[] = ['municipalityId', 'firstName', 'lastName', 'email', 'role', 'note'];
const roles = Object.entries(de.form.roles).map(([value, label]) => ({ value: value as Role, label }));

interface Values {
  municipalityId: string;
  firstName: string;
  lastName: string;
  email: string;
  role: Role | '';
  note: string;
}

function missing(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.municipalityId) errors.municipalityId = t.missingMunicipality;
  if (!values.firstName.trim()) errors.firstName = t.missingFirstName;
  if (!values.lastName.trim()) errors.lastName = t.missingLastName;
  if (!values.email.trim()) errors.email = t.missingEmail;
  if (!values.role) errors.role = t.missingRole;
  return errors;
}

/**
 * The API's answer to a refused registration, in German: field problems at their fields, a second
 * registration of the same address at the e-mail field, everything else (closed, cancelled …) above.
 */
export function registrationErrors(error: unknown): { fields: FieldErrors; message: string | null } {
  if (isProblem(error) && error.code === 'already_registered') {
    return { fields: { email: t.alreadyRegistered }, message: null };
  }
  if (isProblem(error) && (error.status === 400 || error.status === 422) && error.errors?.length) {
    const { other, ...atFields } = fieldErrorsOf(error, t.fieldErrors);
    if (Object.keys(atFields).length > 0) return { fields: atFields, message: other ?? null };
  }
  return { fields: {}, message: workshopProblemMessage(error) };
}

interface RegisterDialogProps {
  open: boolean;
  workshopId: string;
  municipalities: readonly { id: string; name: string }[];
  onClose: () => void;
  onRegistered: (registration: Registration) => void;
}

/** Registers a participant for the office: a seat while there is one, else a place on the waitlist. */
export function RegisterDialog({
  open,
  workshopId,
  municipalities,
  onClose,
  onRegistered,
}: RegisterDialogProps) {
  const only = municipalities.length === 1 ? (municipalities[0]?.id ?? '') : '';
  const initial: Values = {
    municipalityId: only,
    firstName: '',
    lastName: '',
    email: '',
    role: '',
    note: '',
  };
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const register = $api.useMutation('post', '/v1/workshops/{id}/registrations');

  const dirty =
    open && (['firstName', 'lastName', 'email', 'note'] as const).some((k) => values[k].trim() !== '');
  useUnsavedChanges(dirty);

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const fail = (next: FieldErrors, message: string | null) => {
    setErrors(next);
    setFormError(message);
    setAttempt((n) => n + 1);
  };

  const reset = () => {
    setValues(initial);
    setErrors({});
    setFormError(null);
  };

  // Closing keeps what was typed: opening the dialog again continues the same entry.
  const close = () => onClose();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (register.isPending) return;
    const local = missing(values);
    if (Object.keys(local).length > 0 || !values.role) return fail(local, null);
    const body = {
      municipalityId: values.municipalityId,
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      email: values.email.trim(),
      role: values.role,
      note: values.note.trim(),
    } satisfies Input;
    try {
      const created = await register.mutateAsync({ params: { path: { id: workshopId } }, body });
      reset();
      onRegistered(created);
    } catch (error) {
      const mapped = registrationErrors(error);
      fail(mapped.fields, mapped.message);
    }
  };

  const summary = fields.flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });

  return (
    <Dialog open={open} title={t.title} onClose={close}>
      <form className="register-form" noValidate onSubmit={onSubmit}>
        <p className="muted register-intro">{t.intro}</p>
        {formError ? (
          <Alert tone="error" title={formError} focusOnMount={summary.length === 0} key={attempt} />
        ) : null}
        <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
        {municipalities.length > 1 ? (
          <SelectField
            name="municipalityId"
            label={t.municipality}
            placeholder={t.municipalityPlaceholder}
            options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
            required
            value={values.municipalityId}
            onChange={set('municipalityId')}
            error={errors.municipalityId}
          />
        ) : null}
        <TextField
          name="firstName"
          label={de.form.firstName}
          autoComplete="off"
          required
          value={values.firstName}
          onChange={set('firstName')}
          error={errors.firstName}
        />
        <TextField
          name="lastName"
          label={de.form.lastName}
          autoComplete="off"
          required
          value={values.lastName}
          onChange={set('lastName')}
          error={errors.lastName}
        />
        <TextField
          name="email"
          type="email"
          label={t.email}
          autoComplete="off"
          required
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
        <SelectField
          name="role"
          label={t.role}
          placeholder={de.form.rolePlaceholder}
          options={roles}
          required
          value={values.role}
          onChange={set('role')}
          error={errors.role}
        />
        <TextField
          name="note"
          label={t.note}
          multiline
          value={values.note}
          onChange={set('note')}
          error={errors.note}
        />
        <div className="dialog-actions">
          <Button type="submit" busy={register.isPending} busyLabel={t.submitting}>
            {t.submit}
          </Button>
          <Button variant="secondary" onClick={close}>
            {de.ui.cancel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
