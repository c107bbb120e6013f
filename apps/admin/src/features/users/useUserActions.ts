import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { useToast } from '../../ui/Toast';
import type { UserAction } from './UserActionDialog';

type User = Schema<'User'>;
export type UserDialog = { kind: 'invite' } | { kind: 'role'; user: User } | { kind: UserAction; user: User };

/** Which user dialog is open; `UserDialogs` shows it. After success: a toast and a fresh list. */
export function useUserActions() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState<UserDialog | null>(null);

  return {
    open,
    show: (dialog: UserDialog) => setOpen(dialog),
    close: () => setOpen(null),
    done: (message: string) => {
      setOpen(null);
      toast('success', message);
      void queryClient.invalidateQueries({ queryKey: ['get', '/v1/users'] });
    },
  };
}

export type UserActions = ReturnType<typeof useUserActions>;
