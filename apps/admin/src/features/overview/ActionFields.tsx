import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { BarChart } from '../../ui/BarChart';
import { DataTable } from '../../ui/DataTable';

type Field = Schema<'ProgramOverview'>['actionFields'][number];

const t = de.overview;

/** How many of the most-chosen fields the chart shows; the rest are rarely chosen. */
export const TOP_FIELDS = 8;

/** The most-chosen action fields as a bar chart, with a table of the same numbers beside it. */
export function ActionFields({ fields }: { fields: readonly Field[] }) {
  // The API sorts most chosen first; fields nobody chose say nothing here.
  const top = fields.filter((f) => f.chosen > 0).slice(0, TOP_FIELDS);
  if (top.length === 0) return <p className="empty">{t.fieldsNone}</p>;
  const bars = top.map((f) => ({ key: f.actionFieldId, label: f.title, value: f.chosen }));
  return (
    <div className="overview-fields">
      <BarChart bars={bars} label={t.chartLabel(top.map((f) => t.chartItem(f.title, f.chosen)).join(', '))} />
      <DataTable
        caption={t.fieldsCaption}
        columns={[
          { key: 'title', header: t.fieldColumn, cell: (f: Field) => f.title, rowHeader: true },
          { key: 'chosen', header: t.chosenColumn, cell: (f: Field) => f.chosen, numeric: true },
        ]}
        rows={top}
        rowKey={(f) => f.actionFieldId}
      />
    </div>
  );
}
