import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { $api } from '../../api/client';
import { session } from '../../api/session';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { QueryState } from '../../ui/QueryState';
import { RowMenu } from '../../ui/RowActions';
import { useToast } from '../../ui/Toast';
import { ChangeRoleDialog } from '../users/ChangeRoleDialog';
import { InviteUserDialog } from '../users/InviteUserDialog';
import { type UserAction, UserActionDialog } from '../users/UserActionDialog';
import { useWorkspace } from '../workspace/useWorkspace';
import '../users/users.css';

type User = Schema<'User'>;
type Open = { kind: 'invite' } | { kind: 'role'; user: User } | { kind: UserAction; user: User } | null;

const t = de.municipalityAdmin.users;
const PAGE_SIZE = 100;

/**
 * The municipality's users, with the program office's dialogs fixed to this municipality: only its
 * roles are offered and nobody is moved to another municipality (the API's rule for its admins).
 */
export function MunicipalityUsers() {
  const { municipalityId } = useWorkspace();
  const me = useSyncExternalStore(session.subscribe, session.getState).user;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState<Open>(null);
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/users',
    { params: { query: { limit: PAGE_SIZE, municipalityId } } },
    {
      // null sends no cursor at all: the first page.
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const users = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  const done = (message: string) => {
    setOpen(null);
    toast('success', message);
    void queryClient.invalidateQueries({ queryKey: ['get', '/v1/users'] });
  };

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
      header: de.users.role,
      sortValue: (u) => de.roles[u.role],
      cell: (u) => de.roles[u.role],
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
            <Button variant="secondary" onClick={() => setOpen({ kind: 'role', user: u })}>
              {de.users.changeRole}
            </Button>
            {u.disabled ? (
              <Button variant="secondary" onClick={() => setOpen({ kind: 'enable', user: u })}>
                {de.users.enable}
              </Button>
            ) : (
              <>
                {/* Someone who has signed in has a password; a new link would only replace it. */}
                {u.lastLoginAt === null ? (
                  <Button variant="secondary" onClick={() => setOpen({ kind: 'resend', user: u })}>
                    {de.users.resend}
                  </Button>
                ) : null}
                <Button variant="secondary" onClick={() => setOpen({ kind: 'disable', user: u })}>
                  {de.users.disable}
                </Button>
              </>
            )}
            <Button variant="secondary" onClick={() => setOpen({ kind: 'delete', user: u })}>
              {de.users.remove}
            </Button>
          </RowMenu>
        ),
    },
  ];

  return (
    <section className="card admin-section" aria-labelledby="admin-users">
      <div className="section-head">
        <h2 id="admin-users">{t.heading}</h2>
        <Button onClick={() => setOpen({ kind: 'invite' })}>{t.invite}</Button>
      </div>
      <p>{t.intro}</p>
      <ul className="role-help small">
        {(Object.keys(t.roleHelp) as (keyof typeof t.roleHelp)[]).map((role) => (
          <li key={role}>{t.roleHelp[role]}</li>
        ))}
      </ul>
      <QueryState query={list} loadingLabel={t.loading}>
        {() => (
          <>
            <p className="list-status" role="status">
              {de.users.count(users.length)}
            </p>
            {users.some((u) => u.id === me?.id) ? <p className="small">{t.selfHint}</p> : null}
            <DataTable
              caption={t.caption}
              captionHidden
              columns={columns}
              rows={users}
              rowKey={(u) => u.id}
              initialSort={{ key: 'name', direction: 'ascending' }}
              rowClassName={(u) => (u.disabled ? 'row-muted' : undefined)}
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
      <InviteUserDialog
        open={open?.kind === 'invite'}
        municipalityId={municipalityId}
        onClose={() => setOpen(null)}
        onInvited={(user) => done(de.users.invited(user.email))}
      />
      {open?.kind === 'role' ? (
        <ChangeRoleDialog
          user={open.user}
          municipalityId={municipalityId}
          onClose={() => setOpen(null)}
          onChanged={(user) => done(de.users.roleChanged(user.name))}
        />
      ) : null}
      {open && open.kind !== 'invite' && open.kind !== 'role' ? (
        <UserActionDialog user={open.user} action={open.kind} onClose={() => setOpen(null)} onDone={done} />
      ) : null}
    </section>
  );
}
