import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { fetchClient } from '../../api/client';
import { useIsProgramAdmin } from '../../app/useCurrentUser';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { SelectField, TextField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import {
  kindOptions,
  type Municipality,
  type MunicipalityKind,
  type StateCode,
  stateOptions,
} from './municipality-values';
import '../../ui/layout.css';
import { LoadMore } from '../../ui/LoadMore';

const t = de.municipalities;
const ALL = 'alle';
const numberFormat = new Intl.NumberFormat('de-DE');

export interface MunicipalitySearch {
  q?: string;
  art?: MunicipalityKind;
  land?: StateCode;
}

export const parseMunicipalitySearch = (search: Record<string, unknown>): MunicipalitySearch => {
  const result: MunicipalitySearch = {};
  if (typeof search.q === 'string' && search.q.trim()) result.q = search.q.trim().slice(0, 100);
  if (typeof search.art === 'string' && Object.hasOwn(t.kinds, search.art))
    result.art = search.art as MunicipalityKind;
  if (typeof search.land === 'string' && Object.hasOwn(t.states, search.land))
    result.land = search.land as StateCode;
  return result;
};

const PAGE_SIZE = 200;

/** The directory, page by page (the API pages by cursor); filters are the API's own. */
export function useMunicipalityDirectory(search: MunicipalitySearch = {}) {
  const query = {
    limit: PAGE_SIZE,
    ...(search.q ? { q: search.q } : {}),
    ...(search.art ? { kind: search.art } : {}),
    ...(search.land ? { stateCode: search.land } : {}),
  };
  return useInfiniteQuery({
    queryKey: ['get', '/v1/municipalities', { params: { query } }, 'pages'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/v1/municipalities', {
        params: { query: pageParam ? { ...query, cursor: pageParam } : query },
        signal,
      });
      if (error) throw error;
      return data;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.data),
  });
}

const columns: Column<Municipality>[] = [
  {
    key: 'name',
    header: t.columns.name,
    rowHeader: true,
    sortValue: (m) => m.name,
    cell: (m) => (
      <Link to="/kommunen/$municipalityId" params={{ municipalityId: m.id }} className="link">
        {m.name}
      </Link>
    ),
  },
  { key: 'kind', header: t.columns.kind, sortValue: (m) => t.kinds[m.kind], cell: (m) => t.kinds[m.kind] },
  {
    key: 'state',
    header: t.columns.state,
    sortValue: (m) => t.states[m.stateCode],
    cell: (m) => t.states[m.stateCode],
  },
  { key: 'ars', header: t.columns.ars, sortValue: (m) => m.ars, cell: (m) => m.ars ?? t.detail.none },
  {
    key: 'population',
    header: t.columns.population,
    numeric: true,
    sortValue: (m) => m.population,
    cell: (m) => (m.population === null ? t.detail.none : numberFormat.format(m.population)),
  },
  {
    key: 'contact',
    header: t.columns.contact,
    sortValue: (m) => m.contactName,
    cell: (m) => m.contactName ?? t.detail.none,
  },
];

/** `/kommunen`: search by name, kind and state; sort the columns; open, create. */
export function MunicipalitiesPage({ search }: { search: MunicipalitySearch }) {
  const canManage = useIsProgramAdmin();
  const navigate = useNavigate();
  const directory = useMunicipalityDirectory(search);
  const [q, setQ] = useState(search.q ?? '');
  const [kind, setKind] = useState<MunicipalityKind | typeof ALL>(search.art ?? ALL);
  const [state, setState] = useState<StateCode | typeof ALL>(search.land ?? ALL);
  const filtered = Boolean(search.q || search.art || search.land);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({
      to: '/kommunen',
      search: {
        ...(q.trim() ? { q: q.trim() } : {}),
        ...(kind !== ALL ? { art: kind } : {}),
        ...(state !== ALL ? { land: state } : {}),
      },
    });
  };
  const clear = () => {
    setQ('');
    setKind(ALL);
    setState(ALL);
    void navigate({ to: '/kommunen', search: {} });
  };

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={canManage ? t.intro : t.readOnly}
        actions={
          canManage ? (
            <Link to="/kommunen/neu" className="button button-primary">
              {t.create}
            </Link>
          ) : null
        }
      />
      <search aria-label={t.filtersLabel}>
        <form className="filters" onSubmit={apply}>
          <TextField name="q" label={t.search} value={q} onChange={setQ} />
          <SelectField
            name="art"
            label={t.columns.kind}
            placeholder={t.allKinds}
            options={[{ value: ALL, label: t.allKinds }, ...kindOptions]}
            value={kind}
            onChange={setKind}
          />
          <SelectField
            name="land"
            label={t.columns.state}
            placeholder={t.allStates}
            options={[{ value: ALL, label: t.allStates }, ...stateOptions]}
            value={state}
            onChange={setState}
          />
          <div className="filters-buttons">
            <Button type="submit">{t.searchSubmit}</Button>
            {filtered ? (
              <Button variant="secondary" onClick={clear}>
                {t.resetFilters}
              </Button>
            ) : null}
          </div>
        </form>
      </search>
      <QueryState
        query={{ ...directory, refetch: () => directory.refetch() }}
        loadingLabel={t.loading}
        isEmpty={(rows) => rows.length === 0}
        empty={<p>{filtered ? t.emptyFiltered : t.empty}</p>}
      >
        {(rows) => (
          <>
            <p className="muted list-count" role="status">
              {t.count(rows.length, directory.hasNextPage)} · {t.sortHint}
            </p>
            <DataTable
              caption={t.caption}
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(m) => m.id}
              initialSort={{ key: 'name', direction: 'ascending' }}
            />
            <LoadMore pages={directory} />
          </>
        )}
      </QueryState>
    </>
  );
}
