import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextField } from '../../ui/FormField';
import { FormMessages, problemToForm, useForm } from '../../ui/form';
import { useToast } from '../../ui/Toast';
import { germanDate, isoDate } from '../programs/program-values';
import { berlinToday } from './dates';
import { changeStep, deleteStep, moveStep, type Step, StepConflict, type StepTarget } from './step-writes';

const t = de.measureSheet.steps;
type Control = 'up' | 'down' | 'edit' | 'delete' | 'done';
const controlId = (stepId: string, control: Control) => `step-${stepId}-${control}`;

/** After a write: the steps and the measure's roll-up (and the list of measures) read anew. */
export function useRefreshMeasure() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({
        queryKey: ['get', '/v1/municipalities/{id}/measures/{measureId}/steps'],
      }),
      queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/measures/{measureId}'] }),
      queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/measures'] }),
    ]);
}

interface StepsChecklistProps extends StepTarget {
  steps: readonly Step[];
}

/**
 * The measure's steps as a checklist an editor works through: tick off, rename, give a due date,
 * move up and down (buttons, or Alt + arrow key on any button of a step), delete, add. Every change is
 * saved at once; the measure's progress follows from the ticks.
 */
export function StepsChecklist({ municipalityId, measureId, steps }: StepsChecklistProps) {
  const target = { municipalityId, measureId };
  const toast = useToast();
  const refresh = useRefreshMeasure();
  const [busy, setBusy] = useState(false);
  const [ticks, setTicks] = useState<Record<string, boolean>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Step | null>(null);
  const focusAfter = useRef<string | null>(null);
  const today = berlinToday();

  // Focus stays with the control the user used, also when its step moved or the list was read anew.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each new list on purpose
  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  }, [steps]);

  /** Runs one write; a conflict reloads the list and says so, other problems are told in German. */
  const write = async (run: () => Promise<string | null>, focus: string | null = null) => {
    if (busy) return false;
    setBusy(true);
    try {
      const message = await run();
      focusAfter.current = focus;
      await refresh();
      if (message) toast('success', message);
      return true;
    } catch (error) {
      await refresh();
      toast('error', error instanceof StepConflict ? t.conflict : (stepProblem(error).message ?? t.conflict));
      return false;
    } finally {
      setTicks({});
      setBusy(false);
    }
  };

  const tick = (step: Step, done: boolean) => {
    setTicks((now) => ({ ...now, [step.id]: done }));
    void write(
      async () => {
        await changeStep(target, step, { doneAt: done ? new Date().toISOString() : null });
        return done ? t.ticked(step.title) : t.unticked(step.title);
      },
      controlId(step.id, 'done'),
    );
  };

  const move = (index: number, delta: -1 | 1, control: Control) => {
    const plan = moveStep(steps, index, delta);
    if (!plan) return;
    const step = steps[index] as Step;
    void write(
      async () => {
        for (const change of plan.changes) await changeStep(target, change.step, { order: change.order });
        return t.moved(step.title, index + delta + 1, steps.length);
      },
      controlId(step.id, control),
    );
  };

  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLFieldSetElement>) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const control = (event.target as HTMLElement).dataset.control as Control | undefined;
    move(index, event.key === 'ArrowUp' ? -1 : 1, control ?? (event.key === 'ArrowUp' ? 'up' : 'down'));
  };

  return (
    <>
      {steps.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <>
          <p className="muted small" id="steps-reorder-hint">
            {t.reorderHint}
          </p>
          <ol className="step-list" aria-label={t.listLabel}>
            {steps.map((step, index) => {
              const done = ticks[step.id] ?? Boolean(step.doneAt);
              const overdue = !step.doneAt && step.dueOn !== null && step.dueOn < today;
              const metaId = `step-${step.id}-meta`;
              if (editing === step.id) {
                return (
                  <li key={step.id} className="step step-editing">
                    <StepEditor
                      target={target}
                      step={step}
                      onDone={(saved) => {
                        setEditing(null);
                        focusAfter.current = controlId(step.id, 'edit');
                        if (saved) {
                          toast('success', t.changed);
                          void refresh();
                        } else {
                          requestAnimationFrame(() =>
                            document.getElementById(controlId(step.id, 'edit'))?.focus(),
                          );
                        }
                      }}
                    />
                  </li>
                );
              }
              return (
                <li key={step.id} className={`step${done ? ' step-done' : ''}`}>
                  <div className="checkbox-row step-check">
                    <input
                      id={controlId(step.id, 'done')}
                      type="checkbox"
                      className="checkbox"
                      checked={done}
                      aria-describedby={metaId}
                      aria-disabled={busy || undefined}
                      onChange={(e) => {
                        if (!busy) tick(step, e.target.checked);
                      }}
                    />
                    <label htmlFor={controlId(step.id, 'done')} className="step-title">
                      <span className="visually-hidden">{`${index + 1}. `}</span>
                      {step.title}
                    </label>
                  </div>
                  <p className="step-meta small" id={metaId}>
                    {step.dueOn ? <span>{t.due(germanDate(step.dueOn))}</span> : null}
                    {overdue ? <strong className="step-overdue">{t.overdue}</strong> : null}
                    <span>{step.doneAt ? t.doneOn(formatDate(step.doneAt)) : t.open}</span>
                  </p>
                  <fieldset
                    className="step-actions"
                    aria-label={step.title}
                    aria-describedby="steps-reorder-hint"
                    onKeyDown={onKeyDown(index)}
                  >
                    <StepButton
                      id={controlId(step.id, 'up')}
                      control="up"
                      label={t.upLabel(step.title)}
                      disabled={busy || index === 0}
                      onClick={() => move(index, -1, 'up')}
                    >
                      <span aria-hidden="true">↑ </span>
                      {t.up}
                    </StepButton>
                    <StepButton
                      id={controlId(step.id, 'down')}
                      control="down"
                      label={t.downLabel(step.title)}
                      disabled={busy || index === steps.length - 1}
                      onClick={() => move(index, 1, 'down')}
                    >
                      <span aria-hidden="true">↓ </span>
                      {t.down}
                    </StepButton>
                    <StepButton
                      id={controlId(step.id, 'edit')}
                      control="edit"
                      label={t.editLabel(step.title)}
                      disabled={busy}
                      onClick={() => setEditing(step.id)}
                    >
                      {t.edit}
                    </StepButton>
                    <StepButton
                      id={controlId(step.id, 'delete')}
                      control="delete"
                      label={t.deleteLabel(step.title)}
                      disabled={busy}
                      onClick={() => setDeleting(step)}
                    >
                      {t.delete}
                    </StepButton>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <AddStep target={target} />
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? t.deleteTitle(deleting.title) : ''}
        confirmLabel={t.deleteConfirm}
        busy={busy}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          const step = deleting;
          if (!step) return;
          void write(async () => {
            await deleteStep(target, step);
            return t.removed(step.title);
          }).then(() => setDeleting(null));
        }}
      >
        <p>{t.deleteText}</p>
      </ConfirmDialog>
    </>
  );
}

/** A step's button: stays focusable when it cannot act now (aria-disabled), so focus is never lost. */
function StepButton({
  id,
  control,
  label,
  disabled,
  onClick,
  children,
}: {
  id: string;
  control: Control;
  label: string;
  disabled: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      id={id}
      type="button"
      data-control={control}
      className="button button-secondary step-button"
      aria-label={label}
      aria-disabled={disabled || undefined}
      onClick={() => {
        if (!disabled) onClick();
      }}
    >
      {children}
    </button>
  );
}

type StepField = 'title' | 'dueOn';

/** The API's problems of a step write, at its two fields, in German. */
export function stepProblem(error: unknown) {
  return problemToForm<StepField>(error, {
    fields: t.fieldErrors,
    codes: { too_many_steps: t.tooMany, forbidden: de.measureSheet.forbidden },
  });
}

interface StepValues {
  title: string;
  dueOn: string;
}

function checkStep(
  v: StepValues,
): { title: string; dueOn: string | null } | { errors: Partial<Record<StepField, string>> } {
  const errors: Partial<Record<StepField, string>> = {};
  if (!v.title.trim()) errors.title = t.missingTitle;
  const dueOn = v.dueOn.trim() ? isoDate(v.dueOn) : null;
  if (v.dueOn.trim() && !dueOn) errors.dueOn = t.fieldErrors.dueOn;
  if (Object.keys(errors).length > 0) return { errors };
  return { title: v.title.trim(), dueOn };
}

// The inputs' ids must not meet the fact sheet's own (its title is `field-title`).
const newStepFields = ['newStep.title', 'newStep.dueOn'];
const newStepErrors = (fields: Partial<Record<StepField, string>>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`newStep.${k}`, v])) as Partial<
    Record<StepField, string>
  >;

