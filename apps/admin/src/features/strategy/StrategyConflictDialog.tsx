import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import type { Difference } from './strategy-form';

const c = de.strategy.conflict;

interface StrategyConflictDialogProps {
  open: boolean;
  /** What the other person changed: the saved text beside the user's. */
  changes: readonly Difference[];
  /** The user's Leitbild, to copy before anything else happens to it. */
  myVision: string;
  onKeepMine: () => void;
  onDiscardMine: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}

/**
 * A 412 on save: someone saved in between. Shows what they changed, side by side with the user's
 * version, and offers to load their version while keeping the user's own edits, to drop the edits,
 * or knowingly to overwrite.
 */
export function StrategyConflictDialog({
  open,
  changes,
  myVision,
  onKeepMine,
  onDiscardMine,
  onOverwrite,
  onClose,
}: StrategyConflictDialogProps) {
  return (
    <Dialog
      open={open}
      title={c.title}
      onClose={onClose}
      role="alertdialog"
      footer={
        <>
          <Button onClick={onKeepMine} aria-describedby="strategy-keep-mine-hint">
            {c.keepMine}
          </Button>
          <Button variant="secondary" onClick={onDiscardMine}>
            {c.discardMine}
          </Button>
          <Button variant="secondary" onClick={onOverwrite} aria-describedby="strategy-overwrite-hint">
            {c.overwrite}
          </Button>
        </>
      }
    >
      {changes.length > 0 ? (
        <>
          <p>{c.text}</p>
          <div className="conflict-table-wrap">
            <table className="conflict-table">
              <caption className="visually-hidden">{c.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{c.field}</th>
                  <th scope="col">{c.theirs}</th>
                  <th scope="col">{c.mine}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((change) => (
                  <tr key={change.key}>
                    <th scope="row">{change.label}</th>
                    <td className="conflict-text" data-label={c.theirs}>
                      {change.theirs || c.empty}
                    </td>
                    <td className="conflict-text" data-label={c.mine}>
                      {change.mine || c.empty}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{c.noDifference}</p>
      )}
      {myVision.trim() ? (
        <div className="conflict-copy">
          <CopyButton text={myVision} label={c.copyMine} />
        </div>
      ) : null}
      <p id="strategy-keep-mine-hint" className="muted small">
        {c.keepMineHint}
      </p>
      <p id="strategy-overwrite-hint" className="muted small">
        {de.ui.conflictOverwriteHint}
      </p>
    </Dialog>
  );
}
