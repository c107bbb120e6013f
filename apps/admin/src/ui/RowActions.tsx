import type { ReactNode } from 'react';
import './row-actions.css';

/** The buttons of one table row, as a group named after the row ("Aktionen für Anna Schmidt"). */
export function RowActions({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would add a border and a legend to a table cell
    <div className="row-actions" role="group" aria-label={label}>
      {children}
    </div>
  );
}

interface RowMenuProps {
  /** The visible word on the toggle, e.g. "Aktionen". */
  summary: string;
  /** Completes the toggle's name for screen readers and names the group, e.g. "Aktionen für Anna". */
  label: string;
  children: ReactNode;
}

/**
 * Several row actions folded behind one toggle (a native disclosure: keyboard and screen readers
 * know it), so a wide list keeps one line per row.
 */
export function RowMenu({ summary, label, children }: RowMenuProps) {
  return (
    <details className="row-menu">
      <summary className="button button-secondary row-menu-toggle" aria-label={label}>
        {summary}
      </summary>
      <RowActions label={label}>{children}</RowActions>
    </details>
  );
}
