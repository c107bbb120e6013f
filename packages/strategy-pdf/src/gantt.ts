import { dayNumber, plural, quarterIndex, quarterStartDay } from './format.js';
import type { MeasureStatus } from './model.js';
import { colors, type Line, type StructElement, type Writer } from './writer.js';

export interface GanttField {
  title: string;
  color: string;
  bars: GanttBar[];
}

export interface GanttBar {
  label: string;
  start: string;
  end: string;
  progress: number;
  status: MeasureStatus;
}

const labelSize = 8;
const axisSize = 7.5;
const labelWidth = 175;
const gap = 8;
const barHeight = 7;

type Row =
  | { kind: 'field'; field: GanttField; lines: Line[]; height: number }
  | { kind: 'bar'; field: GanttField; bar: GanttBar; lines: Line[]; height: number };

/**
 * The roadmap as a Gantt chart over quarters, drawn as vectors: one colour per field, the done share of
 * each bar filled solid, and a line at the date of the version. Each page of the chart is one tagged
 * Figure with alternative text; the legend and the time axis repeat on every page.
 */
export function drawGantt(w: Writer, parent: StructElement, fields: GanttField[], standOn: string): void {
  const bars = fields.flatMap((f) => f.bars);
  if (bars.length === 0) return;
  const firstQuarter = Math.min(...bars.map((b) => quarterIndex(b.start)));
  const lastQuarter = Math.max(firstQuarter + 3, ...bars.map((b) => quarterIndex(b.end)));
  const quarters = lastQuarter - firstQuarter + 1;
  const x0 = w.g.left + labelWidth + gap;
  const x1 = w.g.right;
  const quarterWidth = (x1 - x0) / quarters;
  const rangeStart = quarterStartDay(firstQuarter);
  const rangeEnd = quarterStartDay(lastQuarter + 1);
  const xOf = (day: number) => x0 + ((day - rangeStart) / (rangeEnd - rangeStart)) * (x1 - x0);
  const lh = w.lineHeight(labelSize);

  const rows: Row[] = [];
  for (const field of fields) {
    if (field.bars.length === 0) continue;
    const lines = w.wrap(field.title, x1 - w.g.left - 18, labelSize + 0.5, 'bold');
    rows.push({ kind: 'field', field, lines, height: lines.length * w.lineHeight(labelSize + 0.5) + 7 });
    for (const bar of field.bars) {
      const barLines = w.wrap(bar.label, labelWidth - 6, labelSize);
      rows.push({
        kind: 'bar',
        field,
        bar,
        lines: barLines,
        height: Math.max(barLines.length * lh, barHeight) + 5,
      });
    }
  }

  // Lay the rows out on pages first, so each page's grid and alternative text are known before drawing.
  const legendHeight = measureLegend(w, fields);
  // Years, quarters, and a line for the "Stand" mark.
  const axisHeight = 3 * w.lineHeight(axisSize) + 4;
  const pages: Row[][] = [];
  let y = w.y + legendHeight + axisHeight;
  let page: Row[] = [];
  if (y + (rows[0]?.height ?? 0) + (rows[1]?.height ?? 0) > w.g.bottom) {
    w.breakPage();
    y = w.y + legendHeight + axisHeight;
  }
  rows.forEach((row, i) => {
    // A field heading never ends a page: it goes with its first measure.
    const need = row.kind === 'field' ? row.height + (rows[i + 1]?.height ?? 0) : row.height;
    if (y + need > w.g.bottom && page.length > 0) {
      pages.push(page);
      page = [];
      y = w.g.top + legendHeight + axisHeight;
    }
    page.push(row);
    y += row.height;
  });
  pages.push(page);

  const stand = dayNumber(standOn);
  const span = `${quarterLabel(firstQuarter)} bis ${quarterLabel(lastQuarter)}`;
  pages.forEach((pageRows, pageIndex) => {
    if (pageIndex > 0) w.breakPage();
    drawLegend(w, parent, fields, pageIndex === 0);
    const count = pageRows.filter((r) => r.kind === 'bar').length;
    const part = pages.length > 1 ? ` Teil ${pageIndex + 1} von ${pages.length}:` : '';
    const alt =
      `Gantt-Diagramm der Roadmap von ${span}.${part} ${plural(count, 'Maßnahme', 'Maßnahmen')} als Balken ` +
      'über Quartale, eingefärbt nach Handlungsfeld; der dunkle Teil eines Balkens zeigt den Fortschritt. ' +
      'Zeiträume und Status stehen auch in den Tabellen des Kapitels Maßnahmen.';
    const top = w.y;
    const height = axisHeight + pageRows.reduce((sum, r) => sum + r.height, 0);
    const figure = w.elem(parent, 'Figure', { alt, bbox: [w.g.left, top, x1, top + height] });
    w.mark(figure, 'Figure', () => {
      drawAxis(
        w,
        top,
        height,
        firstQuarter,
        quarters,
        x0,
        quarterWidth,
        stand >= rangeStart && stand < rangeEnd ? xOf(stand) : null,
      );
      let rowTop = top + axisHeight;
      for (const row of pageRows) {
        if (row.kind === 'field') {
          // A tinted band groups the field's rows and keeps the grid out of its heading.
          w.rect(w.g.left, rowTop, x1 - w.g.left, row.height - 1, tint(row.field.color, 0.12));
          w.rect(w.g.left + 2, rowTop + 3, 8, 8, row.field.color);
          row.lines.forEach((line, k) => {
            w.drawLine(line, w.g.left + 14, rowTop + 3 + k * lh, labelSize + 0.5);
          });
        } else {
          row.lines.forEach((line, k) => {
            w.drawLine(line, w.g.left + 4, rowTop + 2.5 + k * lh, labelSize);
          });
          const start = xOf(dayNumber(row.bar.start));
          const end = Math.max(start + 2, xOf(dayNumber(row.bar.end) + 1));
          const barTop = rowTop + 2.5 + (lh - barHeight) / 2;
          const dropped = row.bar.status === 'dropped';
          const base = dropped ? '#c4c9d0' : tint(row.field.color, 0.45);
          w.rect(start, barTop, end - start, barHeight, base);
          const done = row.bar.status === 'done' ? 100 : row.bar.progress;
          if (!dropped && done > 0)
            w.rect(start, barTop, ((end - start) * done) / 100, barHeight, row.field.color);
        }
        rowTop += row.height;
      }
      if (stand >= rangeStart && stand < rangeEnd) {
        const xs = xOf(stand);
        w.doc
          .moveTo(xs, top + 2 * w.lineHeight(axisSize) + 2)
          .lineTo(xs, top + height)
          .dash(2, { space: 2 })
          .lineWidth(0.8)
          .stroke('#c0392b')
          .undash();
      }
    });
    figure.end();
    w.y = top + height + 8;
  });
}

