import type { Schema } from '@werkstatt/api-client';
import { useMemo, useState } from 'react';
import { useMunicipalities } from '../../app/municipalities';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { FilterBar } from '../../ui/FilterBar';
import { FilterSelect } from '../../ui/FilterSelect';
import { TextField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { type Role, roleOptions } from './roles';
import type { UsersSearch } from './search';
import { UserDialogs } from './UserDialogs';
import { UserTable } from './UserTable';
import { useUserActions } from './useUserActions';
import { useUserList } from './useUserList';
import './users.css';

type User = Schema<'User'>;

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
  const municipalities = useMunicipalities();
  const actions = useUserActions();
  const { list, users: loaded } = useUserList({ role: search.rolle, municipalityId: search.kommune });
  const shown = useMemo(() => loaded.filter((u) => matches(u, search)), [loaded, search]);
  const filteredLocally = Boolean(search.status || search.suche);

  return (
    <>
      <PageHeader
        title={de.users.title}
        subtitle={de.users.subtitle}
        actions={<Button onClick={() => actions.show({ kind: 'invite' })}>{de.users.invite}</Button>}
      />
      <UserFilters key={JSON.stringify(search)} search={search} onSearch={onSearch} />
      <UserTable
        list={list}
        rows={shown}
        loadingLabel={de.users.loading}
        caption={de.users.tableCaption}
        empty={Object.keys(search).length > 0 ? de.users.emptyFiltered : de.users.empty}
        notes={
          <>
            <p className="small self-note">{de.users.selfHint}</p>
            {filteredLocally && list.hasNextPage ? (
              <p className="small">{de.users.localFilterNote(shown.length, loaded.length)}</p>
            ) : null}
          </>
        }
        onOpen={actions.show}
        municipalityName={municipalities.nameOf}
      />
      <UserDialogs actions={actions} />
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
