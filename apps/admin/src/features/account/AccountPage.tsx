import { type FormEvent, useState, useSyncExternalStore } from 'react';
import { isProblem, problemMessage } from '../../api/problems';
import { session } from '../../api/session';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { passwordRuleMessage } from '../auth/SetPasswordPage';

type Field = 'current' | 'password' | 'repeat';
type FieldErrors = Partial<Record<Field, string>>;
const fields: readonly Field[] = ['current', 'password', 'repeat'];
const empty = { current: '', password: '', repeat: '' };

/** The German message for what the API refused when changing the password, at its field. */
export function changePasswordErrors(error: unknown): { fields: FieldErrors; form: string | null } {
  if (isProblem(error) && error.code === 'current_password_wrong') {
    return { fields: { current: de.account.currentWrong }, form: null };
  }
  const rule =
    isProblem(error) && error.status === 400 ? passwordRuleMessage(error, 'body.newPassword') : undefined;
  if (rule) return { fields: { password: rule }, form: null };
  if (isProblem(error) && error.status === 429) return { fields: {}, form: de.account.tooManyAttempts };
  return { fields: {}, form: problemMessage(error) };
}

/** `/konto`: who is signed in, and changing one's own password (which ends every other session). */
export function AccountPage() {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);
  useUnsavedChanges(Object.values(values).some(Boolean));

  if (!user) return null;

  const fail = (next: FieldErrors, form: string | null) => {
    setErrors(next);
    setFormError(form);
    setAttempt((n) => n + 1);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setChanged(false);
    const missing: FieldErrors = {};
    if (!values.current) missing.current = de.account.missingCurrent;
    if (!values.password) missing.password = de.setPassword.missing;
    else if (values.password !== values.repeat) missing.repeat = de.setPassword.mismatch;
    if (Object.keys(missing).length > 0) return fail(missing, null);
    setBusy(true);
    try {
      await session.changePassword(values.current, values.password);
      setValues(empty);
      setErrors({});
      setFormError(null);
      setChanged(true);
    } catch (error) {
      const result = changePasswordErrors(error);
      fail(result.fields, result.form);
    } finally {
      setBusy(false);
    }
  };

  const summary = fields.flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });
  return (
    <>
      <PageHeader title={de.account.title} />
      <section className="card" aria-labelledby="konto-profil">
        <h2 id="konto-profil">{de.account.profile}</h2>
        <dl className="details">
          <dt>{de.account.name}</dt>
          <dd>{user.name}</dd>
          <dt>{de.account.email}</dt>
          <dd>{user.email}</dd>
          <dt>{de.account.role}</dt>
          <dd>{de.roles[user.role]}</dd>
        </dl>
      </section>
      <form className="form narrow-form" noValidate onSubmit={onSubmit} aria-labelledby="konto-passwort">
        <h2 id="konto-passwort">{de.account.changePassword}</h2>
        <p>{de.account.changePasswordIntro}</p>
        {changed ? (
          <Alert tone="success" title={de.account.changedTitle} focusOnMount>
            <p>{de.account.changedText}</p>
          </Alert>
        ) : null}
        {formError ? <Alert tone="error" title={formError} focusOnMount key={attempt} /> : null}
        <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
        <TextField
          name="current"
          type="password"
          label={de.account.currentPassword}
          autoComplete="current-password"
          required
          value={values.current}
          onChange={(current) => setValues((v) => ({ ...v, current }))}
          error={errors.current}
        />
        <TextField
          name="password"
          type="password"
          label={de.setPassword.password}
          hint={de.setPassword.passwordHint}
          autoComplete="new-password"
          required
          value={values.password}
          onChange={(password) => setValues((v) => ({ ...v, password }))}
          error={errors.password}
        />
        <TextField
          name="repeat"
          type="password"
          label={de.setPassword.repeat}
          autoComplete="new-password"
          required
          value={values.repeat}
          onChange={(repeat) => setValues((v) => ({ ...v, repeat }))}
          error={errors.repeat}
        />
        <Button type="submit" busy={busy} busyLabel={de.setPassword.submitting}>
          {de.account.changePasswordSubmit}
        </Button>
      </form>
    </>
  );
}
