import { de } from '../../i18n/de';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { type MeasureStatus, measureStatuses } from './search';

const tones: Record<MeasureStatus, BadgeTone> = {
  planned: 'neutral',
  in_progress: 'info',
  on_hold: 'neutral',
  done: 'success',
  dropped: 'neutral',
};

export const statusLabel = (status: MeasureStatus): string => de.measures.statuses[status];

/** The statuses in their working order, as select options. */
export const statusOptions = measureStatuses.map((value) => ({ value, label: statusLabel(value) }));

/** Where a status sorts: in its working order, not alphabetically. */
export const statusRank = (status: MeasureStatus): number => measureStatuses.indexOf(status);

export function MeasureStatusBadge({ status }: { status: MeasureStatus }) {
  return <Badge tone={tones[status]}>{statusLabel(status)}</Badge>;
}

/** Marks an overdue measure with a word, not colour alone. */
export function OverdueBadge() {
  return (
    <span title={de.measures.overdueHint}>
      <Badge tone="danger">{de.measures.overdue}</Badge>
    </span>
  );
}

/** A measure's progress: a bar for the eye and the number for everyone. */
export function ProgressMeter({ value, label }: { value: number; label: string }) {
  return (
    <span className="measure-progress">
      <meter className="measure-progress-bar" min={0} max={100} value={value} aria-label={label} />
      <span className="measure-progress-value">{de.measures.progress(value)}</span>
    </span>
  );
}
