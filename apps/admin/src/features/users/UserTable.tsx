import type { Schema } from '@werkstatt/api-client';
import type { ReactNode } from 'react';
import { useCurrentUser } from '../../app/useCurrentUser';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { LoadMore } from '../../ui/LoadMore';
import { QueryState } from '../../ui/QueryState';
import { RowMenu } from '../../ui/RowActions';
import type { UserDialog } from './useUserActions';
import type { UserList } from './useUserList';

type User = Schema<'User'>;

interface UserTableProps {
  list: UserList;
  /** The loaded users to show, after any filtering on the page. */
  rows: readonly User[];
  loadingLabel: string;
  caption: string;
  empty: string;
  /** Notes between the count and the table. */
  notes?: ReactNode;
  onOpen: (dialog: UserDialog) => void;
  /** Names each user's municipality beside the role (the program office sees all municipalities). */
  municipalityName?: (id: string | null) => string | null;
}

/** The users by name with their actions; the signed-in user gets none on themself. */
export function UserTable({
  list,
  rows,
  loadingLabel,
  caption,
  empty,
  notes,
  onOpen,
  municipalityName,
}: UserTableProps) {
  const me = useCurrentUser();

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: de.users.columns.name,
      rowHeader: true,
      sortValue: (u) => u.name,
      cell: (u) => (
        <>
          <span className="user-name">{u.name}</span>
          <span className="user-email">{u.email}</span>
          {u.id === me?.id ? <Badge tone="info">{de.users.you}</Badge> : null}
        </>
      ),
    },
    {
      key: 'role',
      header: municipalityName ? de.users.columns.role : de.users.role,
      sortValue: (u) => de.roles[u.role],
      cell: (u) =>
        municipalityName ? (
          <>
            <span className="user-role">{de.roles[u.role]}</span>
            <span className="user-municipality">{municipalityName(u.municipalityId) ?? de.users.office}</span>
          </>
        ) : (
          de.roles[u.role]
        ),
    },
    {
      key: 'status',
      header: de.users.columns.status,
      sortValue: (u) => (u.disabled ? 1 : 0),
      cell: (u) =>
        u.disabled ? (
          <Badge tone="danger">{de.users.status.disabled}</Badge>
        ) : (
          <Badge tone="success">{de.users.status.active}</Badge>
        ),
    },
    {
      key: 'lastLogin',
      header: de.users.columns.lastLogin,
      sortValue: (u) => u.lastLoginAt,
      cell: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : de.users.neverSignedIn),
    },
    {
      key: 'actions',
      header: de.users.columns.actions,
      cell: (u) =>
        u.id === me?.id ? (
          <p className="small self-hint">{de.users.selfShort}</p>
        ) : (
          <RowMenu summary={de.users.columns.actions} label={de.users.actionsFor(u.name)}>
            <Button variant="secondary" onClick={() => onOpen({ kind: 'role', user: u })}>
              {de.users.changeRole}
            </Button>
            {u.disabled ? (
              <Button variant="secondary" onClick={() => onOpen({ kind: 'enable', user: u })}>
                {de.users.enable}
              </Button>
            ) : (
              <>
                {/* Someone who has signed in has a password; a new link would only replace it. */}
                {u.lastLoginAt === null ? (
                  <Button variant="secondary" onClick={() => onOpen({ kind: 'resend', user: u })}>
                    {de.users.resend}
                  </Button>
                ) : null}
                <Button variant="secondary" onClick={() => onOpen({ kind: 'disable', user: u })}>
                  {de.users.disable}
                </Button>
              </>
            )}
            <Button variant="secondary" onClick={() => onOpen({ kind: 'delete', user: u })}>
              {de.users.remove}
            </Button>
          </RowMenu>
        ),
    },
  ];

  return (
    <QueryState query={list} loadingLabel={loadingLabel}>
      {() => (
        <>
          <p className="list-status" role="status">
            {de.users.count(rows.length)}
          </p>
          {notes}
          <DataTable
            caption={caption}
            captionHidden
            columns={columns}
            rows={rows}
            rowKey={(u) => u.id}
            initialSort={{ key: 'name', direction: 'ascending' }}
            rowClassName={(u) => (u.disabled ? 'row-muted' : undefined)}
            empty={<p>{empty}</p>}
          />
          <LoadMore pages={list} />
        </>
      )}
    </QueryState>
  );
}
