import type { ReactNode } from 'react';
import { de } from '../i18n/de';
import { Button } from './Button';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What the action means, in plain words: what is lost, who is affected, whether it can be undone. */
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  busyLabel?: string;
  /** A refusal of the server, shown inside the dialog. */
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a destructive action; "Abbrechen" comes first, so Enter on opening does no harm. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy = false,
  busyLabel = de.ui.saving,
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
          <Button variant="danger" busy={busy} busyLabel={busyLabel} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
