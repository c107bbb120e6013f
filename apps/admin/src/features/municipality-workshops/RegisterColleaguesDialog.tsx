import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/FormField';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import {
  type Colleague,
  checkColleagues,
  colleagueField,
  colleagueFields,
  colleagueProblem,
  newColleague,
  outcomeOf,
} from './colleagues';

type Registration = Schema<'Registration'>;
type Role = Schema<'CreateRegistrationInput'>['role'];
const t = de.municipalityWorkshops;
const roles = Object.entries(de.form.roles).map(([value, label]) => ({ value: value as Role, label }));

interface RegisterColleaguesDialogProps {
  workshop: { id: string; title: string };
  municipalityId: string;
  onClose: () => void;
  /** After each round that registered someone, so the lists and seats are read again. */
  onRegistered: (registrations: Registration[]) => void;
}

/**
 * Registers one or several colleagues, one after the other in the form's order (which is the order of
 * the waitlist), and shows at once for each whether they got a seat or a place on the waitlist. Whoever
 * was refused stays in the form with the reason at the field.
 */
export function RegisterColleaguesDialog({
  workshop,
  municipalityId,
  onClose,
  onRegistered,
}: RegisterColleaguesDialogProps) {
  const [rows, setRows] = useState<Colleague[]>(() => [newColleague()]);
  const [role, setRole] = useState<Role>('administration');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [results, setResults] = useState<Registration[]>([]);
  const [pending, setPending] = useState(false);
  const register = $api.useMutation('post', '/v1/workshops/{id}/registrations');
  const dirty = rows.some((r) => r.firstName || r.lastName || r.email);
  useUnsavedChanges(dirty);

  const setRow = (key: string, field: keyof Omit<Colleague, 'key'>) => (value: string) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, [field]: value } : r)));

  const fail = (next: Record<string, string>, message: string | null) => {
    setErrors(next);
    setFormError(message);
    setAttempt((n) => n + 1);
  };

  const close = () => {
    if (dirty && !window.confirm(t.discardConfirm)) return;
    onClose();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const local = checkColleagues(rows);
    if (Object.keys(local).length > 0) return fail(local, null);
    setPending(true);
    const done: Registration[] = [];
    const left: Colleague[] = [];
    const atFields: Record<string, string> = {};
    let message: string | null = null;
    for (const row of rows) {
      if (message) {
        left.push(row);
        continue;
      }
      try {
        done.push(
          await register.mutateAsync({
            params: {
              path: { id: workshop.id },
              // Per attempt: a corrected row is a new request, not the replay of a refused one.
              header: { 'idempotency-key': crypto.randomUUID() },
            },
            body: {
              municipalityId,
              firstName: row.firstName.trim(),
              lastName: row.lastName.trim(),
              email: row.email.trim(),
              role,
              note: '',
            },
          }),
        );
      } catch (error) {
        const problem = colleagueProblem(error);
        left.push(row);
        if (problem.field) atFields[colleagueField(row.key, problem.field)] = problem.message;
        else if (problem.stop) message = problem.message;
        else message ??= problem.message;
      }
    }
    setPending(false);
    setResults((before) => [...before, ...done]);
    setRows(left.length > 0 ? left : [newColleague()]);
    if (done.length > 0) onRegistered(done);
    if (left.length > 0) {
      const failed = left.length;
      fail(atFields, message ?? (Object.keys(atFields).length > 0 ? null : t.resultFailed(failed)));
    } else {
      setErrors({});
      setFormError(null);
    }
  };

  const summary = rows.flatMap((r) =>
    colleagueFields.flatMap((f) => {
      const message = errors[colleagueField(r.key, f)];
      return message ? [{ inputName: colleagueField(r.key, f), message }] : [];
    }),
  );

  return (
    <Dialog
      open
      title={t.registerTitle(workshop.title)}
      onClose={onClose}
      canClose={() => !dirty || window.confirm(t.discardConfirm)}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {results.length > 0 && !dirty ? t.done : de.ui.cancel}
          </Button>
          <Button
            type="submit"
            form="register-colleagues-form"
            busy={pending}
            busyLabel={t.registerSubmitting}
          >
            {rows.length > 1 ? t.registerSubmitMany(rows.length) : t.registerSubmit}
          </Button>
        </>
      }
    >
      {results.length > 0 ? (
        <section className="register-results" aria-labelledby="register-results" aria-live="polite">
          <h3 id="register-results">{t.results}</h3>
          <ul className="plain-list">
            {results.map((r) => {
              const outcome = outcomeOf(r);
              return (
                <li key={r.id} className="register-result">
                  <span className="register-result-name">
                    {r.firstName} {r.lastName}
                  </span>{' '}
                  <Badge tone={outcome.tone}>{outcome.label}</Badge>
                </li>
              );
            })}
          </ul>
          {results.some((r) => r.status === 'waitlisted') ? <p className="small">{t.resultsNote}</p> : null}
        </section>
      ) : null}
      <form id="register-colleagues-form" noValidate onSubmit={onSubmit}>
        <p>{t.registerIntro}</p>
        {formError ? (
          <Alert tone="error" title={formError} focusOnMount={summary.length === 0} key={attempt} />
        ) : null}
        <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
        {rows.map((row, i) => (
          <fieldset key={row.key} className="colleague-row">
            <legend className="field-label">{t.person(i + 1)}</legend>
            <div className="colleague-fields">
              <TextField
                name={colleagueField(row.key, 'firstName')}
                label={t.firstName}
                autoComplete="off"
                required
                value={row.firstName}
                onChange={setRow(row.key, 'firstName')}
                error={errors[colleagueField(row.key, 'firstName')]}
              />
              <TextField
                name={colleagueField(row.key, 'lastName')}
                label={t.lastName}
                autoComplete="off"
                required
                value={row.lastName}
                onChange={setRow(row.key, 'lastName')}
                error={errors[colleagueField(row.key, 'lastName')]}
              />
              <TextField
                name={colleagueField(row.key, 'email')}
                type="email"
                label={t.email}
                autoComplete="off"
                required
                value={row.email}
                onChange={setRow(row.key, 'email')}
                error={errors[colleagueField(row.key, 'email')]}
              />
            </div>
            {rows.length > 1 ? (
              <Button
                variant="secondary"
                onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
              >
                {t.removePerson(i + 1)}
              </Button>
            ) : null}
          </fieldset>
        ))}
        <p>
          <Button variant="secondary" onClick={() => setRows((all) => [...all, newColleague()])}>
            {t.addPerson}
          </Button>
        </p>
        <SelectField
          name="role"
          label={t.role}
          hint={t.roleHint}
          placeholder={de.form.rolePlaceholder}
          options={roles}
          required
          value={role}
          onChange={setRole}
        />
      </form>
    </Dialog>
  );
}