function quarterLabel(index: number): string {
  return `Q${(index % 4) + 1} ${Math.floor(index / 4)}`;
}

function drawAxis(
  w: Writer,
  top: number,
  height: number,
  firstQuarter: number,
  quarters: number,
  x0: number,
  quarterWidth: number,
  standX: number | null,
): void {
  const alh = w.lineHeight(axisSize);
  const x1 = x0 + quarters * quarterWidth;
  w.rect(x0, top, x1 - x0, 2 * alh + 2, colors.light);
  const showQuarters = quarterWidth >= 10;
  const yearStep = Math.max(1, Math.ceil(24 / (4 * quarterWidth)));
  for (let q = 0; q <= quarters; q++) {
    const x = x0 + q * quarterWidth;
    const yearBoundary = (firstQuarter + q) % 4 === 0;
    const from = yearBoundary ? top : top + alh + 1;
    w.doc
      .moveTo(x, from)
      .lineTo(x, top + height)
      .lineWidth(yearBoundary ? 0.6 : 0.3)
      .stroke(yearBoundary ? '#8a96a6' : '#d3d9e1');
  }
  for (let q = 0; q < quarters; q++) {
    const index = firstQuarter + q;
    const x = x0 + q * quarterWidth;
    if (showQuarters) {
      const qSize = quarterWidth >= 13 ? axisSize : axisSize - 1;
      const label = w.wrap(`Q${(index % 4) + 1}`, quarterWidth, qSize, 'regular', colors.muted)[0];
      if (label) w.drawLine(label, x, top + alh + 1 + (axisSize - qSize) / 2, qSize, 'center', quarterWidth);
    }
    const year = Math.floor(index / 4);
    const firstOfYear = index % 4 === 0 || q === 0;
    if (firstOfYear && year % yearStep === 0) {
      // The year is centred over its quarters that are on the chart.
      const left = x;
      const right = Math.min(x1, x0 + (q + (4 - (index % 4))) * quarterWidth);
      if (right - left >= w.measure(String(year), 'bold', axisSize)) {
        const label = w.wrap(String(year), right - left, axisSize, 'bold')[0];
        if (label) w.drawLine(label, left, top + 1, axisSize, 'center', right - left);
      }
    }
  }
  if (standX !== null) {
    const label = w.wrap('Stand', 40, axisSize - 1, 'bold', '#c0392b')[0];
    if (label) {
      const room = w.measure('Stand', 'bold', axisSize - 1);
      w.drawLine(label, Math.min(standX + 2, x1 - room), top + 2 * alh + 2, axisSize - 1);
    }
  }
}

