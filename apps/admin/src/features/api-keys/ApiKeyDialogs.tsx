import { problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { SecretDialog } from './SecretDialog';
import type { ApiKeyActions } from './useApiKeyActions';

interface ApiKeyDialogsProps {
  actions: ApiKeyActions;
  /** Binds new keys to this municipality, as `CreateApiKeyDialog` explains. */
  municipality?: { id: string; note: string };
}

/** The create form, the secret shown once after it, and the question before revoking. */
export function ApiKeyDialogs({ actions, municipality }: ApiKeyDialogsProps) {
  const { revoking, revoke } = actions;
  return (
    <>
      <CreateApiKeyDialog
        open={actions.creating}
        municipality={municipality}
        onClose={actions.cancelCreate}
        onCreated={actions.onCreated}
      />
      <SecretDialog created={actions.created} onClose={actions.closeSecret} />
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? de.apiKeys.revokeTitle(revoking.name) : ''}
        confirmLabel={de.apiKeys.revokeConfirm}
        tone="danger"
        busy={revoke.isPending}
        error={revoke.isError ? problemMessage(revoke.error) : null}
        onConfirm={actions.confirmRevoke}
        onClose={actions.cancelRevoke}
      >
        <p>{de.apiKeys.revokeText}</p>
      </ConfirmDialog>
    </>
  );
}
