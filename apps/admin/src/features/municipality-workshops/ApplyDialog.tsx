import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useMemo, useState, useSyncExternalStore } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { session } from '../../api/session';
import { berlinDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/FormField';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import {
  type ApplyValues,
  applicationBody,
  applicationProblems,
  applyFieldOrder,
  checkApplication,
  type DateRow,
  dateField,
  MAX_DATES,
  newDateRow,
} from './apply-form';

const t = de.municipalityWorkshops;

interface ApplyDialogProps {
  open: boolean;
  onClose: () => void;
  onApplied: (application: Schema<'WorkshopApplication'>) => void;
}

/** The municipality's application for a workshop of its own: program, up to three days, contact. */
export function ApplyDialog({ open, onClose, onApplied }: ApplyDialogProps) {
  return open ? <ApplyForm onClose={onClose} onApplied={onApplied} /> : null;
}

function ApplyForm({ onClose, onApplied }: Omit<ApplyDialogProps, 'open'>) {
  const me = useSyncExternalStore(session.subscribe, session.getState).user;
  const programs = $api.useQuery('get', '/v1/programs', { params: { query: { limit: 100 } } });
  const programOptions = useMemo(
    () =>
      (programs.data?.data ?? [])
        .filter((p) => p.deletedAt === null)
        .map((p) => ({ value: p.id, label: p.name })),
    [programs.data],
  );
  const [initial] = useState<ApplyValues>(() => ({
    programId: '',
    dates: [newDateRow()],
    expectedParticipants: '',
    contactName: me?.name ?? '',
    contactEmail: me?.email ?? '',
    contactPhone: '',
    note: '',
  }));
  const [values, setValues] = useState<ApplyValues>(initial);
  // One program only: nothing to choose.
  const only = programOptions.length === 1 ? programOptions[0]?.value : undefined;
  const programId = values.programId || only || '';
  const program = programs.data?.data.find((p) => p.id === programId);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // One key per filled-in form: a retry after a lost answer does not apply twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const apply = $api.useMutation('post', '/v1/workshop-applications');
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  useUnsavedChanges(dirty && !apply.isSuccess);

  const set =
    <K extends keyof ApplyValues>(key: K) =>
    (value: ApplyValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const setDate = (key: string, part: keyof Omit<DateRow, 'key'>) => (value: string) =>
    setValues((v) => ({ ...v, dates: v.dates.map((d) => (d.key === key ? { ...d, [part]: value } : d)) }));

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
    if (apply.isPending) return;
    const filled = { ...values, programId };
    const local = checkApplication(filled, {
      today: berlinDay(new Date().toISOString()),
      maxParticipants: program?.maxParticipants ?? null,
    });
    if (Object.keys(local).length > 0) return fail(local, null);
    try {
      const created = await apply.mutateAsync({
        body: applicationBody(filled),
        params: { header: { 'idempotency-key': idempotencyKey } },
      });
      onApplied(created);
    } catch (error) {
      const mapped = applicationProblems(error, filled);
      if (mapped) fail(mapped.atFields, mapped.message);
      else fail({}, problemMessage(error));
    }
  };

  const summary = applyFieldOrder(values).flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });

  return (
    <Dialog
      open
      title={t.applyTitle}
      onClose={onClose}
      canClose={() => !dirty || window.confirm(t.discardConfirm)}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {de.ui.cancel}
          </Button>
          <Button type="submit" form="apply-form" busy={apply.isPending} busyLabel={t.applySubmitting}>
            {t.applySubmit}
          </Button>
        </>
      }
    >
      <form id="apply-form" noValidate onSubmit={onSubmit}>
        <p>{t.applyIntro}</p>
        {formError ? (
          <Alert tone="error" title={formError} focusOnMount={summary.length === 0} key={attempt} />
        ) : null}
        <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
        <SelectField
          name="programId"
          label={t.program}
          placeholder={programs.isPending ? de.app.loading : t.programPlaceholder}
          options={programOptions}
          required
          value={programId}
          onChange={set('programId')}
          error={errors.programId}
        />
        {values.dates.map((d, i) => (
          <fieldset key={d.key} className="date-row">
            <legend className="field-label">{t.dateLegend(i + 1)}</legend>
            <TextField
              name={dateField(d.key, 'date')}
              type="date"
              label={t.date}
              required
              value={d.date}
              onChange={setDate(d.key, 'date')}
              error={errors[dateField(d.key, 'date')]}
            />
            <div className="time-pair">
              <TextField
                name={dateField(d.key, 'from')}
                type="time"
                label={t.from}
                value={d.from}
                onChange={setDate(d.key, 'from')}
                error={errors[dateField(d.key, 'from')]}
              />
              <TextField
                name={dateField(d.key, 'to')}
                type="time"
                label={t.to}
                value={d.to}
                onChange={setDate(d.key, 'to')}
                error={errors[dateField(d.key, 'to')]}
              />
            </div>
            <p className="field-hint">{t.timeHint}</p>
            {values.dates.length > 1 ? (
              <Button
                variant="secondary"
                onClick={() => set('dates')(values.dates.filter((x) => x.key !== d.key))}
              >
                {t.removeDate(i + 1)}
              </Button>
            ) : null}
          </fieldset>
        ))}
        {values.dates.length < MAX_DATES ? (
          <p>
            <Button variant="secondary" onClick={() => set('dates')([...values.dates, newDateRow()])}>
              {t.addDate}
            </Button>
          </p>
        ) : null}
        <TextField
          name="expectedParticipants"
          type="number"
          label={t.participants}
          hint={t.participantsHint(program?.maxParticipants ?? null)}
          required
          value={values.expectedParticipants}
          onChange={set('expectedParticipants')}
          error={errors.expectedParticipants}
        />
        <TextField
          name="contactName"
          label={t.contactName}
          autoComplete="name"
          required
          value={values.contactName}
          onChange={set('contactName')}
          error={errors.contactName}
        />
        <TextField
          name="contactEmail"
          type="email"
          label={t.contactEmail}
          autoComplete="email"
          required
          value={values.contactEmail}
          onChange={set('contactEmail')}
          error={errors.contactEmail}
        />
        <TextField
          name="contactPhone"
          label={t.contactPhone}
          hint={t.contactPhoneHint}
          autoComplete="tel"
          value={values.contactPhone}
          onChange={set('contactPhone')}
          error={errors.contactPhone}
        />
        <TextField
          name="note"
          label={t.message}
          multiline
          value={values.note}
          onChange={set('note')}
          error={errors.note}
        />
      </form>
    </Dialog>
  );
}
