import { Link } from '@tanstack/react-router';
import { de } from '../../i18n/de';
import { type RoadmapRow, startText, statusText } from './roadmap-model';

/** The measures without a start or an end date, below the chart, as the PDF lists them. */
export function UndatedList({
  rows,
  municipalityId,
}: {
  rows: readonly RoadmapRow[];
  municipalityId: string;
}) {
  const text = de.roadmap;
  return (
    <section className="roadmap-undated" aria-labelledby="roadmap-undated-title">
      <h2 id="roadmap-undated-title">{text.undatedTitle}</h2>
      <p>{text.undatedIntro}</p>
      {/* Scrolls sideways on phones; browsers make such a scroller keyboard-focusable themselves. */}
      <div className="roadmap-undated-scroll">
        <table className="roadmap-undated-table">
          <caption className="visually-hidden">{text.undatedTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{text.undatedColumns.measure}</th>
              <th scope="col">{text.undatedColumns.field}</th>
              <th scope="col">{text.undatedColumns.start}</th>
              <th scope="col">{text.undatedColumns.status}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <Link
                    className="roadmap-undated-link"
                    to="/arbeitsbereich/$municipalityId/massnahmen/$measureId"
                    params={{ municipalityId, measureId: row.id }}
                  >
                    <span className="roadmap-number">{row.number}</span> {row.title}
                  </Link>
                </th>
                <td>{row.fieldTitle}</td>
                <td>{startText(row)}</td>
                <td>
                  {statusText(row)}
                  {row.overdue ? <span className="roadmap-overdue-text">, ⚠ {text.overdue}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
