import type { FormEvent, ReactNode } from 'react';
import { Button } from './Button';
import './filter-bar.css';

interface FilterBarProps {
  /** Names the form for screen readers, e.g. "Benutzer filtern". */
  label: string;
  applyLabel: string;
  resetLabel: string;
  /** Shows the reset button (when some filter is set). */
  canReset: boolean;
  onApply: () => void;
  onReset: () => void;
  children: ReactNode;
}

/**
 * The filters above a list, side by side on wide screens. They apply on submit, so choosing a value
 * does not reload the list under the user's hands (WCAG 3.2.2).
 */
export function FilterBar({
  label,
  applyLabel,
  resetLabel,
  canReset,
  onApply,
  onReset,
  children,
}: FilterBarProps) {
  return (
    <form
      className="filter-bar"
      aria-label={label}
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        onApply();
      }}
    >
      <div className="filter-bar-fields">{children}</div>
      <div className="filter-bar-actions">
        <Button type="submit">{applyLabel}</Button>
        {canReset ? (
          <Button variant="secondary" onClick={onReset}>
            {resetLabel}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
