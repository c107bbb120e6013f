import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/FormField';
import { useToast } from '../../ui/Toast';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { workshopProblemMessage } from './problems';
import { refreshWorkshop } from './queries';

const t = de.workshopDetail.cancelWorkshop;
const MAX_REASON = 2000;

/** Cancels the workshop with a reason, which goes to every participant in the cancellation mail. */
export function CancelWorkshopDialog({
  open,
  workshopId,
  onClose,
}: {
  open: boolean;
  workshopId: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const cancel = $api.useMutation('post', '/v1/workshops/{id}/cancel');
  useUnsavedChanges(open && reason.trim() !== '');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (cancel.isPending) return;
    const text = reason.trim();
    const local = !text ? t.missingReason : text.length > MAX_REASON ? t.reasonTooLong : undefined;
    setError(local);
    setFormError(null);
    setAttempt((n) => n + 1);
    if (local) {
      document.getElementById('field-reason')?.focus();
      return;
    }
    try {
      await cancel.mutateAsync({ params: { path: { id: workshopId } }, body: { reason: text } });
      setReason('');
      onClose();
      toast('success', t.done);
      await refreshWorkshop(queryClient, workshopId);
    } catch (failure) {
      setFormError(workshopProblemMessage(failure));
    }
  };

  return (
    <Dialog open={open} title={t.title} role="alertdialog" onClose={onClose}>
      <form noValidate onSubmit={onSubmit} className="wd-cancel-form">
        {formError ? <Alert tone="error" title={formError} focusOnMount key={attempt} /> : null}
        <p>{t.question}</p>
        <TextField
          name="reason"
          label={t.reason}
          hint={t.reasonHint}
          multiline
          required
          value={reason}
          onChange={setReason}
          error={error}
        />
        <div className="dialog-actions">
          <Button type="submit" variant="danger" busy={cancel.isPending} busyLabel={t.submitting}>
            {t.submit}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {t.keep}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