/** Adds a step at the end of the list. */
function AddStep({ target }: { target: StepTarget }) {
  const form = useForm<StepValues, StepField>({ title: '', dueOn: '' });
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const create = $api.useMutation('post', '/v1/municipalities/{id}/measures/{measureId}/steps');
  const refresh = useRefreshMeasure();
  const toast = useToast();
  const titleRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const checked = checkStep(form.values);
    if ('errors' in checked) return form.fail(newStepErrors(checked.errors));
    try {
      const step = await create.mutateAsync({
        params: {
          path: { id: target.municipalityId, measureId: target.measureId },
          header: { 'idempotency-key': idempotencyKey },
        },
        body: { ...checked, doneAt: null },
      });
      form.reset({ title: '', dueOn: '' });
      setIdempotencyKey(crypto.randomUUID());
      await refresh();
      toast('success', t.added(step.title));
      titleRef.current?.focus();
    } catch (error) {
      const mapped = stepProblem(error);
      form.fail(newStepErrors(mapped.fields), mapped.message);
    }
  };

  const errors = form.errors as Partial<Record<string, string>>;
  return (
    <form className="step-add" noValidate onSubmit={onSubmit} aria-labelledby="step-add-heading">
      <h3 id="step-add-heading">{t.addHeading}</h3>
      <FormMessages order={newStepFields} errors={errors} formError={form.formError} attempt={form.attempt} />
      <div className="step-add-fields">
        <TextField
          name="newStep.title"
          label={t.title}
          required
          value={form.values.title}
          onChange={form.set('title')}
          error={errors['newStep.title']}
          inputRef={titleRef}
        />
        <TextField
          name="newStep.dueOn"
          label={t.dueOn}
          hint={de.measureSheet.form.dateHint}
          value={form.values.dueOn}
          onChange={form.set('dueOn')}
          error={errors['newStep.dueOn']}
        />
      </div>
      <Button type="submit" variant="secondary" busy={create.isPending} busyLabel={t.adding}>
        {t.add}
      </Button>
    </form>
  );
}

