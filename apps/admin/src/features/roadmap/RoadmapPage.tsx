import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { isProblem } from '../../api/problems';
import { berlinDay, germanDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { FilterBar } from '../../ui/FilterBar';
import { FilterSelect } from '../../ui/FilterSelect';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useWorkspace } from '../workspace/useWorkspace';
import { RoadmapTable } from './RoadmapTable';
import {
  buildRoadmap,
  chunkGroups,
  type MeasureStatus,
  measureStatuses,
  type RoadmapFilters,
  type RoadmapView,
} from './roadmap-model';
import { UndatedList } from './UndatedList';
import './roadmap.css';

interface RoadmapPageProps {
  search: RoadmapFilters;
  onSearch: (next: RoadmapFilters) => void;
  /** The day the today line marks; the Berlin day of now unless a test fixes it. */
  today?: string;
}

const statusOptions = measureStatuses.map((value) => ({ value, label: de.roadmap.status[value] }));

/** The roadmap: the Gantt table of dated measures by field, the undated ones below, and a print layout. */
export function RoadmapPage({ search, onSearch, today: fixedToday }: RoadmapPageProps) {
  const { municipalityId, municipality } = useWorkspace();
  const [today] = useState(() => fixedToday ?? berlinDay(new Date().toISOString()));
  const roadmap = $api.useQuery('get', '/v1/municipalities/{id}/roadmap', {
    params: { path: { id: municipalityId } },
  });
  const noStrategy = roadmap.isError && isProblem(roadmap.error) && roadmap.error.status === 404;

  return (
    <div className="roadmap-page">
      <PageHeader
        title={de.roadmap.title}
        subtitle={de.roadmap.subtitle(municipality.name)}
        actions={
          roadmap.data && roadmap.data.counts.total > 0 ? (
            <Button variant="secondary" onClick={() => window.print()} aria-describedby="roadmap-print-hint">
              {de.roadmap.print}
            </Button>
          ) : undefined
        }
      />
      {roadmap.data && roadmap.data.counts.total > 0 ? (
        <p id="roadmap-print-hint" className="visually-hidden">
          {de.roadmap.printHint}
        </p>
      ) : null}
      {noStrategy ? (
        <Alert tone="info" title={de.roadmap.noStrategyTitle}>
          <p>{de.roadmap.noStrategy}</p>
          <Link to="/arbeitsbereich/$municipalityId/strategie" params={{ municipalityId }}>
            {de.roadmap.toStrategy}
          </Link>
        </Alert>
      ) : (
        <QueryState
          query={roadmap}
          loadingLabel={de.roadmap.loading}
          isEmpty={(data) => data.counts.total === 0}
          empty={
            <>
              <p>{de.roadmap.empty}</p>
              <Link to="/arbeitsbereich/$municipalityId/massnahmen" params={{ municipalityId }}>
                {de.roadmap.toMeasures}
              </Link>
            </>
          }
        >
          {(data) => (
            <RoadmapContent
              data={data}
              search={search}
              onSearch={onSearch}
              today={today}
              municipalityId={municipalityId}
            />
          )}
        </QueryState>
      )}
    </div>
  );
}

interface ContentProps extends Omit<RoadmapPageProps, 'today'> {
  data: Schema<'Roadmap'>;
  today: string;
  municipalityId: string;
}

function RoadmapContent({ data, search, onSearch, today, municipalityId }: ContentProps) {
  const view = useMemo(() => buildRoadmap(data, search, today), [data, search, today]);
  const filtered = Boolean(search.feld || search.status);
  return (
    <>
      <RoadmapFilterBar key={JSON.stringify(search)} data={data} search={search} onSearch={onSearch} />
      <p className="list-status" role="status">
        {de.roadmap.count(view.datedCount, view.undated.length)}
      </p>
      {view.datedCount === 0 && view.undated.length === 0 ? (
        <div className="empty">
          <p>{filtered ? de.roadmap.emptyFiltered : de.roadmap.empty}</p>
        </div>
      ) : null}
      <Chart view={view} today={today} municipalityId={municipalityId} />
      {view.undated.length > 0 ? <UndatedList rows={view.undated} municipalityId={municipalityId} /> : null}
    </>
  );
}

