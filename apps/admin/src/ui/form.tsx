import { useCallback, useMemo, useState } from 'react';
import { isProblem, problemMessage } from '../api/problems';
import { de } from '../i18n/de';
import { Alert } from './Alert';
import { ErrorSummary } from './ErrorSummary';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * The state of an edit form: its values, whether they differ from the values it started with, and
 * the errors of the last failed submit (per field and for the whole form).
 */
export function useForm<V extends object, F extends string>(initial: V) {
  const [start, setStart] = useState(initial);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const set = useCallback(
    <K extends keyof V>(key: K) =>
      (value: V[K]) =>
        setValues((v) => ({ ...v, [key]: value })),
    [],
  );
  const fail = useCallback((fields: FieldErrors<F>, message: string | null = null) => {
    setErrors(fields);
    setFormError(message);
    setAttempt((n) => n + 1);
  }, []);
  /** Starts over from new values, e.g. the current version after a conflict, or after saving. */
  const reset = useCallback((next: V) => {
    setStart(next);
    setValues(next);
    setErrors({});
    setFormError(null);
  }, []);
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(start), [values, start]);
  return { values, setValues, set, errors, formError, attempt, fail, reset, dirty };
}

export interface ProblemMapping<F extends string> {
  /** The German message per field, used for any problem the API reports at that field. */
  fields: Readonly<Record<F, string>>;
  /** Problems that are about one field without naming it (e.g. `slug_taken`), or German sentences. */
  codes?: Readonly<Record<string, { field: F; message: string } | string>>;
}

/**
 * The API's problem as a form shows it: field errors (`errors[].path` such as `body.contact.email`
 * matched by its longest known prefix, so `contact.email` or else `contact`), problem codes that
 * belong to a field, and a form-level German message for everything else.
 */
export function problemToForm<F extends string>(
  error: unknown,
  { fields, codes = {} }: ProblemMapping<F>,
): { fields: FieldErrors<F>; message: string | null } {
  if (!isProblem(error)) return { fields: {}, message: problemMessage(error) };
  const result: FieldErrors<F> = {};
  let unknown = false;
  const byCode = Object.hasOwn(codes, error.code) ? codes[error.code] : undefined;
  if (typeof byCode === 'object') result[byCode.field] = byCode.message;
  for (const { path } of error.errors ?? []) {
    const parts = path.replace(/^(body|querystring|params)\./, '').split('.');
    let matched = false;
    for (let n = parts.length; n > 0 && !matched; n--) {
      const key = parts.slice(0, n).join('.');
      if (Object.hasOwn(fields, key)) {
        result[key as F] ??= fields[key as F];
        matched = true;
      }
    }
    if (!matched) unknown = true;
  }
  const hasFields = Object.keys(result).length > 0;
  const message =
    typeof byCode === 'string'
      ? byCode
      : unknown || (!hasFields && (error.status === 400 || error.status === 422))
        ? de.fieldErrors.other
        : hasFields
          ? null
          : problemMessage(error);
  return { fields: result, message };
}

/** The current version a 412 carries (see the API's precondition_failed), to reload or overwrite. */
export function conflictOf<T>(error: unknown): { current: T; etag: string } | null {
  if (!isProblem(error) || error.status !== 412) return null;
  const { current, currentEtag } = error as { current?: T; currentEtag?: string };
  return current && typeof currentEtag === 'string' ? { current, etag: currentEtag } : null;
}

interface FormMessagesProps<F extends string> {
  /** The fields in form order: the summary lists them so. */
  order: readonly F[];
  errors: FieldErrors<F>;
  formError: string | null;
  attempt: number;
}

/** Above a form: the form-level message and the summary of field errors, focused after each failure. */
export function FormMessages<F extends string>({ order, errors, formError, attempt }: FormMessagesProps<F>) {
  const summary = order.flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });
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
 * Saving over a version read earlier: keeps the ETag the form started from (If-Match), and on a 412
 * the version someone else saved, so the user can take it over (reload) or knowingly overwrite it.
 */
export function useConcurrentSave<T>(initial: T | undefined, initialEtag: string | undefined) {
  const [base, setBase] = useState<T | undefined>(initial);
  const [etag, setEtag] = useState(initialEtag);
  const [conflict, setConflict] = useState<{ current: T; etag: string } | null>(null);
  return {
    /** The version the form edits. */
    base,
    /** The If-Match header for the next save. */
    ifMatch: etag ? { 'if-match': etag } : {},
    conflict,
    /** True when the error was a 412 and the conflict dialog is now open. */
    caught(error: unknown): boolean {
      const found = conflictOf<T>(error);
      if (found) setConflict(found);
      return found !== null;
    },
    /** Takes the other person's version as the new start; returns it for the form to show. */
    reload(): T | null {
      if (!conflict) return null;
      setBase(conflict.current);
      setEtag(conflict.etag);
      setConflict(null);
      return conflict.current;
    },
    /** The next save overwrites the other person's version; returns its If-Match. */
    overwrite(): { 'if-match': string } | null {
      if (!conflict) return null;
      setEtag(conflict.etag);
      setConflict(null);
      return { 'if-match': conflict.etag };
    },
    dismiss: () => setConflict(null),
    saved(next: T, nextEtag: string | undefined) {
      setBase(next);
      setEtag(nextEtag);
    },
  };
}

/** The labels of the fields whose values differ between two versions (for the conflict dialog). */
export function changedLabels<V extends object>(
  a: V,
  b: V,
  labels: Readonly<Partial<Record<keyof V, string>>>,
): string[] {
  return (Object.keys(labels) as (keyof V)[])
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => labels[key] as string);
}
