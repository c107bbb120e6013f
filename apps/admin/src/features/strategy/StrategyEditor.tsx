import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api, fetchClient } from '../../api/client';
import { etagFor } from '../../api/etag';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/FormField';
import { FormMessages, useForm } from '../../ui/form';
import { useToast } from '../../ui/Toast';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { AdoptDialog } from './AdoptDialog';
import { FieldsEditor } from './FieldsEditor';
import { LeitbildEditor } from './LeitbildEditor';
import { StrategyConflictDialog } from './StrategyConflictDialog';
import { StrategyStatus } from './StrategyStatus';
import {
  type Adoption,
  adoptionOf,
  bodyOf,
  checkValues,
  type Difference,
  emptyValues,
  type FieldErrors,
  fieldOrder,
  rebase,
  type Strategy,
  theirChanges,
  type Values,
  valuesOf,
} from './strategy-form';
import { isAdoptionProblem, strategyProblems } from './strategy-problems';

const s = de.strategy;

export interface StrategyEditorProps {
  municipalityId: string;
  municipalityName: string;
  /** The saved strategy, or null while the municipality has none (the first save creates it). */
  strategy: Strategy | null;
  /** The ETag of that version (If-Match of the next save). */
  etag: string | undefined;
  programs: readonly Schema<'Program'>[];
}

interface Conflict {
  current: Strategy;
  etag: string | undefined;
  changes: Difference[];
}

/** The 412's current version, or (after a 428, or a 412 without it) the one read now. */
async function currentVersion(municipalityId: string, error: unknown) {
  const path = `/v1/municipalities/${municipalityId}/strategy`;
  const carried = error as { current?: Strategy; currentEtag?: string };
  if (isProblem(error) && error.status === 412 && carried.current && carried.currentEtag) {
    return { current: carried.current, etag: carried.currentEtag };
  }
  const { data } = await fetchClient.GET('/v1/municipalities/{id}/strategy', {
    params: { path: { id: municipalityId } },
    headers: { 'cache-control': 'no-cache' },
  });
  return data ? { current: data, etag: etagFor(path) } : null;
}

/**
 * The strategy form: general facts, the Leitbild with its preview, the chosen action fields and the
 * council meeting; the resolution is entered in its own dialog. Saves the whole strategy with
 * If-Match; a conflict shows what the other person changed and can keep the user's edits.
 */
