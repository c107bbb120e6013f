import { de } from '../../i18n/de';
import {
  changeCount,
  type DiffItem,
  type DiffSection,
  diffSections,
  type Mark,
  type VersionDiff,
} from './diff';

const t = de.versions.compare;

/** The mark of an item, as a word and a colour: „neu“, „entfernt“, „geändert“. */
export function DiffMark({ mark }: { mark: Mark }) {
  return <span className={`vdiff-mark vdiff-mark-${mark}`}>{t.marks[mark]}</span>;
}

interface Sides {
  before: string;
  after: string;
}

/** One value before and after; each cell says which version it is, for screen readers and on phones. */
function Pair({
  label,
  before,
  after,
  sides,
}: {
  label: string;
  before: string | null;
  after: string | null;
  sides: Sides;
}) {
  return (
    <div className="vdiff-row">
      <div className="vdiff-label">{label}</div>
      <div className={`vdiff-cell vdiff-old${before === null ? ' vdiff-none' : ''}`}>
        <span className="vdiff-side">{sides.before}: </span>
        <span className="vdiff-value">{before ?? t.empty}</span>
      </div>
      <div className={`vdiff-cell vdiff-new${after === null ? ' vdiff-none' : ''}`}>
        <span className="vdiff-side">{sides.after}: </span>
        <span className="vdiff-value">{after ?? t.empty}</span>
      </div>
    </div>
  );
}

function Item({ item, sides }: { item: DiffItem; sides: Sides }) {
  return (
    <li className={`vdiff-item vdiff-item-${item.mark}`}>
      <h4 className="vdiff-title">
        <DiffMark mark={item.mark} /> <span>{item.title}</span>
      </h4>
      {item.mark === 'added' ? (
        <Pair label={t.labels.title ?? ''} before={null} after={item.title} sides={sides} />
      ) : null}
      {item.mark === 'removed' ? (
        <Pair label={t.labels.title ?? ''} before={item.title} after={null} sides={sides} />
      ) : null}
      {item.rows.map((row) => (
        <Pair key={row.key} label={row.label} before={row.before} after={row.after} sides={sides} />
      ))}
      {item.steps.length > 0 ? (
        <div className="vdiff-steps">
          <h5>{t.steps}</h5>
          <ul className="plain-list">
            {item.steps.map((step) => (
              <li key={step.key} className={`vdiff-step vdiff-item-${step.mark}`}>
                <p className="vdiff-step-title">
                  <DiffMark mark={step.mark} /> <span>{t.step(step.title)}</span>
                </p>
                <Pair label={t.stepLabel} before={step.before} after={step.after} sides={sides} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}

/**
 * Two versions side by side: what changed from the older (left) to the newer (right), in sections
 * for the strategy, the fields with their goals, and the measures with their steps.
 */
export function VersionDiffView({
  diff,
  fieldTitles,
}: {
  diff: VersionDiff;
  /** Action field titles by id, for measures moved to another field. */
  fieldTitles?: ReadonlyMap<string, string>;
}) {
  const sections: DiffSection[] = diffSections(diff, fieldTitles);
  const sides = { before: t.side(diff.from.number), after: t.side(diff.to.number) };
  if (sections.length === 0) return <p className="vdiff-none-text">{t.none}</p>;
  return (
    <div className="vdiff">
      <p className="vdiff-count">{t.summary(changeCount(sections))}</p>
      <div className="vdiff-head" aria-hidden="true">
        <span>{t.field}</span>
        <span>
          {t.before}: {t.option(diff.from.number, diff.from.label)}
        </span>
        <span>
          {t.after}: {t.option(diff.to.number, diff.to.label)}
        </span>
      </div>
      {sections.map((section) => (
        <section key={section.key} className="vdiff-section" aria-labelledby={`vdiff-${section.key}`}>
          <h3 id={`vdiff-${section.key}`}>{section.title}</h3>
          <ul className="plain-list">
            {section.items.map((item) => (
              <Item key={item.key} item={item} sides={sides} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
