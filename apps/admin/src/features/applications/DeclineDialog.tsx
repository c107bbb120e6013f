import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/FormField';
import { useToast } from '../../ui/Toast';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { invalidateAfterDecision } from './queries';

const t = de.applications;

const MAX_REASON = 2000;

/** The API's answer to a decline, in German: at the reason, or above the form. */
export function declineProblem(error: unknown): { reason?: string; message: string | null } {
  if (!isProblem(error)) return { message: problemMessage(error) };
  if (error.code === 'application_not_pending') return { message: t.problems.notPending };
  if (error.code === 'forbidden') return { message: t.problems.forbidden };
  if (error.errors?.some((e) => e.path.replace(/^body\./, '') === 'reason')) {
    return { reason: t.fieldErrors.reason, message: null };
  }
  return { message: error.status === 400 ? t.fieldErrors.other : problemMessage(error) };
}

interface DeclineDialogProps {
  application: Schema<'WorkshopApplication'>;
  applicantName: string;
  onClose: () => void;
  /** After the decision was saved (the dialog's opener may be gone from the list by then). */
  onDone: () => void;
}

/** Declining needs a reason: the contact person reads it in the e-mail. */
export function DeclineDialog({ application, applicantName, onClose, onDone }: DeclineDialogProps) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const decline = $api.useMutation('post', '/v1/workshop-applications/{id}/decline');
  useUnsavedChanges(reason.trim() !== '' && !decline.isSuccess);

  const fail = (fieldError: string | undefined, text: string | null) => {
    setError(fieldError);
    setMessage(text);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (!text) return fail(t.missing.reason, null);
    if (text.length > MAX_REASON) return fail(t.fieldErrors.reason, null);
    try {
      await decline.mutateAsync({ params: { path: { id: application.id } }, body: { reason: text } });
      toast('success', t.declined(applicantName));
      await invalidateAfterDecision(queryClient);
      onDone();
    } catch (err) {
      const outcome = declineProblem(err);
      fail(outcome.reason, outcome.message);
      if (outcome.message === t.problems.notPending) await invalidateAfterDecision(queryClient);
    }
  };

  return (
    <Dialog
      open
      title={t.declineTitle}
      onClose={onClose}
      footer={
        <>
          <Button
            type="submit"
            form="decline-form"
            variant="danger"
            busy={decline.isPending}
            busyLabel={t.declineSubmitting}
          >
            {t.declineSubmit}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {de.ui.cancel}
          </Button>
        </>
      }
    >
      <form id="decline-form" noValidate onSubmit={submit}>
        <p>{t.declineIntro(applicantName)}</p>
        {message ? <Alert key={attempt} tone="error" title={message} focusOnMount /> : null}
        <ErrorSummary
          title={de.form.summaryTitle(error ? 1 : 0)}
          items={error ? [{ inputName: 'reason', message: error }] : []}
          attempt={attempt}
        />
        <TextField
          name="reason"
          label={t.reason}
          hint={t.reasonHint}
          required
          multiline
          value={reason}
          onChange={setReason}
          error={error}
        />
      </form>
    </Dialog>
  );
}
