import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { fetchClient } from '../../api/client';
import { de } from '../../i18n/de';
import { type Column, DataTable } from '../../ui/DataTable';
import { LoadMore } from '../../ui/LoadMore';
import { QueryState } from '../../ui/QueryState';
import { addDays, berlinInstant, berlinToday } from './berlin-time';
import { placeOf, Seats, StatusBadge, WorkshopDate } from './display';
import { useMunicipalities } from './lookups';
import type { WorkshopsSearch } from './search';

type Workshop = Schema<'Workshop'>;

/** The API's query for the list's filters; without `von` the list starts today (Berlin). */
export function listQuery(search: WorkshopsSearch, today: string) {
  return {
    limit: 50,
    from: berlinInstant(search.von ?? today, '00:00'),
    ...(search.bis ? { to: berlinInstant(addDays(search.bis, 1), '00:00') } : {}),
    ...(search.programm ? { programId: search.programm } : {}),
    ...(search.kommune ? { municipalityId: search.kommune } : {}),
    ...(search.status ? { status: search.status } : {}),
    sort: search.reihenfolge === 'spaeteste' ? ('-startsAt' as const) : ('startsAt' as const),
  };
}

export function WorkshopList({ search }: { search: WorkshopsSearch }) {
  // Fixed for the page's lifetime, so the query key stays the same across renders.
  const [today] = useState(() => berlinToday());
  const query = listQuery(search, today);
  const municipalities = useMunicipalities();
  const pages = useInfiniteQuery({
    queryKey: ['get', '/v1/workshops', { params: { query }, pages: true }],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/v1/workshops', {
        params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      });
      if (error || !data) throw error;
      return data;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const nameOf = (id: string) => municipalities.data?.byId.get(id)?.name ?? de.workshops.unknownMunicipality;
  const columns: Column<Workshop>[] = [
    { key: 'date', header: de.workshops.columns.date, cell: (w) => <WorkshopDate workshop={w} /> },
    {
      key: 'title',
      header: de.workshops.columns.title,
      rowHeader: true,
      cell: (w) => (
        <Link to="/werkstaetten/$workshopId" params={{ workshopId: w.id }} className="link">
          {w.title}
        </Link>
      ),
    },
    {
      key: 'municipalities',
      header: de.workshops.columns.municipalities,
      cell: (w) => (
        <ul className="plain-list cell-list">
          {w.municipalityIds.map((id) => (
            <li key={id}>{municipalities.isPending ? '…' : nameOf(id)}</li>
          ))}
        </ul>
      ),
    },
    { key: 'place', header: de.workshops.columns.place, cell: placeOf },
    { key: 'seats', header: de.workshops.columns.seats, cell: (w) => <Seats workshop={w} /> },
    { key: 'status', header: de.workshops.columns.status, cell: (w) => <StatusBadge status={w.status} /> },
  ];

  return (
    <QueryState
      query={{ ...pages, data: pages.data?.pages.flatMap((p) => p.data) }}
      loadingLabel={de.workshops.loading}
      isEmpty={(rows) => rows.length === 0}
      empty={
        <>
          <p>{de.workshops.empty}</p>
          <p className="muted">{de.workshops.emptyHint}</p>
        </>
      }
    >
      {(rows) => (
        <>
          <p className="muted small" role="status">
            {de.workshops.count(rows.length, pages.hasNextPage)}
          </p>
          <div className="workshop-table">
            <DataTable
              caption={de.workshops.caption}
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(w) => w.id}
              rowClassName={(w) => (w.status === 'cancelled' ? 'row-cancelled' : undefined)}
            />
          </div>
          <LoadMore pages={pages} />
        </>
      )}
    </QueryState>
  );
}