export function StrategyEditor({
  municipalityId,
  municipalityName,
  strategy,
  etag,
  programs,
}: StrategyEditorProps) {
  const only = programs.length === 1 ? programs[0] : undefined;
  const form = useForm<Values, string>(
    strategy ? valuesOf(strategy) : emptyValues(only?.id ?? '', municipalityName),
  );
  const [base, setBase] = useState<Strategy | null>(strategy);
  const [ifMatch, setIfMatch] = useState(etag);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [adoptOpen, setAdoptOpen] = useState(false);
  const [adoptProblems, setAdoptProblems] = useState<{
    errors: FieldErrors;
    message: string | null;
    attempt: number;
  }>({ errors: {}, message: null, attempt: 0 });
  const put = $api.useMutation('put', '/v1/municipalities/{id}/strategy');
  const queryClient = useQueryClient();
  const toast = useToast();
  const { values, setValues, set, errors } = form;
  const adoption = adoptionOf(base);
  const catalogue = $api.useQuery(
    'get',
    '/v1/programs/{programId}/action-fields',
    { params: { path: { programId: values.programId }, query: { limit: 200 } } },
    { enabled: values.programId !== '' },
  );

  useUnsavedChanges(form.dirty);

  const failAdoption = (error: unknown) => {
    const mapped = strategyProblems(error, values);
    const { adoptedOn, councilResolution, fields } = mapped.fields;
    setAdoptProblems((p) => ({
      errors: { ...(adoptedOn ? { adoptedOn } : {}), ...(councilResolution ? { councilResolution } : {}) },
      message: fields ?? (adoptedOn || councilResolution ? null : mapped.message),
      attempt: p.attempt + 1,
    }));
  };

  /** Saves the form with the given resolution; true when saved. */
  const save = async (next: Adoption, match: string | undefined, fromDialog: boolean): Promise<boolean> => {
    const local = checkValues(values);
    if (Object.keys(local).length > 0) {
      setAdoptOpen(false);
      form.fail(local);
      return false;
    }
    try {
      const result = await put.mutateAsync({
        params: { path: { id: municipalityId }, header: match ? { 'if-match': match } : {} },
        body: bodyOf(values, next),
      });
      setBase(result);
      setIfMatch(etagFor(`/v1/municipalities/${municipalityId}/strategy`));
      form.reset(valuesOf(result));
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/strategy'] });
      return true;
    } catch (error) {
      if (isProblem(error) && (error.status === 412 || error.status === 428)) {
        setAdoptOpen(false);
        const found = await currentVersion(municipalityId, error).catch(() => null);
        if (!found) {
          form.fail({}, s.conflict.loadFailed);
          return false;
        }
        setConflict({
          ...found,
          changes: theirChanges(
            {
              values: base ? valuesOf(base) : emptyValues(values.programId, municipalityName),
              adoption: adoptionOf(base),
            },
            { values: valuesOf(found.current), adoption: adoptionOf(found.current) },
            values,
          ),
        });
        return false;
      }
      if (fromDialog && isAdoptionProblem(error)) {
        failAdoption(error);
        return false;
      }
      setAdoptOpen(false);
      const mapped = strategyProblems(error, values);
      form.fail(mapped.fields, mapped.message);
      return false;
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (put.isPending) return;
    const created = !base;
    if (await save(adoption, ifMatch, false)) toast('success', created ? s.created : s.saved);
  };

  const adopt = async (next: Adoption) => {
    if (await save(next, ifMatch, true)) {
      setAdoptOpen(false);
      toast('success', next.status === 'adopted' ? s.adoptDone : s.revokeDone);
    }
  };

  const takeTheirs = (keepMine: boolean) => {
    if (!conflict) return;
    const theirs = valuesOf(conflict.current);
    const started = base ? valuesOf(base) : emptyValues(values.programId, municipalityName);
    setBase(conflict.current);
    setIfMatch(conflict.etag);
    form.reset(theirs);
    if (keepMine) setValues(rebase(started, theirs, values));
    setConflict(null);
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/strategy'] });
    toast('info', keepMine ? s.conflict.kept : s.conflict.discarded);
  };

  const overwrite = async () => {
    if (!conflict) return;
    const match = conflict.etag;
    setIfMatch(match);
    setConflict(null);
    if (await save(adoption, match, false)) toast('success', s.saved);
  };

  const program = programs.find((p) => p.id === values.programId);
  const programLocked = base !== null || programs.length === 1;

  return (
    <>
      <div className="strategy-toolbar">
        <StrategyStatus adoption={adoption} />
        <Button
          variant="secondary"
          onClick={() => {
            setAdoptProblems((p) => ({ errors: {}, message: null, attempt: p.attempt }));
            setAdoptOpen(true);
          }}
        >
          {adoption.status === 'adopted' ? s.adoptChange : s.adopt}
        </Button>
      </div>
      <form className="form strategy-form" noValidate onSubmit={onSubmit} aria-label={s.formLabel}>
        <p className="muted">{base ? s.intro : s.noneCanEdit}</p>
        <FormMessages
          order={fieldOrder(values)}
          errors={errors}
          formError={form.formError}
          attempt={form.attempt}
        />

        <fieldset className="form-section">
          <legend>
            <h2 className="section-heading">{s.general}</h2>
          </legend>
          {programLocked ? (
            <p>
              <span className="field-label">{s.program}: </span>
              {program?.name}
            </p>
          ) : (
            <SelectField
              name="programId"
              label={s.program}
              hint={s.programHint}
              placeholder={s.programPlaceholder}
              required
              options={programs.map((p) => ({ value: p.id, label: p.name }))}
              value={values.programId}
              onChange={(id) => setValues((v) => ({ ...v, programId: id, fields: [] }))}
              error={errors.programId}
            />
          )}
          <TextField
            name="title"
            label={s.strategyTitle}
            hint={s.strategyTitleHint}
            required
            value={values.title}
            onChange={set('title')}
            error={errors.title}
          />
          <TextField
            name="summary"
            label={s.summary}
            hint={s.summaryHint}
            multiline
            value={values.summary}
            onChange={set('summary')}
            error={errors.summary}
          />
          <div className="strategy-row">
            <SelectField
              name="visibility"
              label={s.visibility}
              hint={s.visibilityHint}
              placeholder={s.visibility}
              options={(['private', 'public'] as const).map((v) => ({ value: v, label: s.visibilities[v] }))}
              value={values.visibility}
              onChange={set('visibility')}
              error={errors.visibility}
            />
            <TextField
              name="nextReviewOn"
              label={s.nextReviewOn}
              hint={s.dateHint}
              value={values.nextReviewOn}
              onChange={set('nextReviewOn')}
              error={errors.nextReviewOn}
            />
          </div>
        </fieldset>

        <LeitbildEditor value={values.vision} onChange={set('vision')} error={errors.vision} />

        <FieldsEditor
          values={values}
          setValues={setValues}
          errors={errors}
          clearErrors={() => form.fail({}, null)}
          catalogue={catalogue.data?.data ?? []}
        />

        <fieldset className="form-section">
          <legend>
            <h2 className="section-heading">{s.council}</h2>
          </legend>
          <p className="field-hint">{s.councilHint}</p>
          <TextField
            name="councilMeeting.body"
            label={s.councilBody}
            hint={s.councilBodyHint}
            value={values.councilBody}
            onChange={set('councilBody')}
            error={errors['councilMeeting.body']}
          />
          <div className="strategy-row">
            <TextField
              name="councilMeeting.meetingOn"
              label={s.councilMeetingOn}
              hint={s.dateHint}
              value={values.councilMeetingOn}
              onChange={set('councilMeetingOn')}
              error={errors['councilMeeting.meetingOn']}
            />
            <TextField
              name="councilMeeting.agendaItem"
              label={s.councilAgendaItem}
              hint={s.councilAgendaItemHint}
              value={values.councilAgendaItem}
              onChange={set('councilAgendaItem')}
              error={errors['councilMeeting.agendaItem']}
            />
          </div>
        </fieldset>

        <div className="form-actions strategy-save">
          <Button type="submit" busy={put.isPending && !adoptOpen} busyLabel={s.saving}>
            {s.save}
          </Button>
          {form.dirty ? <span className="muted">{s.unsaved}</span> : null}
        </div>
      </form>

      {adoptOpen ? (
        <AdoptDialog
          open
          adoption={adoption}
          busy={put.isPending}
          errors={adoptProblems.errors}
          message={adoptProblems.message}
          attempt={adoptProblems.attempt}
          onAdopt={adopt}
          onRevoke={() => adopt({ status: 'draft', adoptedOn: null, councilResolution: null })}
          onClose={() => setAdoptOpen(false)}
        />
      ) : null}
      <StrategyConflictDialog
        open={conflict !== null}
        changes={conflict?.changes ?? []}
        myVision={values.vision}
        onKeepMine={() => takeTheirs(true)}
        onDiscardMine={() => takeTheirs(false)}
        onOverwrite={overwrite}
        onClose={() => setConflict(null)}
      />
    </>
  );
}
