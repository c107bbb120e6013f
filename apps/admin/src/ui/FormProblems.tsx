import { useCallback, useMemo, useState } from 'react';
import { fieldErrorsOf, isProblem } from '../api/problems';
import { de } from '../i18n/de';
import { Alert } from './Alert';
import { ErrorSummary } from './ErrorSummary';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * What went wrong at a form's last submit: messages per field, a message for the whole form, and a
 * counter that moves focus to the summary after each failed attempt. `fields` is the form's order.
 */
export function useFormProblems<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const fail = useCallback((next: FieldErrors<F>, message: string | null = null) => {
    setErrors(next);
    setFormError(message);
    setAttempt((n) => n + 1);
  }, []);
  const clear = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);
  const summary = useMemo(
    () =>
      fields.flatMap((name) => {
        const message = errors[name];
        return message ? [{ inputName: name as string, message }] : [];
      }),
    [fields, errors],
  );
  return { errors, formError, attempt, summary, fail, clear };
}

/** The form's message and the linked list of failing fields, above the form's fields. */
export function FormProblems({
  problems,
}: {
  problems: Pick<ReturnType<typeof useFormProblems<string>>, 'formError' | 'attempt' | 'summary'>;
}) {
  const { formError, attempt, summary } = problems;
  return (
    <>
      {formError ? (
        <Alert tone="error" title={formError} focusOnMount={summary.length === 0} key={attempt} />
      ) : null}
      <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
    </>
  );
}

/**
 * A 400's field errors in German: those of the form's fields at them, the rest as the form's message.
 * Anything else is for the caller to explain (null).
 */
export function validationProblems<F extends string>(
  error: unknown,
  messages: Readonly<Record<F | 'other', string>>,
): { atFields: FieldErrors<F>; message: string | null } | null {
  if (!isProblem(error) || error.status !== 400) return null;
  const { other, ...atFields } = fieldErrorsOf(error, messages);
  const some = Object.keys(atFields).length > 0;
  return { atFields: atFields as FieldErrors<F>, message: other ?? (some ? null : messages.other) };
}
