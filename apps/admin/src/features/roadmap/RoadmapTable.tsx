import { Link } from '@tanstack/react-router';
import type { CSSProperties, KeyboardEvent } from 'react';
import { de } from '../../i18n/de';
import { barText, type ChunkGroup, type DatedRow, type RoadmapGroup, shownProgress } from './roadmap-model';
import { barPosition, type Timeline, todayInQuarter, todayPosition } from './timeline';

interface RoadmapTableProps {
  groups: readonly (RoadmapGroup | ChunkGroup)[];
  timeline: Timeline;
  /** `YYYY-MM-DD` in Europe/Berlin. */
  today: string;
  caption: string;
  municipalityId: string;
  /** A printed part shows the titles as text: a link is no use on paper. */
  printed?: boolean;
}

/** Where the "überfällig" marker goes: after the bar, before it, or inside when the bar fills the row. */
export function overdueMarkerSide(left: number, width: number): 'after' | 'before' | 'inside' {
  if (left + width <= 82) return 'after';
  if (left >= 18) return 'before';
  return 'inside';
}

/** Up and down arrows move between the measures' links, Home and End to the first and last. */
function moveBetweenRows(event: KeyboardEvent<HTMLTableElement>) {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('roadmap-link')) return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.roadmap-link'));
  const at = links.indexOf(target as HTMLAnchorElement);
  const next =
    event.key === 'ArrowDown'
      ? links[at + 1]
      : event.key === 'ArrowUp'
        ? links[at - 1]
        : event.key === 'Home'
          ? links[0]
          : event.key === 'End'
            ? links.at(-1)
            : undefined;
  if (!next) return;
  event.preventDefault();
  next.focus();
}

function Bar({ row, timeline, today }: { row: DatedRow; timeline: Timeline; today: number | null }) {
  const { left, width } = barPosition(timeline, { start: row.startDate, end: row.endDate });
  const progress = shownProgress(row);
  const side = overdueMarkerSide(left, width);
  const barStyle = { left: `${left}%`, width: `${width}%`, '--field': row.color } as CSSProperties;
  const markerStyle: CSSProperties =
    side === 'after' ? { left: `${left + width}%` } : side === 'before' ? { right: `${100 - left}%` } : {};
  return (
    <div className="roadmap-track" aria-hidden="true">
      {today !== null ? <span className="roadmap-today" style={{ left: `${today}%` }} /> : null}
      <div
        className={`roadmap-bar roadmap-bar-${row.status}${row.overdue ? ' is-overdue' : ''}`}
        style={barStyle}
        data-left={left.toFixed(2)}
        data-width={width.toFixed(2)}
      >
        {row.status === 'dropped' ? null : (
          <span className="roadmap-fill" style={{ width: `${progress}%` }} />
        )}
        <span className="roadmap-percent">{progress}&nbsp;%</span>
        {row.overdue && side === 'inside' ? (
          <span className="roadmap-overdue roadmap-overdue-inside">⚠ {de.roadmap.overdue}</span>
        ) : null}
      </div>
      {row.overdue && side !== 'inside' ? (
        <span className={`roadmap-overdue roadmap-overdue-${side}`} style={markerStyle}>
          ⚠ {de.roadmap.overdue}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The Gantt chart as a table: a column per quarter, a row per measure whose header names (and links to)
 * the measure, and one cell across the quarters holding the bar. The bar is drawn for the eye only; the
 * same cell says period, status, progress and "überfällig" in words for screen readers.
 */
export function RoadmapTable({
  groups,
  timeline,
  today,
  caption,
  municipalityId,
  printed,
}: RoadmapTableProps) {
  const columns = timeline.quarters.length;
  const todayAt = todayPosition(timeline, today);
  const flag = todayInQuarter(today);
  const style = { '--quarters': columns } as CSSProperties;
  return (
    <table
      className={`roadmap-table${printed ? ' roadmap-table-printed' : ''}`}
      style={style}
      onKeyDown={printed ? undefined : moveBetweenRows}
    >
      <caption>
        <span className="roadmap-caption-text">{caption}</span>
      </caption>
      <colgroup>
        <col className="roadmap-col-measure" />
        {timeline.quarters.map((q) => (
          <col key={q.index} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="roadmap-head-cell roadmap-corner">
            {de.roadmap.measureColumn}
          </th>
          {timeline.quarters.map((q) => (
            <th
              scope="col"
              key={q.index}
              className={`roadmap-head-cell roadmap-quarter${q.number === 1 ? ' roadmap-year-start' : ''}`}
            >
              <span className="roadmap-quarter-label">Q{q.number}</span>{' '}
              <span className="roadmap-quarter-year">{q.year}</span>
              {flag.index === q.index ? (
                <span className="roadmap-today-flag" aria-hidden="true" style={{ left: `${flag.offset}%` }}>
                  {de.roadmap.today}
                </span>
              ) : null}
            </th>
          ))}
        </tr>
      </thead>
      {groups.map((group) => (
        <tbody key={group.fieldId}>
          <tr className="roadmap-group">
            <th scope="rowgroup" colSpan={columns + 1} className="roadmap-group-head">
              <span className="roadmap-group-label">
                <span className="roadmap-swatch" style={{ background: group.color }} aria-hidden="true" />
                {group.number} {group.title}
                {'continued' in group && group.continued ? ` ${de.roadmap.continued}` : ''}
                <span className="roadmap-group-count">{de.roadmap.fieldMeasures(group.size)}</span>
              </span>
            </th>
          </tr>
          {group.rows.map((row) => (
            <tr key={row.id} className={row.overdue ? 'roadmap-row is-overdue' : 'roadmap-row'}>
              <th scope="row" className="roadmap-measure">
                {printed ? (
                  <span className="roadmap-title">
                    <span className="roadmap-number">{row.number}</span> {row.title}
                  </span>
                ) : (
                  <Link
                    className="roadmap-link"
                    to="/arbeitsbereich/$municipalityId/massnahmen/$measureId"
                    params={{ municipalityId, measureId: row.id }}
                  >
                    <span className="roadmap-number">{row.number}</span> {row.title}
                  </Link>
                )}
              </th>
              <td colSpan={columns} className="roadmap-cell">
                <span className="visually-hidden">{barText(row)}</span>
                <Bar row={row} timeline={timeline} today={todayAt} />
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}
