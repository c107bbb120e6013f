import { de } from '../../i18n/de';
import { ChangeRoleDialog } from './ChangeRoleDialog';
import { InviteUserDialog } from './InviteUserDialog';
import { UserActionDialog } from './UserActionDialog';
import type { UserActions } from './useUserActions';

interface UserDialogsProps {
  actions: UserActions;
  /** Keeps invitations and role changes within this municipality, as the dialogs explain. */
  municipalityId?: string;
}

/** The invitation, role change and the questions before resending, disabling, enabling or deleting. */
export function UserDialogs({ actions, municipalityId }: UserDialogsProps) {
  const { open, close, done } = actions;
  return (
    <>
      <InviteUserDialog
        open={open?.kind === 'invite'}
        municipalityId={municipalityId}
        onClose={close}
        onInvited={(user) => done(de.users.invited(user.email))}
      />
      {open?.kind === 'role' ? (
        <ChangeRoleDialog
          user={open.user}
          municipalityId={municipalityId}
          onClose={close}
          onChanged={(user) => done(de.users.roleChanged(user.name))}
        />
      ) : null}
      {open && open.kind !== 'invite' && open.kind !== 'role' ? (
        <UserActionDialog user={open.user} action={open.kind} onClose={close} onDone={done} />
      ) : null}
    </>
  );
}
