import type { Problem } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { isProblem, problemMessage } from '../../api/problems';
import type { SessionUser } from '../../api/session';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/FormField';

type Field = 'email' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

interface FormError {
  title: string;
  text?: string;
}

/** Seconds to wait after a 429: the problem's `retryAfter`, else a minute. */
const waitOf = (problem: Problem): number => {
  const { retryAfter } = problem as Problem & { retryAfter?: unknown };
  return typeof retryAfter === 'number' && retryAfter > 0 ? Math.ceil(retryAfter) : 60;
};

/** The API's refusal of a sign-in in words: wrong credentials, the wait after too many attempts, … */
export function signInProblem(error: unknown): { fields: FieldErrors; form: FormError | null } {
  if (isProblem(error)) {
    if (error.status === 401) {
      return {
        fields: {},
        form: { title: de.signIn.wrongCredentials, text: de.signIn.wrongCredentialsText },
      };
    }
    if (error.status === 429) return { fields: {}, form: { title: de.signIn.wait(waitOf(error)) } };
    if (error.status === 400 && error.errors?.some((e) => e.path === 'body.email')) {
      return { fields: { email: de.signIn.invalidEmail }, form: null };
    }
  }
  return { fields: {}, form: { title: problemMessage(error) } };
}

interface SignInFormProps {
  login: (email: string, password: string) => Promise<SessionUser>;
  onSignedIn: (user: SessionUser) => void;
  /** Called when a sign-in is refused, so the page can drop a notice that no longer applies. */
  onRefused?: () => void;
}

export function SignInForm({ login, onSignedIn, onRefused }: SignInFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const fail = (fields: FieldErrors, form: FormError | null) => {
    setErrors(fields);
    setFormError(form);
    setAttempt((n) => n + 1);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const missing: FieldErrors = {};
    if (!email.trim()) missing.email = de.signIn.missingEmail;
    if (!password) missing.password = de.signIn.missingPassword;
    if (Object.keys(missing).length > 0) return fail(missing, null);
    setBusy(true);
    try {
      const user = await login(email.trim(), password);
      onSignedIn(user);
    } catch (error) {
      const { fields, form } = signInProblem(error);
      fail(fields, form);
      setBusy(false);
      onRefused?.();
    }
  };

  const summary = (['email', 'password'] as const).flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-label={de.signIn.title}>
      {formError ? (
        <Alert tone="error" title={formError.title} focusOnMount={summary.length === 0} key={attempt}>
          {formError.text ? <p>{formError.text}</p> : null}
        </Alert>
      ) : null}
      <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
      <TextField
        name="email"
        type="email"
        label={de.signIn.email}
        autoComplete="username"
        required
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <TextField
        name="password"
        type="password"
        label={de.signIn.password}
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      <Button type="submit" busy={busy} busyLabel={de.signIn.submitting}>
        {de.signIn.submit}
      </Button>
    </form>
  );
}
