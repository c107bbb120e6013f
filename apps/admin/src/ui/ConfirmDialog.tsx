import type { ReactNode } from 'react';
import { de } from '../i18n/de';
import { Alert } from './Alert';
import { Button } from './Button';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What happens, in plain words; a destructive action says that it cannot be undone. */
  children: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  /** `danger` (the default) for what removes or locks something: a red button; `primary` otherwise. */
  tone?: 'primary' | 'danger';
  busy?: boolean;
  /** Why the last attempt failed, shown above the buttons. */
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A question before an action that is hard to take back (revoke, delete, disable). It is an
 * alertdialog, so screen readers read it at once; "Abbrechen" comes first and gets the focus.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busyLabel = de.ui.saving,
  tone = 'danger',
  busy = false,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      role="alertdialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {de.ui.cancel}
          </Button>
          <Button variant={tone} busy={busy} busyLabel={busyLabel} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? <Alert tone="error" title={error} /> : null}
    </Dialog>
  );
}