function Chart({
  view,
  today,
  municipalityId,
}: {
  view: RoadmapView;
  today: string;
  municipalityId: string;
}) {
  const { timeline } = view;
  if (!timeline) return null;
  const first = timeline.quarters[0]?.label ?? '';
  const last = timeline.quarters.at(-1)?.label ?? '';
  const caption = de.roadmap.caption(view.datedCount, first, last, germanDay(today));
  const chunks = chunkGroups(view.groups);
  return (
    <>
      <Legend />
      {/* Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too. */}
      <section
        className="roadmap-scroll roadmap-screen"
        aria-label={de.roadmap.scrollRegion}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
      >
        <RoadmapTable
          groups={view.groups}
          timeline={timeline}
          today={today}
          caption={caption}
          municipalityId={municipalityId}
        />
      </section>
      {/* The printed version: one landscape page per 25 measures, each with its own headers. */}
      <div className="roadmap-print" data-chunks={chunks.length}>
        {chunks.map((chunk, i) => (
          <div className="roadmap-print-chunk" key={chunk[0]?.rows[0]?.id ?? i}>
            <RoadmapTable
              groups={chunk}
              timeline={timeline}
              today={today}
              caption={`${caption} ${de.roadmap.captionPart(i + 1, chunks.length)}`}
              municipalityId={municipalityId}
              printed
            />
          </div>
        ))}
      </div>
    </>
  );
}

function Legend() {
  const text = de.roadmap.legend;
  return (
    <div className="roadmap-legend">
      <h2 className="visually-hidden">{de.roadmap.legendLabel}</h2>
      <ul aria-label={de.roadmap.legendLabel}>
        <li>
          <span className="roadmap-key roadmap-key-bar" aria-hidden="true" />
          {text.bar}
        </li>
        <li>
          <span className="roadmap-key roadmap-key-progress" aria-hidden="true" />
          {text.progress}
        </li>
        <li>
          <span className="roadmap-key roadmap-key-today" aria-hidden="true" />
          {text.today}
        </li>
        <li>
          <span className="roadmap-key roadmap-key-overdue" aria-hidden="true" />
          {text.overdue}
        </li>
      </ul>
      <p className="small roadmap-keys-hint">{text.keys}</p>
    </div>
  );
}

function RoadmapFilterBar({
  data,
  search,
  onSearch,
}: {
  data: Schema<'Roadmap'>;
  search: RoadmapFilters;
  onSearch: (next: RoadmapFilters) => void;
}) {
  const [feld, setFeld] = useState(search.feld ?? '');
  const [status, setStatus] = useState<MeasureStatus | ''>(search.status ?? '');
  const fieldOptions = data.fields.map((f, i) => ({ value: f.actionFieldId, label: `${i + 1} ${f.title}` }));
  return (
    <div className="roadmap-filters">
      <FilterBar
        label={de.roadmap.filtersLabel}
        applyLabel={de.roadmap.apply}
        resetLabel={de.roadmap.reset}
        canReset={Boolean(search.feld || search.status)}
        onApply={() => onSearch({ ...(feld ? { feld } : {}), ...(status ? { status } : {}) })}
        onReset={() => onSearch({})}
      >
        <FilterSelect
          name="roadmapField"
          label={de.roadmap.filterField}
          allLabel={de.roadmap.allFields}
          options={fieldOptions}
          value={feld}
          onChange={setFeld}
        />
        <FilterSelect
          name="roadmapStatus"
          label={de.roadmap.filterStatus}
          allLabel={de.roadmap.allStatuses}
          options={statusOptions}
          value={status}
          onChange={setStatus}
        />
      </FilterBar>
    </div>
  );
}