/** Renames a step or changes its due date, in place. */
function StepEditor({
  target,
  step,
  onDone,
}: {
  target: StepTarget;
  step: Step;
  onDone: (saved: boolean) => void;
}) {
  const form = useForm<StepValues, StepField>({
    title: step.title,
    dueOn: step.dueOn ? germanDate(step.dueOn) : '',
  });
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const refresh = useRefreshMeasure();
  const titleRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  // The inputs' ids are unique on the page, and the error summary links to them.
  const prefix = `step-${step.id}`;
  const prefixed = (fields: Partial<Record<StepField, string>>) =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v])) as Partial<
      Record<StepField, string>
    >;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const checked = checkStep(form.values);
    if ('errors' in checked) return form.fail(prefixed(checked.errors));
    setBusy(true);
    try {
      await changeStep(target, step, checked);
      onDone(true);
    } catch (error) {
      if (error instanceof StepConflict) {
        toast('error', t.conflict);
        await refresh();
        onDone(false);
        return;
      }
      const mapped = stepProblem(error);
      form.fail(prefixed(mapped.fields), mapped.message);
    } finally {
      setBusy(false);
    }
  };

  const errors = form.errors as Partial<Record<string, string>>;
  return (
    <form noValidate onSubmit={onSubmit} aria-label={t.editLabel(step.title)} className="step-editor">
      <FormMessages
        order={[`${prefix}.title`, `${prefix}.dueOn`]}
        errors={errors}
        formError={form.formError}
        attempt={form.attempt}
      />
      <div className="step-add-fields">
        <TextField
          name={`${prefix}.title`}
          label={t.title}
          required
          value={form.values.title}
          onChange={form.set('title')}
          error={errors[`${prefix}.title`]}
          inputRef={titleRef}
        />
        <TextField
          name={`${prefix}.dueOn`}
          label={t.dueOn}
          hint={de.measureSheet.form.dateHint}
          value={form.values.dueOn}
          onChange={form.set('dueOn')}
          error={errors[`${prefix}.dueOn`]}
        />
      </div>
      <div className="form-buttons">
        <Button type="submit" busy={busy} busyLabel={de.ui.saving}>
          {t.save}
        </Button>
        <Button variant="secondary" onClick={() => onDone(false)}>
          {de.ui.cancel}
        </Button>
      </div>
    </form>
  );
}
