import { de } from '../i18n/de';
import { Button } from './Button';
import { Dialog } from './Dialog';

interface ConflictDialogProps {
  open: boolean;
  /** German labels of the fields the other person changed, if the form can tell. */
  changed?: readonly string[];
  /** Drops the user's input and shows the current version. */
  onReload: () => void;
  /** Saves the user's input over the other version, knowingly (If-Match of the current version). */
  onOverwrite?: () => void;
  onClose: () => void;
}

/** What a 412 on save opens: someone else saved in between; reload, or knowingly overwrite. */
export function ConflictDialog({ open, changed, onReload, onOverwrite, onClose }: ConflictDialogProps) {
  return (
    <Dialog
      open={open}
      title={de.ui.conflictTitle}
      onClose={onClose}
      role="alertdialog"
      footer={
        <>
          <Button onClick={onReload}>{de.ui.conflictReload}</Button>
          {onOverwrite ? (
            <Button variant="secondary" onClick={onOverwrite} aria-describedby="conflict-overwrite-hint">
              {de.ui.conflictOverwrite}
            </Button>
          ) : null}
        </>
      }
    >
      <p>{de.ui.conflictText}</p>
      {changed && changed.length > 0 ? (
        <>
          <p>{de.ui.conflictChanged}</p>
          <ul>
            {changed.map((label) => (
              <li key={label}>{label}</li>
            ))}
          </ul>
        </>
      ) : null}
      {onOverwrite ? (
        <p id="conflict-overwrite-hint" className="muted small">
          {de.ui.conflictOverwriteHint}
        </p>
      ) : null}
    </Dialog>
  );
}
