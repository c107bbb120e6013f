import type { Schema } from '@werkstatt/api-client';
import { useMemo } from 'react';
import { $api } from '../../api/client';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { LoadMore } from '../../ui/LoadMore';
import { QueryState } from '../../ui/QueryState';
import { RowActions } from '../../ui/RowActions';
import { scopeLabel, scopeOrder } from './scopes';

type ApiKey = Schema<'ApiKey'>;

const PAGE_SIZE = 100;

function keyStatus(key: ApiKey, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

interface ApiKeyTableProps {
  /** Lists only this municipality's keys; without it, all keys. */
  municipalityId?: string;
  caption: string;
  empty: string;
  onRevoke: (key: ApiKey) => void;
  /** Adds a column with each key's municipality (the program office sees keys of all of them). */
  municipalityName?: (id: string | null) => string | null;
  /** Adds a column with each key's expiry. */
  showExpiry?: boolean;
}

/** The API keys, newest first, with a revoke button for every key not yet revoked. */
export function ApiKeyTable({
  municipalityId,
  caption,
  empty,
  onRevoke,
  municipalityName,
  showExpiry = false,
}: ApiKeyTableProps) {
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/api-keys',
    { params: { query: { limit: PAGE_SIZE, ...(municipalityId ? { municipalityId } : {}) } } },
    {
      // null sends no cursor at all: the first page.
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const keys = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

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
    ...(municipalityName
      ? [
          {
            key: 'municipality',
            header: de.apiKeys.columns.municipality,
            sortValue: (k: ApiKey) => municipalityName(k.municipalityId),
            cell: (k: ApiKey) => municipalityName(k.municipalityId) ?? de.apiKeys.allMunicipalities,
          },
        ]
      : []),
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
    ...(showExpiry
      ? [
          {
            key: 'expires',
            header: de.apiKeys.columns.expires,
            sortValue: (k: ApiKey) => k.expiresAt,
            cell: (k: ApiKey) => (k.expiresAt ? formatDateTime(k.expiresAt) : de.apiKeys.noExpiry),
          },
        ]
      : []),
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
            <Button variant="secondary" onClick={() => onRevoke(k)}>
              {de.apiKeys.revoke}
            </Button>
          </RowActions>
        ),
    },
  ];

  return (
    <QueryState query={list} loadingLabel={de.apiKeys.loading}>
      {() => (
        <>
          <DataTable
            caption={caption}
            captionHidden
            columns={columns}
            rows={keys}
            rowKey={(k) => k.id}
            initialSort={{ key: 'created', direction: 'descending' }}
            rowClassName={(k) => (keyStatus(k) === 'active' ? undefined : 'row-muted')}
            empty={<p>{empty}</p>}
          />
          <LoadMore pages={list} />
        </>
      )}
    </QueryState>
  );
}
