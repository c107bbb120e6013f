import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';

interface SecretDialogProps {
  created: Schema<'CreatedApiKey'> | null;
  onClose: () => void;
}

/**
 * The one moment the key itself is visible: the API stores only its hash. Closing the dialog drops it
 * from the page as well.
 */
export function SecretDialog({ created, onClose }: SecretDialogProps) {
  return (
    <Dialog
      open={created !== null}
      title={de.apiKeys.secretTitle}
      onClose={onClose}
      footer={<Button onClick={onClose}>{de.apiKeys.secretDone}</Button>}
    >
      {created ? (
        <>
          <div className="secret-warning" role="note">
            <p className="secret-warning-title">{de.apiKeys.secretWarningTitle}</p>
            <p>{de.apiKeys.secretWarning}</p>
          </div>
          <label className="field-label" htmlFor="new-api-key">
            {de.apiKeys.secretLabel(created.name)}
          </label>
          <textarea
            id="new-api-key"
            className="input secret-key"
            readOnly
            rows={3}
            spellCheck={false}
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton text={created.key} label={de.apiKeys.copyKey} />
          <p className="small secret-usage">{de.apiKeys.secretUsage}</p>
        </>
      ) : null}
    </Dialog>
  );
}
