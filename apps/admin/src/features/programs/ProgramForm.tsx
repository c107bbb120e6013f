import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { CheckboxGroup } from '../../ui/CheckboxGroup';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { TextField } from '../../ui/FormField';
import { FormMessages, problemToForm, useConcurrentSave, useForm } from '../../ui/form';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import '../../ui/layout.css';
import { kindOptions, slugify } from '../municipalities/municipality-values';
import {
  bodyOf,
  changedFields,
  type Program,
  type ProgramField,
  type ProgramValues,
  programFields,
  valuesOf,
} from './program-values';

const t = de.programs;
const { slugTaken, periodExcludesWorkshops, ...fieldMessages } = t.fieldErrors;

/** The API's problems of a program save, at the fields, in German. */
export function programProblem(error: unknown) {
  const workshops =
    isProblem(error) && error.code === 'program_period_excludes_workshops'
      ? ((error as { workshopIds?: unknown[] }).workshopIds?.length ?? 1)
      : 0;
  return problemToForm<ProgramField>(error, {
    fields: fieldMessages,
    codes: {
      slug_taken: { field: 'slug', message: slugTaken },
      program_period_excludes_workshops: periodExcludesWorkshops(workshops),
    },
  });
}

interface ProgramFormProps {
  /** The program to edit; without it the form creates one. */
  program?: Program;
  onDone: (saved: Program) => void;
}

/** Create or edit a program: its period, who may take part, its limits and contact. */
export function ProgramForm({ program, onDone }: ProgramFormProps) {
  const editing = program !== undefined;
  const form = useForm<ProgramValues, ProgramField>(valuesOf(program));
  const save = useConcurrentSave(program, program ? etagFor(`/v1/programs/${program.id}`) : undefined);
  const [slugTouched, setSlugTouched] = useState(editing);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<Program | null>(null);
  const queryClient = useQueryClient();
  const create = $api.useMutation('post', '/v1/programs');
  const update = $api.useMutation('patch', '/v1/programs/{id}');
  const busy = create.isPending || update.isPending;

  useUnsavedChanges(form.dirty && !done);
  // Leaves the form only once the unsaved-changes guard has seen the saved state.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per save on purpose
  useEffect(() => {
    if (done) onDone(done);
  }, [done]);

  const submit = async (ifMatch = save.ifMatch) => {
    if (busy) return;
    const parsed = bodyOf(form.values);
    if ('errors' in parsed) return form.fail(parsed.errors);
    try {
      const saved = program
        ? await update.mutateAsync({
            params: { path: { id: program.id }, header: ifMatch },
            body: parsed.body,
          })
        : await create.mutateAsync({
            params: { header: { 'idempotency-key': idempotencyKey } },
            body: parsed.body,
          });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/programs'] }),
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/programs/{id}'] }),
      ]);
      form.reset(valuesOf(saved));
      setDone(saved);
    } catch (error) {
      if (save.caught(error)) return;
      const mapped = programProblem(error);
      form.fail(mapped.fields, mapped.message);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const { values, errors, set } = form;
  const f = t.form;
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="program-form">
      <h2 id="program-form" className="visually-hidden">
        {f.heading}
      </h2>
      <FormMessages order={programFields} errors={errors} formError={form.formError} attempt={form.attempt} />
      <TextField
        name="name"
        label={f.name}
        hint={f.nameHint}
        required
        value={values.name}
        onChange={(name) => {
          set('name')(name);
          if (!slugTouched) set('slug')(slugify(name));
        }}
        error={errors.name}
      />
      <TextField
        name="slug"
        label={f.slug}
        hint={f.slugHint}
        required
        value={values.slug}
        onChange={(slug) => {
          setSlugTouched(true);
          set('slug')(slug);
        }}
        error={errors.slug}
      />
      <TextField
        name="description"
        label={f.description}
        multiline
        value={values.description}
        onChange={set('description')}
        error={errors.description}
      />
      <div className="field-pair">
        <TextField
          name="startsOn"
          label={f.startsOn}
          hint={f.dateHint}
          required
          value={values.startsOn}
          onChange={set('startsOn')}
          error={errors.startsOn}
        />
        <TextField
          name="endsOn"
          label={f.endsOn}
          hint={f.dateHint}
          value={values.endsOn}
          onChange={set('endsOn')}
          error={errors.endsOn}
        />
      </div>
      <CheckboxGroup
        name="eligibleKinds"
        legend={f.kinds}
        hint={f.kindsHint}
        required
        options={kindOptions}
        value={values.eligibleKinds}
        onChange={set('eligibleKinds')}
        error={errors.eligibleKinds}
      />
      <TextField
        name="maxMunicipalitiesPerWorkshop"
        label={f.municipalitiesPerWorkshop}
        hint={f.municipalitiesPerWorkshopHint}
        required
        value={values.maxMunicipalitiesPerWorkshop}
        onChange={set('maxMunicipalitiesPerWorkshop')}
        error={errors.maxMunicipalitiesPerWorkshop}
      />
      <div className="field-pair">
        <TextField
          name="maxParticipants"
          label={f.participants}
          hint={f.participantsHint}
          required
          value={values.maxParticipants}
          onChange={set('maxParticipants')}
          error={errors.maxParticipants}
        />
        <TextField
          name="dotVotesPerField"
          label={f.dotVotes}
          hint={f.dotVotesHint}
          required
          value={values.dotVotesPerField}
          onChange={set('dotVotesPerField')}
          error={errors.dotVotesPerField}
        />
      </div>
      <fieldset className="fieldset">
        <legend>{f.contactHeading}</legend>
        <p className="fieldset-hint">{f.contactHint}</p>
        <div className="field-pair">
          <TextField
            name="contact.name"
            label={f.contactName}
            autoComplete="off"
            value={values.contactName}
            onChange={set('contactName')}
            error={errors['contact.name']}
          />
          <TextField
            name="contact.email"
            type="email"
            label={f.contactEmail}
            autoComplete="off"
            value={values.contactEmail}
            onChange={set('contactEmail')}
            error={errors['contact.email']}
          />
          <TextField
            name="contact.phone"
            label={f.contactPhone}
            autoComplete="off"
            value={values.contactPhone}
            onChange={set('contactPhone')}
            error={errors['contact.phone']}
          />
          <TextField
            name="contact.organisation"
            label={f.contactOrganisation}
            autoComplete="off"
            value={values.contactOrganisation}
            onChange={set('contactOrganisation')}
            error={errors['contact.organisation']}
          />
        </div>
      </fieldset>
      <div className="form-buttons">
        <Button type="submit" busy={busy} busyLabel={de.ui.saving}>
          {editing ? f.submitEdit : f.submitCreate}
        </Button>
      </div>
      <ConflictDialog
        open={save.conflict !== null}
        changed={save.conflict && program ? changedFields(save.base ?? program, save.conflict.current) : []}
        onReload={() => {
          const current = save.reload();
          if (current) form.reset(valuesOf(current));
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
