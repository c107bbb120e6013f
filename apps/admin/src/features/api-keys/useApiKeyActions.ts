import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { useToast } from '../../ui/Toast';

type ApiKey = Schema<'ApiKey'>;

/** Creating a key (its secret shown once) and revoking one after asking; `ApiKeyDialogs` shows the steps. */
export function useApiKeyActions() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schema<'CreatedApiKey'> | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = $api.useMutation('delete', '/v1/api-keys/{id}');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/api-keys'] });

  return {
    creating,
    created,
    revoking,
    revoke,
    startCreate: () => setCreating(true),
    cancelCreate: () => setCreating(false),
    onCreated: (key: Schema<'CreatedApiKey'>) => {
      setCreating(false);
      setCreated(key);
      void refresh();
    },
    closeSecret: () => {
      if (created) toast('success', de.apiKeys.created(created.name));
      setCreated(null);
    },
    startRevoke: (key: ApiKey) => setRevoking(key),
    cancelRevoke: () => {
      setRevoking(null);
      revoke.reset();
    },
    confirmRevoke: async () => {
      if (!revoking) return;
      try {
        // Revoking is final and repeatable, so there is no version to protect: no If-Match.
        await revoke.mutateAsync({ params: { path: { id: revoking.id } } });
        toast('success', de.apiKeys.revoked(revoking.name));
        setRevoking(null);
        revoke.reset();
        void refresh();
      } catch {
        // The dialog shows the mutation's error.
      }
    },
  };
}

export type ApiKeyActions = ReturnType<typeof useApiKeyActions>;
