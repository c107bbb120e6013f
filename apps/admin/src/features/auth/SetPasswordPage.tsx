import { Link, useNavigate } from '@tanstack/react-router';
import type { Problem } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/FormField';
import { PublicPage } from '../../ui/PublicPage';

type Field = 'password' | 'repeat';
type FieldErrors = Partial<Record<Field, string>>;

/**
 * The API's rule for the password in German. Its messages are English ("Too small: expected string to
 * have >=12 characters"), so the bound is taken from the message and the sentence is ours.
 */
export function passwordRuleMessage(problem: Problem, path = 'body.password'): string | undefined {
  const error = problem.errors?.find((e) => e.path === path);
  if (!error) return undefined;
  const bound = /([<>])=?\s*(\d+)/.exec(error.message);
  if (bound?.[1] === '>') return de.setPassword.tooShort(Number(bound[2]));
  if (bound?.[1] === '<') return de.setPassword.tooLong(Number(bound[2]));
  return de.setPassword.invalid;
}

/**
 * `/passwort-setzen/{token}` (invitation of a new account) and `/passwort-zuruecksetzen/{token}`
 * ("Passwort vergessen"): the new password, twice; then sign-in.
 */
export function SetPasswordPage({ token, purpose }: { token: string; purpose: 'invitation' | 'reset' }) {
  const navigate = useNavigate();
  const [values, setValues] = useState({ password: '', repeat: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [deadLink, setDeadLink] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const setPassword = $api.useMutation('post', '/v1/auth/set-password');
  const title = purpose === 'invitation' ? de.setPassword.titleInvitation : de.setPassword.titleReset;

  const fail = (fields: FieldErrors, form: string | null) => {
    setErrors(fields);
    setFormError(form);
    setAttempt((n) => n + 1);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (setPassword.isPending) return;
    if (!values.password) return fail({ password: de.setPassword.missing }, null);
    if (values.password !== values.repeat) return fail({ repeat: de.setPassword.mismatch }, null);
    try {
      await setPassword.mutateAsync({ body: { token, password: values.password } });
      await navigate({ to: '/anmelden', search: { hinweis: 'passwort-gesetzt' } });
    } catch (error) {
      if (isProblem(error) && error.code === 'invalid_password_link') return setDeadLink(true);
      const rule = isProblem(error) && error.status === 400 ? passwordRuleMessage(error) : undefined;
      if (rule) fail({ password: rule }, null);
      else fail({}, problemMessage(error));
    }
  };

  if (deadLink) {
    return (
      <PublicPage title={title}>
        <Alert tone="error" title={de.setPassword.linkInvalidTitle} focusOnMount>
          <p>{de.setPassword.linkInvalidText}</p>
        </Alert>
        <p>
          <Link to="/passwort-vergessen" className="link">
            {de.setPassword.requestNew}
          </Link>
        </p>
      </PublicPage>
    );
  }

  const summary = (['password', 'repeat'] as const).flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });
  return (
    <PublicPage title={title}>
      <p className="lead">{de.setPassword.intro}</p>
      <form className="form" noValidate onSubmit={onSubmit} aria-label={title}>
        {formError ? <Alert tone="error" title={formError} focusOnMount key={attempt} /> : null}
        <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
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
        <Button type="submit" busy={setPassword.isPending} busyLabel={de.setPassword.submitting}>
          {de.setPassword.submit}
        </Button>
      </form>
    </PublicPage>
  );
}
