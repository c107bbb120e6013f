import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';

const t = de.overview;

/** Municipalities by the state of their strategy: a stacked bar, and the same numbers as a list. */
export function StrategiesByStatus({ counts }: { counts: Schema<'ProgramOverview'>['municipalities'] }) {
  if (counts.total === 0) return <p className="empty">{t.strategiesNone}</p>;
  const parts = [
    { key: 'adopted', label: t.adopted, n: counts.adopted },
    { key: 'draft', label: t.draft, n: counts.draft },
    { key: 'none', label: t.withoutStrategy, n: counts.withoutStrategy },
  ] as const;
  return (
    <>
      <div className="strategy-bar" aria-hidden="true">
        {parts.map((p) =>
          p.n > 0 ? (
            <span key={p.key} className={`strategy-bar-part strategy-${p.key}`} style={{ flexGrow: p.n }} />
          ) : null,
        )}
      </div>
      <dl className="strategy-legend">
        {parts.map((p) => (
          <div key={p.key}>
            <dt>
              <span className={`strategy-swatch strategy-${p.key}`} aria-hidden="true" />
              {p.label}
            </dt>
            <dd>{p.n}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t.publicStrategies(counts.publicStrategies)}</p>
    </>
  );
}
