import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { $api } from '../../api/client';
import { session } from '../../api/session';
import { useMunicipalities } from '../../app/municipalities';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { FilterBar } from '../../ui/FilterBar';
import { FilterSelect } from '../../ui/FilterSelect';
import { TextField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { RowMenu } from '../../ui/RowActions';
import { useToast } from '../../ui/Toast';
import { ChangeRoleDialog } from './ChangeRoleDialog';
import { InviteUserDialog } from './InviteUserDialog';
import { type Role, roleOptions } from './roles';
import type { UsersSearch } from './search';
import { type UserAction, UserActionDialog } from './UserActionDialog';
import './users.css';

type User = Schema<'User'>;
type Open = { kind: 'invite' } | { kind: 'role'; user: User } | { kind: UserAction; user: User } | null;

const PAGE_SIZE = 100;
const statusOptions = [
  { value: 'aktiv', label: de.users.status.active },
  { value: 'gesperrt', label: de.users.status.disabled },
] as const;

/** Search and status are applied to the rows loaded so far; the API filters by role and municipality. */
export function matches(user: User, search: UsersSearch): boolean {
  if (search.status === 'aktiv' && user.disabled) return false;
  if (search.status === 'gesperrt' && !user.disabled) return false;
  if (search.suche) {
    const needle = search.suche.toLocaleLowerCase('de-DE');
    const hay = `${user.name} ${user.email}`.toLocaleLowerCase('de-DE');
    if (!hay.includes(needle)) return false;
  }
  return true;
}

interface UsersPageProps {
  search: UsersSearch;
  onSearch: (next: UsersSearch) => void;
}

export function UsersPage({ search, onSearch }: UsersPageProps) {
  const me = useSyncExternalStore(session.subscribe, session.getState).user;
  const queryClient = useQueryClient();
  const toast = useToast();
  const municipalities = useMunicipalities();
  const [open, setOpen] = useState<Open>(null);
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/users',
    {
      params: {
        query: {
          limit: PAGE_SIZE,
          ...(search.rolle ? { role: search.rolle } : {}),
          ...(search.kommune ? { municipalityId: search.kommune } : {}),
        },
      },
    },
    {
      // null sends no cursor at all: the first page.
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const loaded = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const shown = useMemo(() => loaded.filter((u) => matches(u, search)), [loaded, search]);
  const filteredLocally = Boolean(search.status || search.suche);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/users'] });
  const done = (message: string) => {
    setOpen(null);
    toast('success', message);
    void refresh();
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
      header: de.users.columns.role,
      sortValue: (u) => de.roles[u.role],
      cell: (u) => (
        <>
          <span className="user-role">{de.roles[u.role]}</span>
          <span className="user-municipality">
            {municipalities.nameOf(u.municipalityId) ?? de.users.office}
          </span>
        </>
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
    <>
      <PageHeader
        title={de.users.title}
        subtitle={de.users.subtitle}
        actions={<Button onClick={() => setOpen({ kind: 'invite' })}>{de.users.invite}</Button>}
      />
      <UserFilters key={JSON.stringify(search)} search={search} onSearch={onSearch} />
      <QueryState query={list} loadingLabel={de.users.loading}>
        {() => (
          <>
            <p className="list-status" role="status">
              {de.users.count(shown.length)}
            </p>
            <p className="small self-note">{de.users.selfHint}</p>
            {filteredLocally && list.hasNextPage ? (
              <p className="small">{de.users.localFilterNote(shown.length, loaded.length)}</p>
            ) : null}
            <DataTable
              caption={de.users.tableCaption}
              captionHidden
              columns={columns}
              rows={shown}
              rowKey={(u) => u.id}
              initialSort={{ key: 'name', direction: 'ascending' }}
              rowClassName={(u) => (u.disabled ? 'row-muted' : undefined)}
              empty={<p>{Object.keys(search).length > 0 ? de.users.emptyFiltered : de.users.empty}</p>}
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
        onClose={() => setOpen(null)}
        onInvited={(user) => done(de.users.invited(user.email))}
      />
      {open?.kind === 'role' ? (
        <ChangeRoleDialog
          user={open.user}
          onClose={() => setOpen(null)}
          onChanged={(user) => done(de.users.roleChanged(user.name))}
        />
      ) : null}
      {open && open.kind !== 'invite' && open.kind !== 'role' ? (
        <UserActionDialog user={open.user} action={open.kind} onClose={() => setOpen(null)} onDone={done} />
      ) : null}
    </>
  );
}

/** The filter bar: applied on "Filter anwenden", so changing a field does not reload the list at once. */
function UserFilters({ search, onSearch }: UsersPageProps) {
  const municipalities = useMunicipalities();
  const [rolle, setRolle] = useState<Role | ''>(search.rolle ?? '');
  const [kommune, setKommune] = useState(search.kommune ?? '');
  const [status, setStatus] = useState<'' | 'aktiv' | 'gesperrt'>(search.status ?? '');
  const [suche, setSuche] = useState(search.suche ?? '');

  return (
    <FilterBar
      label={de.users.filtersLabel}
      applyLabel={de.users.apply}
      resetLabel={de.users.reset}
      canReset={Object.keys(search).length > 0}
      onApply={() =>
        onSearch({
          ...(rolle ? { rolle } : {}),
          ...(kommune ? { kommune } : {}),
          ...(status ? { status } : {}),
          ...(suche.trim() ? { suche: suche.trim() } : {}),
        })
      }
      onReset={() => onSearch({})}
    >
      <FilterSelect
        name="filterRole"
        label={de.users.filterRole}
        allLabel={de.users.allRoles}
        options={roleOptions}
        value={rolle}
        onChange={setRolle}
      />
      <FilterSelect
        name="filterMunicipality"
        label={de.users.filterMunicipality}
        allLabel={de.users.allMunicipalities}
        options={municipalities.options}
        value={kommune}
        onChange={setKommune}
      />
      <FilterSelect
        name="filterStatus"
        label={de.users.filterStatus}
        allLabel={de.users.allStatuses}
        options={statusOptions}
        value={status}
        onChange={setStatus}
      />
      <TextField name="filterSearch" label={de.users.filterSearch} value={suche} onChange={setSuche} />
    </FilterBar>
  );
}
