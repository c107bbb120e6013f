import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Problem, Schema } from '@werkstatt/api-client';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { fieldId, SelectField, TextField } from '../../ui/FormField';
import { useToast } from '../../ui/Toast';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { sortByName } from './lookups';
import {
  DaysSection,
  ModeratorsSection,
  MunicipalitiesSection,
  RegistrationSection,
} from './WorkshopFormSections';
import {
  bodyOf,
  changesOf,
  checkValues,
  type FieldErrors,
  type FormContext,
  fieldOrder,
  type Status,
  type Values,
} from './workshop-form';
import { serverErrors } from './workshop-problems';

type Workshop = Schema<'Workshop'>;

export interface WorkshopFormProps {
  /** The workshop being edited with the ETag of the version its values came from; none: a new one. */
  workshop?: { value: Workshop; etag: string | undefined };
  initial: Values;
  programs: readonly Schema<'Program'>[];
  municipalities: readonly Schema<'Municipality'>[];
  moderators: readonly Schema<'User'>[];
  onSaved: (workshop: Workshop) => void;
  /** After a 412: load the current version (the form is then made anew from it). */
  onReload?: () => void;
}

const f = de.workshopForm;

/**
 * Creating and editing a workshop. Everything that can be told in the browser is checked before
 * sending; the API's problems (validation paths and business rules such as an overlap) come back in
 * German at their fields, with a summary on top that links to each.
 */
