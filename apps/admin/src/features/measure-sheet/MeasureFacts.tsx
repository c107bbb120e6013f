import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { germanDate } from '../programs/program-values';
import { berlinToday } from './dates';
import type { Measure } from './measure-values';
import type { Step } from './step-writes';

const t = de.measureSheet;
const l = t.labels;

const money = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const quantity = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6 });

const quantityText = (n: number | null, unit: string | null) =>
  n === null ? l.none : `${quantity.format(n)}${unit ? ` ${unit}` : ''}`;

/** The fact sheet as the council PDF prints it, to read: for viewers, nothing to press. */
export function MeasureFacts({ measure, fieldTitle }: { measure: Measure; fieldTitle: string }) {
  const period = [
    measure.startDate && l.from(germanDate(measure.startDate)),
    measure.endDate && l.until(germanDate(measure.endDate)),
  ]
    .filter(Boolean)
    .join(' ');
  const rows: [string, string | null][] = [
    [t.form.actionField, fieldTitle],
    [l.description, measure.description || null],
    [l.expectedResult, measure.expectedResult],
    [l.targetGroup, measure.targetGroup],
    [l.lead, measure.lead],
    [l.participants, measure.participants],
    [l.resources, measure.resources],
    [l.startWindow, measure.startWindow ? t.startWindows[measure.startWindow] : null],
    [l.period, period || null],
    [l.status, t.statuses[measure.status]],
    [l.budget, measure.budgetCents === null ? null : money.format(measure.budgetCents / 100)],
    [l.funding, measure.fundingSource],
    [l.grantProgram, measure.grantProgram],
  ];
  return (
    <section className="panel" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{t.sections.sheet}</h2>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label} className="facts-row">
            <dt>{label}</dt>
            <dd className="facts-text">{value?.trim() ? value : l.none}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Indicators as a table (name, baseline, target, current value with its day). */
export function IndicatorsTable({ measure }: { measure: Measure }) {
  const i = t.indicators;
  if (measure.indicators.length === 0) return <p className="muted">{i.none}</p>;
  return (
    // Scrolls sideways on a phone: a named region the keyboard can reach and scroll (WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
    <section className="table-scroll" aria-label={i.caption} tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">{i.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{i.name}</th>
            <th scope="col" className="numeric">
              {i.baseline}
            </th>
            <th scope="col" className="numeric">
              {i.target}
            </th>
            <th scope="col" className="numeric">
              {i.currentValue}
            </th>
          </tr>
        </thead>
        <tbody>
          {measure.indicators.map((ind, n) => (
            // Indicators have no ids; their order is their identity within the measure.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={n}>
              <th scope="row">{ind.name}</th>
              <td className="numeric">{quantityText(ind.baseline, ind.unit)}</td>
              <td className="numeric">{quantityText(ind.target, ind.unit)}</td>
              <td className="numeric">
                {quantityText(ind.currentValue, ind.unit)}
                {ind.currentAsOf ? (
                  <span className="cell-line small">({germanDate(ind.currentAsOf)})</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The steps to read: done or open, due dates, overdue marked. */
export function StepsList({ steps }: { steps: readonly Step[] }) {
  const s = t.steps;
  const today = berlinToday();
  if (steps.length === 0) return <p className="muted">{s.none}</p>;
  return (
    <ol className="step-list" aria-label={s.listLabel}>
      {steps.map((step) => (
        <li key={step.id} className={`step${step.doneAt ? ' step-done' : ''}`}>
          <p className="step-title">
            <span aria-hidden="true" className="step-mark">
              {step.doneAt ? '✓' : '○'}
            </span>{' '}
            {step.title}
          </p>
          <p className="step-meta small">
            {step.dueOn ? <span>{s.due(germanDate(step.dueOn))}</span> : null}
            {!step.doneAt && step.dueOn && step.dueOn < today ? (
              <strong className="step-overdue">{s.overdue}</strong>
            ) : null}
            <span>{step.doneAt ? s.doneOn(formatDate(step.doneAt)) : s.open}</span>
          </p>
        </li>
      ))}
    </ol>
  );
}
