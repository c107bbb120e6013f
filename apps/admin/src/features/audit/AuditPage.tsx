import type { Schema } from '@werkstatt/api-client';
import { useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { useMunicipalities } from '../../app/municipalities';
import { formatDateTime, germanDay, parseGermanDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { FilterBar } from '../../ui/FilterBar';
import { FilterSelect } from '../../ui/FilterSelect';
import { TextField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { AuditEventDialog } from './AuditEventDialog';
import { actionLabel, actorLabel, actorLines, changedFieldLabels, entityLabel, entityName } from './describe';
import { type AuditSearch, auditQuery } from './search';
import './audit.css';
import { LoadMore } from '../../ui/LoadMore';

type AuditEvent = Schema<'AuditEvent'>;

const PAGE_SIZE = 50;
const collator = new Intl.Collator('de-DE');
const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
const actionOptions = Object.entries(de.audit.actions)
  .map(([value, label]) => ({ value, label }))
  .sort(byLabel);
const entityOptions = Object.entries(de.audit.entities)
  .map(([value, label]) => ({ value, label }))
  .sort(byLabel);

interface AuditPageProps {
  search: AuditSearch;
  onSearch: (next: AuditSearch) => void;
}

export function AuditPage({ search, onSearch }: AuditPageProps) {
  const municipalities = useMunicipalities();
  // The people who can act, to name them and to filter by them; one page covers a program office.
  const users = $api.useQuery(
    'get',
    '/v1/users',
    { params: { query: { limit: 200 } } },
    { staleTime: 60_000 },
  );
  const userNames = useMemo(() => new Map((users.data?.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/audit-events',
    { params: { query: { limit: PAGE_SIZE, ...auditQuery(search) } } },
    {
      // null sends no cursor at all: the first page.
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const events = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const values = { municipalityName: (id: string) => municipalities.nameOf(id) };

  const columns: Column<AuditEvent>[] = [
    {
      key: 'time',
      header: de.audit.columns.time,
      cell: (e) => <span className="nowrap">{formatDateTime(e.occurredAt)}</span>,
    },
    {
      key: 'actor',
      header: de.audit.columns.actor,
      cell: (e) => {
        const [who, address] = actorLines(e.actor, userNames);
        return (
          <>
            <span className="audit-actor">{who}</span>
            {address ? <span className="audit-actor-address">{address}</span> : null}
          </>
        );
      },
    },
    {
      key: 'action',
      header: de.audit.columns.action,
      rowHeader: true,
      cell: (e) => {
        const changed = changedFieldLabels(e, values);
        return (
          <>
            {actionLabel(e.action)}
            {changed ? <span className="audit-changed-fields">{de.audit.changedFields(changed)}</span> : null}
          </>
        );
      },
    },
    {
      key: 'entity',
      header: de.audit.columns.entity,
      cell: (e) => (
        <>
          <span className="audit-entity-type">{entityLabel(e.entityType)}</span>
          <span className="audit-entity-name">{entityName(e, userNames)}</span>
        </>
      ),
    },
    {
      key: 'municipality',
      header: de.audit.columns.municipality,
      cell: (e) => municipalities.nameOf(e.municipalityId) ?? de.audit.noMunicipality,
    },
    {
      key: 'details',
      header: de.audit.columns.details,
      cell: (e) => (
        <span className="audit-details-cell">
          <Button
            variant="secondary"
            aria-label={de.audit.detailsFor(actionLabel(e.action), formatDateTime(e.occurredAt))}
            onClick={() => setSelected(e)}
          >
            {de.audit.showDetails}
          </Button>
        </span>
      ),
    },
  ];

  const userOptions = (users.data?.data ?? [])
    .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))
    .sort(byLabel);

  return (
    <>
      <PageHeader title={de.audit.title} subtitle={de.audit.subtitle} />
      <AuditFilters
        key={JSON.stringify(search)}
        search={search}
        onSearch={onSearch}
        userOptions={userOptions}
        municipalityOptions={municipalities.options}
      />
      <QueryState query={list} loadingLabel={de.audit.loading}>
        {() => (
          <>
            <p className="list-status" role="status">
              {de.audit.count(events.length)}
            </p>
            <DataTable
              caption={de.audit.tableCaption}
              captionHidden
              columns={columns}
              rows={events}
              rowKey={(e) => e.id}
              empty={<p>{de.audit.empty}</p>}
            />
            <LoadMore pages={list} />
          </>
        )}
      </QueryState>
      <AuditEventDialog
        event={selected}
        actor={selected ? actorLabel(selected.actor, userNames) : ''}
        entity={selected ? entityName(selected, userNames) : ''}
        municipality={selected ? municipalities.nameOf(selected.municipalityId) : null}
        values={values}
        onClose={() => setSelected(null)}
      />
    </>
  );
}

interface AuditFiltersProps extends AuditPageProps {
  userOptions: { value: string; label: string }[];
  municipalityOptions: { value: string; label: string }[];
}

function AuditFilters({ search, onSearch, userOptions, municipalityOptions }: AuditFiltersProps) {
  const [values, setValues] = useState<Required<Record<keyof AuditSearch, string>>>({
    aktion: search.aktion ?? '',
    bereich: search.bereich ?? '',
    kommune: search.kommune ?? '',
    person: search.person ?? '',
    von: search.von ? germanDay(search.von) : '',
    bis: search.bis ? germanDay(search.bis) : '',
  });
  const [dateErrors, setDateErrors] = useState<{ von?: string; bis?: string }>({});
  const set = (key: keyof AuditSearch) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const apply = () => {
    const von = values.von.trim() ? parseGermanDay(values.von) : '';
    const bis = values.bis.trim() ? parseGermanDay(values.bis) : '';
    const errors = {
      ...(von === null ? { von: de.audit.dateInvalid } : {}),
      ...(bis === null
        ? { bis: de.audit.dateInvalid }
        : von && bis && bis < von
          ? { bis: de.audit.rangeInvalid }
          : {}),
    };
    setDateErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const next: AuditSearch = {};
    for (const key of ['aktion', 'bereich', 'kommune', 'person'] as const) {
      if (values[key]) next[key] = values[key];
    }
    if (von) next.von = von;
    if (bis) next.bis = bis;
    onSearch(next);
  };

  const dateField = (key: 'von' | 'bis', label: string) => (
    <TextField
      name={`audit-${key}`}
      label={label}
      hint={de.audit.dateHint}
      autoComplete="off"
      value={values[key]}
      onChange={set(key)}
      error={dateErrors[key]}
    />
  );

  return (
    <FilterBar
      label={de.audit.filtersLabel}
      applyLabel={de.audit.apply}
      resetLabel={de.audit.reset}
      canReset={Object.keys(search).length > 0}
      onApply={apply}
      onReset={() => onSearch({})}
    >
      <FilterSelect
        name="audit-aktion"
        label={de.audit.filterAction}
        allLabel={de.audit.all}
        options={actionOptions}
        value={values.aktion}
        onChange={set('aktion')}
      />
      <FilterSelect
        name="audit-bereich"
        label={de.audit.filterEntity}
        allLabel={de.audit.all}
        options={entityOptions}
        value={values.bereich}
        onChange={set('bereich')}
      />
      <FilterSelect
        name="audit-person"
        label={de.audit.filterActor}
        allLabel={de.audit.all}
        options={userOptions}
        value={values.person}
        onChange={set('person')}
      />
      <FilterSelect
        name="audit-kommune"
        label={de.audit.filterMunicipality}
        allLabel={de.audit.allMunicipalities}
        options={municipalityOptions}
        value={values.kommune}
        onChange={set('kommune')}
      />
      {dateField('von', de.audit.filterFrom)}
      {dateField('bis', de.audit.filterTo)}
    </FilterBar>
  );
}
