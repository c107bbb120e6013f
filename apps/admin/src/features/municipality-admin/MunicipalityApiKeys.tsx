import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { type Column, DataTable } from '../../ui/DataTable';
import { QueryState } from '../../ui/QueryState';
import { RowActions } from '../../ui/RowActions';
import { useToast } from '../../ui/Toast';
import { keyStatus } from '../api-keys/ApiKeysPage';
import { CreateApiKeyDialog } from '../api-keys/CreateApiKeyDialog';
import { SecretDialog } from '../api-keys/SecretDialog';
import { scopeLabel, scopeOrder } from '../api-keys/scopes';
import { useWorkspace } from '../workspace/useWorkspace';
import '../api-keys/api-keys.css';

type ApiKey = Schema<'ApiKey'>;

const t = de.municipalityAdmin.keys;
const PAGE_SIZE = 100;

/**
 * The municipality's API keys. The API binds every key its administration creates to the
 * municipality, with any of the four scopes; the form explains each in German.
 */
export function MunicipalityApiKeys() {
  const { municipalityId, municipality } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schema<'CreatedApiKey'> | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = $api.useMutation('delete', '/v1/api-keys/{id}');
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/api-keys',
    { params: { query: { limit: PAGE_SIZE, municipalityId } } },
    {
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const keys = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/api-keys'] });

  const confirmRevoke = async () => {
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
  };

  const columns: Column<ApiKey>[] = [
    {
      key: 'name',
      header: de.apiKeys.columns.name,
      rowHeader: true,
      sortValue: (k) => k.name,
      cell: (k) => (
        <>
          <span className="key-name">{k.name}</span>
          <span className="key-prefix">{de.apiKeys.prefix(k.prefix)}</span>
        </>
      ),
    },
    {
      key: 'scopes',
      header: de.apiKeys.columns.scopes,
      cell: (k) => (
        <ul className="key-scopes">
          {scopeOrder
            .filter((s) => k.scopes.includes(s))
            .map((s) => (
              <li key={s}>{scopeLabel(s)}</li>
            ))}
        </ul>
      ),
    },
    {
      key: 'created',
      header: de.apiKeys.columns.created,
      sortValue: (k) => k.createdAt,
      cell: (k) => formatDate(k.createdAt),
    },
    {
      key: 'lastUsed',
      header: de.apiKeys.columns.lastUsed,
      sortValue: (k) => k.lastUsedAt,
      cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : de.apiKeys.neverUsed),
    },
    {
      key: 'status',
      header: de.apiKeys.columns.status,
      sortValue: (k) => keyStatus(k),
      cell: (k) => {
        const status = keyStatus(k);
        if (status === 'revoked' && k.revokedAt) {
          return <Badge tone="danger">{de.apiKeys.status.revoked(formatDate(k.revokedAt))}</Badge>;
        }
        if (status === 'expired') return <Badge>{de.apiKeys.status.expired}</Badge>;
        return <Badge tone="success">{de.apiKeys.status.active}</Badge>;
      },
    },
    {
      key: 'actions',
      header: de.apiKeys.columns.actions,
      cell: (k) =>
        keyStatus(k) === 'revoked' ? null : (
          <RowActions label={de.apiKeys.revokeFor(k.name)}>
            <Button variant="secondary" onClick={() => setRevoking(k)}>
              {de.apiKeys.revoke}
            </Button>
          </RowActions>
        ),
    },
  ];

  return (
    <section className="card admin-section" aria-labelledby="admin-keys">
      <div className="section-head">
        <h2 id="admin-keys">{t.heading}</h2>
        <Button onClick={() => setCreating(true)}>{t.create}</Button>
      </div>
      <p>{t.intro}</p>
      <QueryState query={list} loadingLabel={de.apiKeys.loading}>
        {() => (
          <>
            <DataTable
              caption={t.caption}
              captionHidden
              columns={columns}
              rows={keys}
              rowKey={(k) => k.id}
              initialSort={{ key: 'created', direction: 'descending' }}
              rowClassName={(k) => (keyStatus(k) === 'active' ? undefined : 'row-muted')}
              empty={<p>{t.empty}</p>}
            />
            {list.hasNextPage ? (
              <Button
                variant="secondary"
                busy={list.isFetchingNextPage}
                busyLabel={de.app.loading}
                onClick={() => list.fetchNextPage()}
              >
                {de.ui.loadMore}
              </Button>
            ) : null}
          </>
        )}
      </QueryState>
      <CreateApiKeyDialog
        open={creating}
        municipality={{ id: municipalityId, note: t.boundNote(municipality.name) }}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          void refresh();
        }}
      />
      <SecretDialog
        created={created}
        onClose={() => {
          if (created) toast('success', de.apiKeys.created(created.name));
          setCreated(null);
        }}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? de.apiKeys.revokeTitle(revoking.name) : ''}
        confirmLabel={de.apiKeys.revokeConfirm}
        tone="danger"
        busy={revoke.isPending}
        error={revoke.isError ? problemMessage(revoke.error) : null}
        onConfirm={confirmRevoke}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      >
        <p>{de.apiKeys.revokeText}</p>
      </ConfirmDialog>
    </section>
  );
}
