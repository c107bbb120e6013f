import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/FormField';
import { PublicPage } from '../../ui/PublicPage';

/**
 * `/passwort-vergessen`: asks for a reset link. The API answers alike whether or not the address has an
 * account, and so does this page.
 */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const request = $api.useMutation('post', '/v1/auth/password-reset');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (request.isPending) return;
    setAttempt((n) => n + 1);
    if (!email.trim()) {
      setFormError(null);
      return setError(de.signIn.missingEmail);
    }
    try {
      await request.mutateAsync({ body: { email: email.trim() } });
    } catch (err) {
      const badEmail = isProblem(err) && err.status === 400;
      setError(badEmail ? de.signIn.invalidEmail : undefined);
      setFormError(badEmail ? null : problemMessage(err));
    }
  };

  const summary = error ? [{ inputName: 'email', message: error }] : [];
  return (
    <PublicPage title={de.forgot.title}>
      {request.isSuccess ? (
        <Alert tone="success" title={de.forgot.sentTitle} focusOnMount>
          <p>{de.forgot.sentText}</p>
        </Alert>
      ) : (
        <>
          <p className="lead">{de.forgot.intro}</p>
          <form className="form" noValidate onSubmit={onSubmit} aria-label={de.forgot.title}>
            {formError ? <Alert tone="error" title={formError} focusOnMount key={attempt} /> : null}
            <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
            <TextField
              name="email"
              type="email"
              label={de.signIn.email}
              autoComplete="username"
              required
              value={email}
              onChange={setEmail}
              error={error}
            />
            <Button type="submit" busy={request.isPending} busyLabel={de.forgot.submitting}>
              {de.forgot.submit}
            </Button>
          </form>
        </>
      )}
      <p>
        <Link to="/anmelden" className="link">
          {de.forgot.back}
        </Link>
      </p>
    </PublicPage>
  );
}
