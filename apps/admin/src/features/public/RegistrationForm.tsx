import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { fieldErrorsOf, isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextField } from '../../ui/FormField';

type Input = Schema<'PublicRegistrationInput'>;
type Role = Schema<'ParticipantRoleInput'>;
type Field = 'firstName' | 'lastName' | 'email' | 'role' | 'note' | 'consent';
type FieldErrors = Partial<Record<Field | 'other', string>>;

/** Form order, which is also the order of the error summary. */
const fields: readonly Field[] = ['firstName', 'lastName', 'email', 'role', 'note', 'consent'];
const roles = Object.entries(de.form.roles).map(([value, label]) => ({ value: value as Role, label }));

interface Values {
  firstName: string;
  lastName: string;
  email: string;
  role: Role | '';
  note: string;
  consent: boolean;
}
const empty: Values = { firstName: '', lastName: '', email: '', role: '', note: '', consent: false };

/** What can be told without the server: the required fields and the consent. The API checks the rest. */
function missing(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.firstName.trim()) errors.firstName = de.missing.firstName;
  if (!values.lastName.trim()) errors.lastName = de.missing.lastName;
  if (!values.email.trim()) errors.email = de.missing.email;
  if (!values.role) errors.role = de.fieldErrors.role;
  if (!values.consent) errors.consent = de.fieldErrors.consent;
  return errors;
}

interface RegistrationFormProps {
  token: string;
  onRegistered: (pending: Schema<'PendingRegistration'>) => void;
}

export function RegistrationForm({ token, onRegistered }: RegistrationFormProps) {
  const [values, setValues] = useState<Values>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const register = $api.useMutation('post', '/v1/public/invitations/{token}/registrations');

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const fail = (next: FieldErrors, message: string | null) => {
    setErrors(next);
    setFormError(message);
    setAttempt((n) => n + 1);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (register.isPending) return;
    const local = missing(values);
    if (Object.keys(local).length > 0 || !values.role || !values.consent) return fail(local, null);
    const body = {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      email: values.email.trim(),
      role: values.role,
      note: values.note.trim(),
      consent: values.consent,
    } satisfies Input;
    try {
      const pending = await register.mutateAsync({ params: { path: { token } }, body });
      onRegistered(pending);
    } catch (error) {
      const byField = isProblem(error) && error.status === 400 ? fieldErrorsOf(error, de.fieldErrors) : {};
      const { other, ...atFields } = byField;
      const message = Object.keys(atFields).length > 0 ? (other ?? null) : (other ?? problemMessage(error));
      fail(atFields, message);
    }
  };

  const summary = fields.flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="registration-heading">
      <h2 id="registration-heading">{de.invitation.formHeading}</h2>
      {formError ? (
        <Alert tone="error" title={formError} focusOnMount={summary.length === 0} key={attempt} />
      ) : null}
      <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
      <TextField
        name="firstName"
        label={de.form.firstName}
        autoComplete="given-name"
        required
        value={values.firstName}
        onChange={set('firstName')}
        error={errors.firstName}
      />
      <TextField
        name="lastName"
        label={de.form.lastName}
        autoComplete="family-name"
        required
        value={values.lastName}
        onChange={set('lastName')}
        error={errors.lastName}
      />
      <TextField
        name="email"
        type="email"
        label={de.form.email}
        hint={de.form.emailHint}
        autoComplete="email"
        required
        value={values.email}
        onChange={set('email')}
        error={errors.email}
      />
      <SelectField
        name="role"
        label={de.form.role}
        placeholder={de.form.rolePlaceholder}
        options={roles}
        required
        value={values.role}
        onChange={set('role')}
        error={errors.role}
      />
      <TextField
        name="note"
        label={de.form.note}
        hint={de.form.noteHint}
        multiline
        value={values.note}
        onChange={set('note')}
        error={errors.note}
      />
      <CheckboxField
        name="consent"
        label={de.form.consent}
        required
        checked={values.consent}
        onChange={set('consent')}
        error={errors.consent}
      />
      <Button type="submit" busy={register.isPending} busyLabel={de.form.submitting}>
        {de.form.submit}
      </Button>
    </form>
  );
}
