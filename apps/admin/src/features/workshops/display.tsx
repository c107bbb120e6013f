import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDate, formatTime } from '../../i18n/format';

type Workshop = Schema<'Workshop'>;

/** "Vor Ort" places read "Bürgerhaus Osthofen, Osthofen"; online workshops read "Online". */
export const placeOf = (w: Workshop): string =>
  w.format === 'online' || !w.venue ? de.workshops.online : `${w.venue.name}, ${w.venue.city}`;

/** The date column: one day with its hours, or the first and last day with the number of days. */
export function WorkshopDate({ workshop }: { workshop: Workshop }) {
  const days = workshop.days;
  const first = days[0] ?? { startsAt: workshop.startsAt, endsAt: workshop.endsAt };
  const last = days[days.length - 1] ?? first;
  if (days.length <= 1) {
    return (
      <>
        <span className="nowrap">{formatDate(first.startsAt)}</span>
        <br />
        <span className="muted small nowrap">
          {de.workshop.time(formatTime(first.startsAt), formatTime(first.endsAt))}
        </span>
      </>
    );
  }
  return (
    <>
      <span className="nowrap">{formatDate(first.startsAt)} –</span>{' '}
      <span className="nowrap">{formatDate(last.startsAt)}</span>
      <br />
      <span className="muted small">{de.workshops.days(days.length)}</span>
    </>
  );
}

export function StatusBadge({ status }: { status: Workshop['status'] }) {
  return <span className={`status-badge status-${status}`}>{de.workshops.statuses[status]}</span>;
}

/** "12 / 24" for the eye, "12 von 24 Plätzen belegt" for the ear, and the waitlist when there is one. */
export function Seats({ workshop }: { workshop: Workshop }) {
  return (
    <>
      <span aria-hidden="true" className="nowrap">
        {de.workshops.seats(workshop.confirmedCount, workshop.capacity)}
      </span>
      <span className="visually-hidden">
        {de.workshops.seatsLabel(workshop.confirmedCount, workshop.capacity)}
      </span>
      {workshop.waitlistCount > 0 ? (
        <>
          <br />
          <span className="muted small">{de.workshops.waitlist(workshop.waitlistCount)}</span>
        </>
      ) : null}
    </>
  );
}