function measureLegend(w: Writer, fields: GanttField[]): number {
  return legendLayout(w, fields).height;
}

function legendLayout(w: Writer, fields: GanttField[]) {
  const size = 8;
  const lh = w.lineHeight(size);
  const items: { x: number; y: number; line: Line; color: string | null }[] = [];
  let x = w.g.left;
  let y = 0;
  const entries: { text: string; color: string | null }[] = [
    ...fields.filter((f) => f.bars.length > 0).map((f) => ({ text: f.title, color: f.color })),
    { text: 'dunkler Teil: Fortschritt', color: null },
  ];
  for (const entry of entries) {
    const line = w.wrap(entry.text, w.contentWidth - 14, size)[0];
    if (!line) continue;
    const width = 12 + line.width + 14;
    if (x + width > w.g.right && x > w.g.left) {
      x = w.g.left;
      y += lh + 2;
    }
    items.push({ x, y, line, color: entry.color });
    x += width;
  }
  return { items, height: y + lh + 8, size, lh };
}

function drawLegend(w: Writer, parent: StructElement, fields: GanttField[], tagged: boolean): void {
  const layout = legendLayout(w, fields);
  const top = w.y;
  w.artifact(() => {
    for (const item of layout.items) {
      if (item.color) w.rect(item.x, top + item.y + 2.5, 8, 8, item.color);
      else {
        w.rect(item.x, top + item.y + 2.5, 4, 8, '#7a8594');
        w.rect(item.x + 4, top + item.y + 2.5, 4, 8, '#d0d5dc');
      }
    }
  });
  const paint = () => {
    for (const item of layout.items) w.drawLine(item.line, item.x + 12, top + item.y, layout.size);
  };
  if (tagged) {
    const legend = w.elem(parent, 'P');
    w.mark(legend, 'P', paint);
    legend.end();
  } else {
    w.artifact(paint, 'Pagination');
  }
  w.y = top + layout.height;
}

/** Mixes a colour with white, `amount` 0 (white) to 1 (the colour). */
export function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(255 - (255 - c) * amount);
  const r = mix((n >> 16) & 255);
  const g = mix((n >> 8) & 255);
  const b = mix(n & 255);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}
