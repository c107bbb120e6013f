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