export function WorkshopForm({
  workshop,
  initial,
  programs,
  municipalities,
  moderators,
  onSaved,
  onReload,
}: WorkshopFormProps) {
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [conflict, setConflict] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<Workshop | null>(null);
  // One key per form: a retried request (double click, lost answer) never schedules twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = $api.useMutation('post', '/v1/workshops');
  const update = $api.useMutation('patch', '/v1/workshops/{id}');
  const queryClient = useQueryClient();
  const toast = useToast();
  const busy = create.isPending || update.isPending;

  const dirty = !saved && JSON.stringify(values) !== JSON.stringify(initial);
  useUnsavedChanges(dirty);
  // Navigate only once the unsaved-changes guard has seen the saved state.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per save, whatever the parent passes
  useEffect(() => {
    if (saved) onSaved(saved);
  }, [saved]);

  const program = programs.find((p) => p.id === values.programId);
  const byId = useMemo(() => new Map(municipalities.map((m) => [m.id, m])), [municipalities]);
  const ctx: FormContext = {
    program,
    municipalityName: (id) => byId.get(id)?.name ?? de.workshops.unknownMunicipality,
    municipalityKind: (id) => byId.get(id)?.kind,
    moderatorName: (id) => moderators.find((u) => u.id === id)?.name ?? f.moderators,
  };
  const locked = workshop?.value.status === 'cancelled' || workshop?.value.status === 'held';
  const eligible = sortByName(
    municipalities.filter((m) => !program || program.eligibleKinds.includes(m.kind)),
  ).map((m) => ({ value: m.id, label: m.name }));

  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const fail = (next: FieldErrors, message: string | null) => {
    setErrors(next);
    setFormError(message);
    setAttempt((n) => n + 1);
  };

  const send = async (ifMatch: string | undefined) => {
    try {
      let result: Workshop;
      if (workshop) {
        const changes = locked
          ? values.notes !== initial.notes
            ? { notes: values.notes }
            : null
          : changesOf(initial, values);
        if (!changes) {
          toast('info', f.unchanged);
          setSaved(workshop.value);
          return;
        }
        result = await update.mutateAsync({
          params: { path: { id: workshop.value.id }, header: ifMatch ? { 'if-match': ifMatch } : {} },
          body: changes,
        });
        toast('success', f.saved);
      } else {
        const { status, ...body } = bodyOf(values);
        result = await create.mutateAsync({
          params: { header: { 'idempotency-key': idempotencyKey } },
          body: { ...body, status: status === 'held' ? 'draft' : status },
        });
        toast('success', f.created);
      }
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops'] });
      setSaved(result);
    } catch (error) {
      if (isProblem(error) && (error.status === 412 || error.status === 428)) {
        setConflict(error);
        return;
      }
      const mapped = isProblem(error) ? serverErrors(error, values, ctx) : null;
      fail(mapped?.fields ?? {}, mapped ? mapped.form : problemMessage(error));
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const local = locked ? {} : checkValues(values, ctx);
    if (Object.keys(local).length > 0) return fail(local, null);
    await send(workshop?.etag);
  };

  const summary = fieldOrder(values).flatMap((name) => {
    const message = errors[name];
    return message ? [{ inputName: name, message }] : [];
  });
  const statusOptions: { value: Status; label: string }[] = [
    { value: 'draft', label: de.workshops.statuses.draft },
    { value: 'published', label: de.workshops.statuses.published },
    ...(workshop ? [{ value: 'held' as const, label: de.workshops.statuses.held }] : []),
  ];

  return (
    <form
      className="form workshop-form"
      noValidate
      onSubmit={onSubmit}
      aria-label={workshop ? f.editTitle : f.createTitle}
    >
      <p className="muted">{f.intro}</p>
      {locked ? <Alert tone="info" title={f.locked} /> : null}
      {formError ? (
        <Alert tone="error" title={formError} focusOnMount={summary.length === 0} key={attempt} />
      ) : null}
      <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />

      <fieldset className="form-section" disabled={locked}>
        <legend>{f.general}</legend>
        {workshop ? (
          <p>
            <span className="field-label">{f.program}: </span>
            {program?.name}
          </p>
        ) : (
          <SelectField
            name="programId"
            label={f.program}
            placeholder={f.programPlaceholder}
            required
            options={sortByName(programs).map((p) => ({ value: p.id, label: p.name }))}
            value={values.programId}
            onChange={(id) => {
              const chosen = programs.find((p) => p.id === id);
              setValues((v) => ({
                ...v,
                programId: id,
                capacity: v.capacity || (chosen ? String(chosen.maxParticipants) : ''),
              }));
            }}
            error={errors.programId}
          />
        )}
        <TextField
          name="title"
          label={f.title}
          hint={f.titleHint}
          required
          value={values.title}
          onChange={(v) => set('title', v)}
          error={errors.title}
        />
        <fieldset className="choice-group">
          <legend className="field-label">{f.format}</legend>
          {(['onsite', 'online'] as const).map((format, i) => (
            <div className="checkbox-row" key={format}>
              <input
                type="radio"
                className="checkbox"
                id={i === 0 ? fieldId('format') : `${fieldId('format')}-${format}`}
                name="format"
                value={format}
                checked={values.format === format}
                onChange={() => set('format', format)}
              />
              <label htmlFor={i === 0 ? fieldId('format') : `${fieldId('format')}-${format}`}>
                {f.formats[format]}
              </label>
            </div>
          ))}
        </fieldset>
      </fieldset>

      <DaysSection
        values={values}
        errors={errors}
        setValues={setValues}
        clearErrors={() => setErrors({})}
        disabled={locked}
      />

      <fieldset className="form-section" disabled={locked}>
        <legend>{values.format === 'onsite' ? f.venue : f.onlineUrl}</legend>
        {values.format === 'onsite' ? (
          <>
            <TextField
              name="venue.name"
              label={f.venueName}
              hint={f.venueNameHint}
              required
              value={values.venue.name}
              onChange={(v) => set('venue', { ...values.venue, name: v })}
              error={errors['venue.name']}
            />
            <TextField
              name="venue.street"
              label={f.street}
              autoComplete="street-address"
              required
              value={values.venue.street}
              onChange={(v) => set('venue', { ...values.venue, street: v })}
              error={errors['venue.street']}
            />
            <div className="row-fields row-fields-address">
              <TextField
                name="venue.postalCode"
                label={f.postalCode}
                autoComplete="postal-code"
                required
                value={values.venue.postalCode}
                onChange={(v) => set('venue', { ...values.venue, postalCode: v })}
                error={errors['venue.postalCode']}
              />
              <TextField
                name="venue.city"
                label={f.city}
                autoComplete="address-level2"
                required
                value={values.venue.city}
                onChange={(v) => set('venue', { ...values.venue, city: v })}
                error={errors['venue.city']}
              />
            </div>
          </>
        ) : (
          <TextField
            name="onlineUrl"
            type="url"
            label={f.onlineUrl}
            hint={f.onlineUrlHint}
            required
            value={values.onlineUrl}
            onChange={(v) => set('onlineUrl', v)}
            error={errors.onlineUrl}
          />
        )}
      </fieldset>

      <MunicipalitiesSection
        values={values}
        errors={errors}
        setValues={setValues}
        clearErrors={() => setErrors({})}
        disabled={locked}
        program={program}
        options={eligible}
      />

      <ModeratorsSection
        values={values}
        errors={errors}
        setValues={setValues}
        clearErrors={() => setErrors({})}
        disabled={locked}
        moderators={moderators}
      />
      <RegistrationSection
        values={values}
        errors={errors}
        setValues={setValues}
        clearErrors={() => setErrors({})}
        disabled={locked}
      />

      <fieldset className="form-section">
        <legend>{f.status}</legend>
        {locked ? null : (
          <SelectField
            name="status"
            label={f.status}
            hint={f.statusHint}
            placeholder={f.status}
            options={statusOptions}
            value={values.status}
            onChange={(v) => set('status', v)}
            error={errors.status}
          />
        )}
        <TextField
          name="notes"
          label={f.notes}
          hint={f.notesHint}
          multiline
          value={values.notes}
          onChange={(v) => set('notes', v)}
          error={errors.notes}
        />
      </fieldset>

      <div className="actions form-actions">
        <Button type="submit" busy={busy} busyLabel={de.ui.saving}>
          {workshop ? f.save : f.create}
        </Button>
        {workshop ? (
          <Link
            to="/werkstaetten/$workshopId"
            params={{ workshopId: workshop.value.id }}
            className="button button-secondary"
          >
            {f.cancel}
          </Link>
        ) : (
          <Link to="/werkstaetten" className="button button-secondary">
            {f.cancel}
          </Link>
        )}
      </div>

      <ConflictDialog
        open={conflict !== null}
        onClose={() => setConflict(null)}
        onReload={() => {
          setConflict(null);
          setSaved(null);
          onReload?.();
        }}
        onOverwrite={() => {
          const current = conflict as (Problem & { currentEtag?: string }) | null;
          setConflict(null);
          void send(current?.currentEtag);
        }}
      />
    </form>
  );
}
