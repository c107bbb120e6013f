import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { de } from '../../i18n/de';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { isConflict, userProblem } from './problems';

type User = Schema<'User'>;
export type UserAction = 'resend' | 'disable' | 'enable' | 'delete';

interface UserActionDialogProps {
  user: User;
  action: UserAction;
  onClose: () => void;
  /** After success, with the German confirmation for the notifications. */
  onDone: (message: string) => void;
}

function texts(action: UserAction, user: User) {
  switch (action) {
    case 'resend':
      return {
        title: de.users.resendTitle(user.name),
        body: [de.users.resendText(user.email)],
        confirm: de.users.resendConfirm,
        done: de.users.resent(user.email),
      };
    case 'disable':
      return {
        title: de.users.disableTitle(user.name),
        body: [de.users.disableText],
        confirm: de.users.disableConfirm,
        done: de.users.disabled(user.name),
      };
    case 'enable':
      return {
        title: de.users.enableTitle(user.name),
        body: [de.users.enableText],
        confirm: de.users.enableConfirm,
        done: de.users.enabled(user.name),
      };
    case 'delete':
      return {
        title: de.users.deleteTitle(user.name),
        body: [de.users.deleteText, de.users.deleteIrreversible],
        confirm: de.users.deleteConfirm,
        done: de.users.deleted(user.name),
      };
  }
}

/**
 * Asks before resending an invitation, disabling, enabling or deleting a user. Changes carry the ETag of
 * the version read when the dialog opened, so what someone else changed meanwhile is not overwritten.
 */
export function UserActionDialog({ user, action, onClose, onDone }: UserActionDialogProps) {
  const path = `/v1/users/${user.id}`;
  const versioned = action !== 'resend';
  const current = $api.useQuery(
    'get',
    '/v1/users/{id}',
    { params: { path: { id: user.id } } },
    { enabled: versioned },
  );
  const patch = $api.useMutation('patch', '/v1/users/{id}');
  const remove = $api.useMutation('delete', '/v1/users/{id}');
  const resend = $api.useMutation('post', '/v1/users/{id}/invitation');
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const t = texts(action, user);
  const loading = versioned && current.isPending;
  const busy = loading || patch.isPending || remove.isPending || resend.isPending;

  const run = async () => {
    const id = { path: { id: user.id } };
    const tag = etagFor(path);
    const header = tag ? { 'if-match': tag } : {};
    setError(null);
    try {
      if (action === 'resend') await resend.mutateAsync({ params: id });
      else if (action === 'delete') await remove.mutateAsync({ params: { ...id, header } });
      else await patch.mutateAsync({ params: { ...id, header }, body: { disabled: action === 'disable' } });
      onDone(t.done);
    } catch (err) {
      if (isConflict(err)) setConflict(true);
      else setError(userProblem(err));
    }
  };

  return (
    <>
      <ConfirmDialog
        open={!conflict}
        title={t.title}
        confirmLabel={t.confirm}
        busyLabel={loading ? de.app.loading : de.ui.saving}
        tone={action === 'delete' || action === 'disable' ? 'danger' : 'primary'}
        busy={busy}
        error={error}
        onConfirm={run}
        onClose={onClose}
      >
        {t.body.map((text) => (
          <p key={text}>{text}</p>
        ))}
      </ConfirmDialog>
      <ConflictDialog
        open={conflict}
        onReload={async () => {
          await current.refetch();
          setConflict(false);
        }}
        onClose={() => setConflict(false)}
      />
    </>
  );
}
