import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { SelectField, TextField } from '../../ui/FormField';
import { FormMessages, useConcurrentSave, useForm } from '../../ui/form';
import { useToast } from '../../ui/Toast';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import '../../ui/layout.css';
import { IndicatorsEditor } from './IndicatorsEditor';
import {
  changedFields,
  changesOf,
  fieldOrder,
  type Measure,
  type MeasureField,
  type MeasureValues,
  measurePath,
  measureProblem,
  measureStatuses,
  onlyRollupChanged,
  type StartWindow,
  startWindows,
  valuesOf,
} from './measure-values';
import { ProgressLine } from './Progress';

const t = de.measureSheet;
const f = t.form;

export interface FieldOption {
  value: string;
  label: string;
}

interface MeasureFormProps {
  /** The version the form starts from. */
  measure: Measure;
  /** The measure as the page reads it now: newer after a step was ticked (progress, counts). */
  live: Measure;
  actionFields: readonly FieldOption[];
  /** True once the page is leaving on purpose (after deleting): no unsaved-changes question then. */
  leaving?: boolean;
}

/** The fact sheet as an editor changes it: every field the council PDF prints, and the indicators. */
export function MeasureForm({ measure, live, actionFields, leaving = false }: MeasureFormProps) {
  const path = measurePath(measure.municipalityId, measure.id);
  const form = useForm<MeasureValues, MeasureField>(valuesOf(measure));
  const save = useConcurrentSave<Measure>(measure, etagFor(path));
  const update = $api.useMutation('patch', '/v1/municipalities/{id}/measures/{measureId}');
  const queryClient = useQueryClient();
  const toast = useToast();
  const base = save.base ?? measure;

  useUnsavedChanges(form.dirty && !leaving);

  // Ticking a step changes the measure's progress and so its ETag; the form takes the newer version
  // when nothing else in it changed. Another person's edit of the fields stays a conflict.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the page's reads only
  useEffect(() => {
    if (live.updatedAt === base.updatedAt && live.progress === base.progress) return;
    if (onlyRollupChanged(base, live)) save.saved(live, etagFor(path));
  }, [live]);

  const submit = async (ifMatch = save.ifMatch) => {
    if (update.isPending) return;
    const parsed = changesOf(form.values, base);
    if ('errors' in parsed) return form.fail(parsed.errors);
    if (Object.keys(parsed.body).length === 0) {
      toast('info', t.nothingChanged);
      return;
    }
    try {
      const saved = await update.mutateAsync({
        params: { path: { id: measure.municipalityId, measureId: measure.id }, header: ifMatch },
        body: parsed.body,
      });
      save.saved(saved, etagFor(path));
      form.reset(valuesOf(saved));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/measures/{measureId}'] }),
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/measures'] }),
      ]);
      toast('success', t.saved);
    } catch (error) {
      if (save.caught(error)) return;
      const mapped = measureProblem(error, form.values.indicators.length);
      form.fail(mapped.fields, mapped.message);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const { values, errors, set } = form;
  const text = (name: keyof typeof errors & keyof MeasureValues, label: string, extra = {}) => (
    <TextField
      name={name}
      label={label}
      value={values[name] as string}
      onChange={set(name)}
      error={errors[name]}
      {...extra}
    />
  );
  return (
    <form className="form measure-form" noValidate onSubmit={onSubmit} aria-labelledby="measure-form">
      <h2 id="measure-form" className="visually-hidden">
        {f.heading}
      </h2>
      <FormMessages
        order={fieldOrder(values.indicators.length)}
        errors={errors}
        formError={form.formError}
        attempt={form.attempt}
      />
      <fieldset className="fieldset">
        <legend>{t.sections.sheet}</legend>
        {text('title', f.title, { required: true })}
        <SelectField
          name="actionFieldId"
          label={f.actionField}
          required
          placeholder={f.actionFieldPlaceholder}
          options={actionFields}
          value={values.actionFieldId}
          onChange={set('actionFieldId')}
          error={errors.actionFieldId}
        />
        {text('description', f.description, { multiline: true })}
        {text('expectedResult', f.expectedResult, { multiline: true })}
        {text('targetGroup', f.targetGroup, { multiline: true })}
        {text('lead', f.lead, { hint: f.leadHint })}
        {text('participants', f.participants, { multiline: true })}
        {text('resources', f.resources, { multiline: true, hint: f.resourcesHint })}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t.sections.schedule}</legend>
        <SelectField<StartWindow | 'none'>
          name="startWindow"
          label={f.startWindow}
          placeholder={f.actionFieldPlaceholder}
          options={[
            { value: 'none', label: t.startWindows.none },
            ...startWindows.map((w) => ({ value: w, label: t.startWindows[w] })),
          ]}
          value={values.startWindow}
          onChange={set('startWindow')}
          error={errors.startWindow}
        />
        <div className="field-pair">
          {text('startDate', f.startDate, { hint: f.dateHint })}
          {text('endDate', f.endDate, { hint: f.dateHint })}
        </div>
        <SelectField
          name="status"
          label={f.status}
          required
          placeholder={f.actionFieldPlaceholder}
          options={measureStatuses.map((s) => ({ value: s, label: t.statuses[s] }))}
          value={values.status}
          onChange={set('status')}
          error={errors.status}
        />
        {base.progressSource === 'manual' ? (
          text('progress', f.progress, { hint: `${f.progressHint} ${t.progress.manualHint}` })
        ) : (
          <div className="field">
            <p className="field-label" id="progress-derived">
              {t.sections.progress}
            </p>
            <ProgressLine measure={live} />
            <p className="field-hint">{t.progress.fromStepsHint}</p>
            {errors.progress ? <p className="field-error">{errors.progress}</p> : null}
          </div>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t.sections.money}</legend>
        <TextField
          name="budgetCents"
          label={f.budget}
          hint={f.budgetHint}
          value={values.budget}
          onChange={set('budget')}
          error={errors.budgetCents}
        />
        {text('fundingSource', f.fundingSource, { hint: f.fundingSourceHint })}
        {text('grantProgram', f.grantProgram)}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t.sections.indicators}</legend>
        <IndicatorsEditor value={values.indicators} onChange={set('indicators')} errors={errors} />
      </fieldset>
      <div className="form-buttons">
        <Button type="submit" busy={update.isPending} busyLabel={de.ui.saving}>
          {t.save}
        </Button>
      </div>
      <ConflictDialog
        open={save.conflict !== null}
        changed={save.conflict ? changedFields(base, save.conflict.current) : []}
        onReload={() => {
          const current = save.reload();
          if (current) form.reset(valuesOf(current));
          void queryClient.invalidateQueries({
            queryKey: ['get', '/v1/municipalities/{id}/measures/{measureId}'],
          });
        }}
        onOverwrite={() => {
          const ifMatch = save.overwrite();
          if (ifMatch) void submit(ifMatch);
        }}
        onClose={save.dismiss}
      />
    </form>
  );
}
