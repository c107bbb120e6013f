import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { $api } from '../../api/client';
import { germanDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { FilterBar } from '../../ui/FilterBar';
import { FilterSelect } from '../../ui/FilterSelect';
import { fieldId, TextField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { RowActions } from '../../ui/RowActions';
import { useToast } from '../../ui/Toast';
import { useWorkspace } from '../workspace/useWorkspace';
import { type BulkResult, bulkDone, bulkProblem } from './bulk';
import { CreateMeasureDialog } from './CreateMeasureDialog';
import { PeerFinderDialog } from './PeerFinderDialog';
import {
  type ActionFieldOption,
  type Measure,
  measureListKey,
  useActionFields,
  useMeasureList,
} from './queries';
import { filtersOf, MAX_SEARCH, type MeasureStatus, type MeasuresSearch, sortOf, withSort } from './search';
import { MeasureStatusBadge, OverdueBadge, ProgressMeter, statusOptions, statusRank } from './status';
import './measures.css';

interface MeasuresPageProps {
  search: MeasuresSearch;
  onSearch: (next: MeasuresSearch) => void;
}

const day = (iso: string | null) => (iso ? germanDay(iso) : de.measures.noDate);

/** The measures of the open municipality: filters and order in the address, bulk status for editors. */
export function MeasuresPage({ search, onSearch }: MeasuresPageProps) {
  const { municipalityId, municipality, canEdit } = useWorkspace();
  const fields = useActionFields(municipalityId);
  const list = useMeasureList(municipalityId, search);
  const navigate = useNavigate();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [peersOf, setPeersOf] = useState<{ id: string; title: string } | null>(null);
  // The selection belongs to the filters it was made under: other filters start with none.
  const filterKey = JSON.stringify(filtersOf(search));
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({
    key: filterKey,
    ids: new Set(),
  });
  const selectedIds = selection.key === filterKey ? selection.ids : new Set<string>();
  const setSelected = (ids: ReadonlySet<string>) => setSelection({ key: filterKey, ids });
  const filtered = Object.keys(filtersOf(search)).length > 0;

  const fieldName = (m: Measure) =>
    fields.nameOf(m.actionFieldId) ?? (fields.isPending ? '' : de.measures.unknownField);
  const toggleRow = (id: string) => {
    const next = new Set(selectedIds);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const columns: Column<Measure>[] = [
    ...(canEdit
      ? [
          {
            key: 'auswahl',
            header: de.measures.columns.select,
            cell: (m: Measure) => (
              <label className="select-cell" htmlFor={`select-${m.id}`}>
                <input
                  id={`select-${m.id}`}
                  type="checkbox"
                  className="checkbox"
                  checked={selectedIds.has(m.id)}
                  onChange={() => toggleRow(m.id)}
                />
                <span className="visually-hidden">{de.measures.selectRow(m.title)}</span>
              </label>
            ),
          },
        ]
      : []),
    {
      key: 'titel',
      header: de.measures.columns.title,
      rowHeader: true,
      sortValue: (m) => m.title,
      cell: (m) => (
        <>
          <Link
            className="measure-title"
            to="/arbeitsbereich/$municipalityId/massnahmen/$measureId"
            params={{ municipalityId, measureId: m.id }}
          >
            {m.title}
          </Link>
          <span className="measure-meta">
            {fieldName(m)}
            {m.stepsTotal > 0 ? ` · ${de.measures.stepsOf(m.stepsDone, m.stepsTotal)}` : ''}
          </span>
        </>
      ),
    },
    {
      key: 'status',
      header: de.measures.columns.status,
      sortValue: (m) => statusRank(m.status),
      cell: (m) => (
        <span className="measure-status">
          <MeasureStatusBadge status={m.status} />
          {m.overdue ? <OverdueBadge /> : null}
        </span>
      ),
    },
    {
      // Start and end in one column, sorted by the end: what is due comes first.
      key: 'ende',
      header: de.measures.columns.period,
      sortValue: (m) => m.endDate,
      cell: (m) =>
        m.startDate || m.endDate ? (
          <span className="measure-period">
            <span className="nowrap">{de.measures.from(day(m.startDate))}</span>{' '}
            <span className={`nowrap${m.overdue && m.endDate ? ' measure-late' : ''}`}>
              {de.measures.until(day(m.endDate))}
            </span>
          </span>
        ) : (
          de.measures.noDate
        ),
    },
    {
      key: 'fortschritt',
      header: de.measures.columns.progress,
      numeric: true,
      sortValue: (m) => m.progress,
      cell: (m) => <ProgressMeter value={m.progress} label={de.measures.progressLabel(m.title)} />,
    },
    {
      key: 'aktionen',
      header: de.measures.columns.actions,
      cell: (m) => (
        <RowActions label={de.measures.actionsFor(m.title)}>
          <span className="peer-action">
            <Button variant="secondary" onClick={() => setPeersOf({ id: m.id, title: m.title })}>
              {de.measures.findPeers}
              <span className="visually-hidden"> ({m.title})</span>
            </Button>
          </span>
        </RowActions>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={de.measures.title}
        subtitle={de.measures.subtitle(municipality.name)}
        actions={
          canEdit && !fields.strategyMissing ? (
            <Button onClick={() => setCreating(true)}>{de.measures.create}</Button>
          ) : null
        }
      />
      {fields.strategyMissing ? (
        <Alert tone="info" title={de.measures.noStrategy}>
          <p>
            <Link to="/arbeitsbereich/$municipalityId/strategie" params={{ municipalityId }}>
              {de.measures.toStrategy}
            </Link>
          </p>
        </Alert>
      ) : null}
      <MeasureFilters key={filterKey} search={search} onSearch={onSearch} fieldOptions={fields.options} />
      <QueryState query={list} loadingLabel={de.measures.loading}>
        {(data) => (
          <>
            <p className="list-status" role="status">
              {de.measures.count(data.rows.length)}
            </p>
            {data.truncated ? (
              <p className="field-hint">{de.measures.countLimited(data.rows.length)}</p>
            ) : null}
            {canEdit && data.rows.length > 0 ? (
              <BulkStatusBar
                municipalityId={municipalityId}
                rows={data.rows}
                selected={selectedIds}
                onSelect={setSelected}
                onChanged={(message) => toast('success', message)}
              />
            ) : null}
            <DataTable
              caption={de.measures.tableCaption}
              captionHidden
              columns={columns}
              rows={data.rows}
              rowKey={(m) => m.id}
              sort={sortOf(search)}
              onSortChange={(next) => onSearch(withSort(search, next))}
              rowClassName={(m) => (selectedIds.has(m.id) ? 'row-selected' : undefined)}
              empty={<p>{filtered ? de.measures.emptyFiltered : de.measures.empty}</p>}
            />
          </>
        )}
      </QueryState>
      <CreateMeasureDialog
        open={creating}
        municipalityId={municipalityId}
        fieldOptions={fields.options}
        onClose={() => setCreating(false)}
        onCreated={(measure) => {
          setCreating(false);
          toast('success', de.measures.created(measure.title));
          void navigate({
            to: '/arbeitsbereich/$municipalityId/massnahmen/$measureId',
            params: { municipalityId, measureId: measure.id },
          });
        }}
      />
      <PeerFinderDialog municipalityId={municipalityId} measure={peersOf} onClose={() => setPeersOf(null)} />
    </>
  );
}

interface MeasureFiltersProps extends MeasuresPageProps {
  fieldOptions: readonly ActionFieldOption[];
}

/** The filters apply on submit (WCAG 3.2.2); the order chosen in the table stays. */
function MeasureFilters({ search, onSearch, fieldOptions }: MeasureFiltersProps) {
  const [values, setValues] = useState({
    feld: search.feld ?? '',
    status: search.status ?? '',
    ueberfaellig: search.ueberfaellig ?? '',
    suche: search.suche ?? '',
  });
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const order = {
    ...(search.sortierung ? { sortierung: search.sortierung } : {}),
    ...(search.richtung ? { richtung: search.richtung } : {}),
  };
  const apply = () => {
    const next: MeasuresSearch = { ...order };
    if (values.feld) next.feld = values.feld;
    if (values.status) next.status = values.status as MeasureStatus;
    if (values.ueberfaellig) next.ueberfaellig = values.ueberfaellig as 'ja' | 'nein';
    const q = values.suche.trim().slice(0, MAX_SEARCH);
    if (q) next.suche = q;
    onSearch(next);
  };
  return (
    <FilterBar
      label={de.measures.filtersLabel}
      applyLabel={de.measures.apply}
      resetLabel={de.measures.reset}
      canReset={Object.keys(filtersOf(search)).length > 0}
      onApply={apply}
      onReset={() => onSearch(order)}
    >
      <TextField
        name="measures-suche"
        label={de.measures.filterSearch}
        hint={de.measures.filterSearchHint}
        autoComplete="off"
        value={values.suche}
        onChange={set('suche')}
      />
      <FilterSelect
        name="measures-feld"
        label={de.measures.filterField}
        allLabel={de.measures.all}
        options={fieldOptions}
        value={values.feld}
        onChange={set('feld')}
      />
      <FilterSelect
        name="measures-status"
        label={de.measures.filterStatus}
        allLabel={de.measures.all}
        options={statusOptions}
        value={values.status}
        onChange={set('status')}
      />
      <FilterSelect
        name="measures-ueberfaellig"
        label={de.measures.filterOverdue}
        allLabel={de.measures.all}
        options={[
          { value: 'ja', label: de.measures.overdueOnly },
          { value: 'nein', label: de.measures.notOverdue },
        ]}
        value={values.ueberfaellig}
        onChange={set('ueberfaellig')}
      />
    </FilterBar>
  );
}

interface BulkStatusBarProps {
  municipalityId: string;
  rows: readonly Measure[];
  selected: ReadonlySet<string>;
  onSelect: (ids: ReadonlySet<string>) => void;
  onChanged: (message: string) => void;
}

/** Select all, choose a status, change it for every selected measure at once (all or nothing). */
function BulkStatusBar({ municipalityId, rows, selected, onSelect, onChanged }: BulkStatusBarProps) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<MeasureStatus | ''>('');
  // Failures stay in the bar until the next try; success is a toast.
  const [result, setResult] = useState<BulkResult | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const bulk = $api.useMutation('post', '/v1/municipalities/{id}/measures/bulk-update');
  const allBox = useRef<HTMLInputElement>(null);
  const count = rows.filter((m) => selected.has(m.id)).length;
  const all = count === rows.length;
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  const titles = new Map(rows.map((m) => [m.id, m.title]));

  const change = async () => {
    if (bulk.isPending) return;
    setResult(null);
    const ids = rows.filter((m) => selected.has(m.id)).map((m) => m.id);
    if (ids.length === 0 || !status) {
      setHint(ids.length === 0 ? de.measures.selectFirst : de.measures.statusFirst);
      setAttempt((n) => n + 1);
      return;
    }
    setHint(null);
    try {
      const answer = await bulk.mutateAsync({
        params: { path: { id: municipalityId } },
        body: { items: ids.map((id) => ({ id, status })) },
      });
      const done = bulkDone(answer.data.length, status);
      onChanged(done.message);
      onSelect(new Set());
    } catch (error) {
      setResult(bulkProblem(error, ids, (id) => titles.get(id) ?? de.measures.unknownMeasure));
      setAttempt((n) => n + 1);
    }
    await queryClient.invalidateQueries({ queryKey: measureListKey });
  };

  return (
    <section className="bulk-bar" aria-label={de.measures.bulkLabel}>
      <div className="bulk-bar-row">
        <label className="bulk-select-all" htmlFor="measures-select-all">
          <input
            id="measures-select-all"
            ref={allBox}
            type="checkbox"
            className="checkbox"
            checked={count > 0 && all}
            onChange={() => onSelect(all ? new Set() : new Set(rows.map((m) => m.id)))}
          />
          {de.measures.selectAll}
        </label>
        <p className="bulk-count" role="status">
          {de.measures.selected(count)}
        </p>
        <div className="bulk-change">
          <div className="field">
            <label htmlFor={fieldId('bulk-status')} className="field-label">
              {de.measures.newStatus}
            </label>
            <select
              id={fieldId('bulk-status')}
              className="input"
              value={status}
              aria-describedby={hint ? 'bulk-hint' : undefined}
              onChange={(e) => setStatus(e.target.value as MeasureStatus | '')}
            >
              <option value="">{de.measures.chooseStatus}</option>
              {statusOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <Button busy={bulk.isPending} busyLabel={de.measures.changing} onClick={change}>
            {de.measures.changeStatus}
          </Button>
        </div>
      </div>
      {hint ? (
        <p id="bulk-hint" className="field-error" role="alert" key={`hint-${attempt}`}>
          {hint}
        </p>
      ) : null}
      {result?.kind === 'rejected' ? (
        <Alert tone="error" title={result.message} key={`rejected-${attempt}`}>
          <ul>
            {result.failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
          <p>{de.measures.bulkRejectedHint}</p>
        </Alert>
      ) : null}
      {result?.kind === 'error' ? (
        <Alert tone="error" title={result.message} key={`error-${attempt}`} />
      ) : null}
    </section>
  );
}
