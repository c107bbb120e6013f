import { type ReactNode, useMemo, useState } from 'react';
import { de } from '../i18n/de';

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Makes the column sortable by this value (client-side, within the rows given). */
  sortValue?: (row: Row) => string | number | null;
  /** Numbers are right-aligned. */
  numeric?: boolean;
  /** The cell that names the row is a row header for screen readers. */
  rowHeader?: boolean;
}

export interface SortState {
  key: string;
  direction: 'ascending' | 'descending';
}

interface DataTableProps<Row> {
  /** Names the table for screen readers; shown unless `captionHidden`. */
  caption: string;
  captionHidden?: boolean;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  initialSort?: SortState;
  /**
   * Makes the sort controlled, e.g. kept in the address: `sort` is the current state (undefined for
   * the order the rows come in) and a header's button calls `onSortChange` with the next one.
   */
  sort?: SortState | undefined;
  onSortChange?: (next: SortState) => void;
  /** Shown in place of the table when there are no rows. */
  empty?: ReactNode;
  /** Extra class per row, e.g. for a cancelled registration. */
  rowClassName?: (row: Row) => string | undefined;
}

const collator = new Intl.Collator('de-DE', { numeric: true, sensitivity: 'base' });

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // empty values last in both directions
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * A semantic table: a caption, column headers that sort with a button (announced by `aria-sort`),
 * and a wrapper that scrolls sideways on a phone instead of squeezing the columns.
 */
export function DataTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  initialSort,
  sort: controlledSort,
  onSortChange,
  empty,
  rowClassName,
}: DataTableProps<Row>) {
  const [ownSort, setOwnSort] = useState<SortState | undefined>(initialSort);
  const sort = onSortChange ? controlledSort : ownSort;
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(value(a), value(b)));
  }, [rows, columns, sort]);

  if (rows.length === 0 && empty) return <div className="empty">{empty}</div>;

  const toggle = (key: string) => {
    const next: SortState =
      sort?.key === key && sort.direction === 'ascending'
        ? { key, direction: 'descending' }
        : { key, direction: 'ascending' };
    if (onSortChange) onSortChange(next);
    else setOwnSort(next);
  };

  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={column.sortValue ? (active ?? 'none') : undefined}
                  className={column.numeric ? 'numeric' : undefined}
                >
                  {column.sortValue ? (
                    <button type="button" className="sort-button" onClick={() => toggle(column.key)}>
                      {column.header}
                      <span aria-hidden="true" className="sort-mark">
                        {active === 'ascending' ? '▲' : active === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row" className={column.numeric ? 'numeric' : undefined}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key} className={column.numeric ? 'numeric' : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** For callers that sort on the server: the label of a sort state, e.g. in a status line. */
export const sortLabel = (direction: SortState['direction']): string =>
  direction === 'ascending' ? de.ui.sortAscending : de.ui.sortDescending;
