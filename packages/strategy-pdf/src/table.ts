import type { FontStyle } from './fonts.js';
import { colors, type Line, type Rich, type StructElement, type Writer } from './writer.js';

export interface Column {
  header: string;
  /** Share of the table width; shares are scaled to the table width. */
  width: number;
  align?: 'left' | 'right';
}

export interface TableSpec {
  columns: Column[];
  rows: Rich[][];
  size?: number;
  /** Omit the header row (key–value tables, whose first column is a row header instead). */
  headerRow?: boolean;
  /** The first column holds row headers (TH with scope Row), in bold. */
  rowHeaders?: boolean;
  /** Summary for assistive technology. */
  summary?: string;
  x?: number;
  width?: number;
  after?: number;
}

const padX = 5;
const padY = 3.5;

interface PreparedRow {
  cells: Line[][];
  lines: number;
}

/**
 * A tagged table (Table → TR → TH/TD) that breaks between rows, repeats its header row on every page it
 * continues on (as a pagination artifact, so a screen reader hears it once), and splits a row taller than
 * a page between its lines.
 */
export interface PreparedTable {
  spec: TableSpec;
  size: number;
  x0: number;
  tableWidth: number;
  widths: number[];
  lefts: number[];
  headerLines: Line[][];
  headerHeight: number;
  rows: PreparedRow[];
  /** Height of the whole table (header, rows and the space after it) if it were drawn on one page. */
  height: number;
}

/** Wraps every cell once; the result tells the height, so callers can keep a small table on one page. */
export function layoutTable(w: Writer, spec: TableSpec): PreparedTable {
  const size = spec.size ?? 9;
  const lh = w.lineHeight(size);
  const x0 = spec.x ?? w.g.left;
  const tableWidth = spec.width ?? w.g.right - x0;
  const share = spec.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = spec.columns.map((c) => (c.width / share) * tableWidth);
  const lefts = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const headerRow = spec.headerRow ?? true;
  const headerLines = headerRow
    ? spec.columns.map((c, i) => w.wrap(c.header, widths[i]! - 2 * padX, size, 'bold', colors.headerText))
    : [];
  const headerHeight = headerRow ? Math.max(...headerLines.map((l) => l.length)) * lh + 2 * padY : 0;
  const rows = spec.rows.map((row): PreparedRow => {
    const cells = row.map((cell, i) => {
      const style: FontStyle = spec.rowHeaders && i === 0 ? 'bold' : 'regular';
      return w.wrap(cell, widths[i]! - 2 * padX, size, style);
    });
    return { cells, lines: Math.max(1, ...cells.map((c) => c.length)) };
  });
  const height =
    headerHeight + rows.reduce((sum, r) => sum + r.lines * lh + 2 * padY, 0) + (spec.after ?? 10);
  return { spec, size, x0, tableWidth, widths, lefts, headerLines, headerHeight, rows, height };
}

/**
 * A tagged table (Table → TR → TH/TD) that breaks between rows, repeats its header row on every page it
 * continues on (as a pagination artifact, so a screen reader hears it once), and splits a row taller than
 * a page between its lines.
 */
export function drawTable(w: Writer, parent: StructElement, table: TableSpec | PreparedTable): void {
  const t = 'rows' in table && 'headerLines' in table ? table : layoutTable(w, table);
  const { spec, size, x0, tableWidth, widths, lefts, headerLines, headerHeight } = t;
  const lh = w.lineHeight(size);
  const headerRow = spec.headerRow ?? true;
  const element = w.elem(parent, 'Table', spec.summary ? { title: spec.summary } : {});

  const drawHeader = (tagged: boolean) => {
    const top = w.y;
    w.artifact(() => w.rect(x0, top, tableWidth, headerHeight, colors.headerFill));
    const paint = (i: number) => {
      headerLines[i]!.forEach((line, k) => {
        w.drawLine(
          line,
          lefts[i]! + padX,
          top + padY + k * lh,
          size,
          spec.columns[i]!.align,
          widths[i]! - 2 * padX,
        );
      });
    };
    if (tagged) {
      const tr = w.elem(element, 'TR');
      headerLines.forEach((_, i) => {
        const th = w.elem(tr, 'TH', { scope: 'Column' });
        w.mark(th, 'TH', () => paint(i));
        th.end();
      });
      tr.end();
    } else {
      w.artifact(() => {
        for (let i = 0; i < headerLines.length; i++) paint(i);
      }, 'Pagination');
    }
    w.y += headerHeight;
  };

  const previousBreak = w.onPageBreak;
  const firstRow = t.rows[0];
  // The header stays with the first row (or its first two lines when the row is very tall).
  const firstRowNeed = firstRow ? Math.min(firstRow.lines, 2) * lh + 2 * padY : 0;
  w.onPageBreak = null;
  w.ensure(headerHeight + firstRowNeed);
  if (headerRow) drawHeader(true);
  w.onPageBreak = () => {
    previousBreak?.();
    if (headerRow) drawHeader(false);
  };

  t.rows.forEach((prepared, rowIndex) => {
    const rowHeight = prepared.lines * lh + 2 * padY;
    const pageRoom = w.g.bottom - w.g.top - headerHeight;
    const room = w.g.bottom - w.y;
    // A row that does not fit moves to the next page; a big one (a third of a page or more) is split here
    // instead, so it does not leave a gap or tear the table from its heading. Never fewer than 3 lines.
    const big = rowHeight > pageRoom / 3;
    if (rowHeight > room && (!big || room < 3 * lh + 2 * padY)) w.breakPage();
    else if (rowIndex === t.rows.length - 2 && rowIndex > 0) {
      // The last row does not go to a page of its own: the one before it goes along.
      const last = t.rows[rowIndex + 1]!.lines * lh + 2 * padY;
      if (!big && rowHeight + last > room) w.breakPage();
    }

    const tr = w.elem(element, 'TR');
    const cellElements = prepared.cells.map((_, i) =>
      w.elem(
        tr,
        spec.rowHeaders && i === 0 ? 'TH' : 'TD',
        spec.rowHeaders && i === 0 ? { scope: 'Row' } : {},
      ),
    );
    let from = 0;
    while (from < prepared.lines) {
      const fit = Math.floor((w.g.bottom - w.y - 2 * padY + 0.01) / lh);
      if (fit < 1) {
        w.breakPage();
        continue;
      }
      const count = Math.min(fit, prepared.lines - from);
      const top = w.y;
      const height = count * lh + 2 * padY;
      w.artifact(() => {
        if (rowIndex % 2 === 1) w.rect(x0, top, tableWidth, height, colors.zebra);
        w.hline(x0, x0 + tableWidth, top + height, colors.rule);
      });
      prepared.cells.forEach((lines, i) => {
        const slice = lines.slice(from, from + count);
        if (slice.length === 0) return;
        const tag = spec.rowHeaders && i === 0 ? 'TH' : 'TD';
        w.mark(cellElements[i]!, tag, () => {
          slice.forEach((line, k) => {
            w.drawLine(
              line,
              lefts[i]! + padX,
              top + padY + k * lh,
              size,
              spec.columns[i]!.align,
              widths[i]! - 2 * padX,
            );
          });
        });
      });
      w.y += height;
      from += count;
      if (from < prepared.lines) w.breakPage();
    }
    for (const cell of cellElements) cell.end();
    tr.end();
  });

  w.onPageBreak = previousBreak;
  element.end();
  w.y += spec.after ?? 10;
}
