import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { SelectField, TextField } from '../../ui/FormField';
import { FormMessages, problemToForm, useConcurrentSave, useForm } from '../../ui/form';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import '../../ui/layout.css';
import {
  bodyOf,
  changedFields,
  kindOptions,
  type Municipality,
  type MunicipalityField,
  type MunicipalityValues,
  municipalityFields,
  NO_PARENT,
  slugify,
  stateOptions,
  valuesOf,
} from './municipality-values';

const t = de.municipalities;

const problemMapping = {
  fields: {
    name: t.fieldErrors.name,
    slug: t.fieldErrors.slug,
    kind: t.fieldErrors.kind,
    stateCode: t.fieldErrors.stateCode,
    ars: t.fieldErrors.ars,
    population: t.fieldErrors.population,
    parentId: t.fieldErrors.parentId,
    contactName: t.fieldErrors.contactName,
    contactEmail: t.fieldErrors.contactEmail,
    contactPhone: t.fieldErrors.contactPhone,
  },
  codes: {
    slug_taken: { field: 'slug', message: t.fieldErrors.slugTaken },
    ars_taken: { field: 'ars', message: t.fieldErrors.arsTaken },
    invalid_parent: { field: 'parentId', message: t.fieldErrors.parentInvalid },
  },
} as const satisfies Parameters<typeof problemToForm<MunicipalityField>>[1];

interface MunicipalityFormProps {
  /** The municipality to edit; without it the form creates one. */
  municipality?: Municipality;
  /** Every municipality, for "Gehört zu". */
  directory: readonly Municipality[];
  onDone: (saved: Municipality) => void;
}

/** Create or edit a municipality: the API's problems at the fields, in German; 412 opens the conflict dialog. */
export function MunicipalityForm({ municipality, directory, onDone }: MunicipalityFormProps) {
  const editing = municipality !== undefined;
  const path = municipality ? `/v1/municipalities/${municipality.id}` : '';
  const form = useForm<MunicipalityValues, MunicipalityField>(valuesOf(municipality));
  const save = useConcurrentSave(municipality, editing ? etagFor(path) : undefined);
  const [slugTouched, setSlugTouched] = useState(editing);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<Municipality | null>(null);
  const queryClient = useQueryClient();
  const create = $api.useMutation('post', '/v1/municipalities');
  const update = $api.useMutation('patch', '/v1/municipalities/{id}');
  const busy = create.isPending || update.isPending;

  useUnsavedChanges(form.dirty && !done);
  // Leaves the form only once the unsaved-changes guard has seen the saved state.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per save on purpose
  useEffect(() => {
    if (done) onDone(done);
  }, [done]);

  const parents = useMemo(
    () => [
      { value: NO_PARENT, label: t.form.parentNone },
      ...directory
        .filter((m) => m.id !== municipality?.id)
        .map((m) => ({ value: m.id, label: m.name }))
        .sort((a, b) => a.label.localeCompare(b.label, 'de')),
    ],
    [directory, municipality?.id],
  );

  const submit = async (ifMatch = save.ifMatch) => {
    if (busy) return;
    const parsed = bodyOf(form.values);
    if ('errors' in parsed) return form.fail(parsed.errors);
    try {
      const saved = municipality
        ? await update.mutateAsync({
            params: { path: { id: municipality.id }, header: ifMatch },
            body: parsed.body,
          })
        : await create.mutateAsync({
            params: { header: { 'idempotency-key': idempotencyKey } },
            body: parsed.body,
          });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities'] }),
        queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}'] }),
      ]);
      form.reset(valuesOf(saved));
      setDone(saved);
    } catch (error) {
      if (save.caught(error)) return;
      const mapped = problemToForm(error, problemMapping);
      form.fail(mapped.fields, mapped.message);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const setName = (name: string) => {
    form.set('name')(name);
    if (!slugTouched) form.set('slug')(slugify(name));
  };

  const { values, errors } = form;
  return (
    <form className="form catalog-form" noValidate onSubmit={onSubmit} aria-labelledby="municipality-form">
      <h2 id="municipality-form" className="visually-hidden">
        {t.form.heading}
      </h2>
      <FormMessages
        order={municipalityFields}
        errors={errors}
        formError={form.formError}
        attempt={form.attempt}
      />
      <TextField
        name="name"
        label={t.form.name}
        hint={t.form.nameHint}
        required
        value={values.name}
        onChange={setName}
        error={errors.name}
      />
      <TextField
        name="slug"
        label={t.form.slug}
        hint={t.form.slugHint}
        required
        value={values.slug}
        onChange={(slug) => {
          setSlugTouched(true);
          form.set('slug')(slug);
        }}
        error={errors.slug}
      />
      <div className="field-pair">
        <SelectField
          name="kind"
          label={t.form.kind}
          placeholder={t.form.choose}
          options={kindOptions}
          required
          value={values.kind}
          onChange={form.set('kind')}
          error={errors.kind}
        />
        <SelectField
          name="stateCode"
          label={t.form.state}
          placeholder={t.form.choose}
          options={stateOptions}
          required
          value={values.stateCode}
          onChange={form.set('stateCode')}
          error={errors.stateCode}
        />
      </div>
      <div className="field-pair">
        <TextField
          name="ars"
          label={t.form.ars}
          hint={t.form.arsHint}
          value={values.ars}
          onChange={form.set('ars')}
          error={errors.ars}
        />
        <TextField
          name="population"
          label={t.form.population}
          value={values.population}
          onChange={form.set('population')}
          error={errors.population}
        />
      </div>
      <SelectField
        name="parentId"
        label={t.form.parent}
        hint={t.form.parentHint}
        placeholder={t.form.choose}
        options={parents}
        value={values.parentId}
        onChange={form.set('parentId')}
        error={errors.parentId}
      />
      <fieldset className="fieldset">
        <legend>{t.form.contactHeading}</legend>
        <TextField
          name="contactName"
          label={t.form.contactName}
          autoComplete="off"
          value={values.contactName}
          onChange={form.set('contactName')}
          error={errors.contactName}
        />
        <div className="field-pair">
          <TextField
            name="contactEmail"
            type="email"
            label={t.form.contactEmail}
            autoComplete="off"
            value={values.contactEmail}
            onChange={form.set('contactEmail')}
            error={errors.contactEmail}
          />
          <TextField
            name="contactPhone"
            label={t.form.contactPhone}
            autoComplete="off"
            value={values.contactPhone}
            onChange={form.set('contactPhone')}
            error={errors.contactPhone}
          />
        </div>
      </fieldset>
      <div className="form-buttons">
        <Button type="submit" busy={busy} busyLabel={de.ui.saving}>
          {editing ? t.form.submitEdit : t.form.submitCreate}
        </Button>
      </div>
      <ConflictDialog
        open={save.conflict !== null}
        changed={
          save.conflict && municipality ? changedFields(save.base ?? municipality, save.conflict.current) : []
        }
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
