import { type FormEvent, useState } from 'react';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/FormField';
import { germanDate, parseGermanDate } from '../workshops/berlin-time';
import type { Adoption, FieldErrors } from './strategy-form';

const s = de.strategy;

interface AdoptDialogProps {
  open: boolean;
  adoption: Adoption;
  busy: boolean;
  /** Problems of the last attempt that belong here (date, resolution, fields missing). */
  errors: FieldErrors;
  message: string | null;
  attempt: number;
  onAdopt: (adoption: Adoption) => void;
  onRevoke: () => void;
  onClose: () => void;
}

/** Entering the council's resolution: the day it was adopted and its reference (Beschluss-Nr.). */
export function AdoptDialog({
  open,
  adoption,
  busy,
  errors: serverErrors,
  message,
  attempt,
  onAdopt,
  onRevoke,
  onClose,
}: AdoptDialogProps) {
  const [adoptedOn, setAdoptedOn] = useState(adoption.adoptedOn ? germanDate(adoption.adoptedOn) : '');
  const [resolution, setResolution] = useState(adoption.councilResolution ?? '');
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [localAttempt, setLocalAttempt] = useState(0);
  const errors = { ...serverErrors, ...localErrors };
  const summary = (['adoptedOn', 'councilResolution'] as const).flatMap((name) =>
    errors[name] ? [{ inputName: name, message: errors[name] as string }] : [],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const date = parseGermanDate(adoptedOn);
    const next: FieldErrors = {};
    if (!date) next.adoptedOn = s.errors.adoptedOn;
    if (resolution.trim().length > 500) next.councilResolution = s.errors.councilResolution;
    setLocalErrors(next);
    if (Object.keys(next).length > 0 || !date) {
      setLocalAttempt((n) => n + 1);
      return;
    }
    onAdopt({ status: 'adopted', adoptedOn: date, councilResolution: resolution.trim() || null });
  };

  return (
    <Dialog
      open={open}
      title={s.adoptTitle}
      onClose={onClose}
      footer={
        <>
          <Button type="submit" form="strategy-adopt" busy={busy} busyLabel={s.saving}>
            {s.adoptConfirm}
          </Button>
          {adoption.status === 'adopted' ? (
            <Button variant="secondary" onClick={onRevoke} busy={busy}>
              {s.revokeAdoption}
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose}>
            {s.cancel}
          </Button>
        </>
      }
    >
      <form id="strategy-adopt" className="form" noValidate onSubmit={submit}>
        <p>{s.adoptIntro}</p>
        {message ? (
          <Alert tone="error" title={message} key={attempt} focusOnMount={summary.length === 0} />
        ) : null}
        <ErrorSummary
          title={de.form.summaryTitle(summary.length)}
          items={summary}
          attempt={attempt + localAttempt}
        />
        <TextField
          name="adoptedOn"
          label={s.adoptedOn}
          hint={s.dateHint}
          required
          value={adoptedOn}
          onChange={setAdoptedOn}
          error={errors.adoptedOn}
        />
        <TextField
          name="councilResolution"
          label={s.councilResolution}
          hint={s.councilResolutionHint}
          value={resolution}
          onChange={setResolution}
          error={errors.councilResolution}
        />
      </form>
    </Dialog>
  );
}
