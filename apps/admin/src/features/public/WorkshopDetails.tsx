import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDate, formatDayDate, formatTime } from '../../i18n/format';

/** When, where and for whom, under `heading` (the page's own heading carries the title or the outcome). */
export function WorkshopDetails({
  workshop,
  heading,
  showDeadline = false,
}: {
  workshop: Schema<'PublicWorkshop'>;
  heading: string;
  /** The registration deadline matters only where one can register. */
  showDeadline?: boolean;
}) {
  const { days, venue } = workshop;
  const place = venue
    ? [venue.name, venue.street, [venue.postalCode, venue.city].filter(Boolean).join(' ')]
    : [];
  return (
    <section className="card" aria-labelledby="workshop-details">
      <h2 id="workshop-details">{heading}</h2>
      <dl className="details">
        <dt>{de.workshop.when}</dt>
        <dd>
          <ul className="plain-list">
            {days.map((day, i) => (
              <li key={day.startsAt}>
                {days.length > 1 ? <span className="day-label">{de.workshop.day(i + 1)}: </span> : null}
                <span className="nowrap">{formatDayDate(day.startsAt)},</span>{' '}
                <span className="nowrap">
                  {de.workshop.time(formatTime(day.startsAt), formatTime(day.endsAt))}
                </span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{de.workshop.where}</dt>
        <dd>
          {workshop.format === 'online' || !venue ? (
            de.workshop.online
          ) : (
            <address>
              {place
                .filter((line): line is string => Boolean(line))
                .map((line) => (
                  <span key={line} className="address-line">
                    {line}
                  </span>
                ))}
            </address>
          )}
        </dd>
        <dt>{de.workshop.municipality}</dt>
        <dd>{workshop.municipalityName}</dd>
      </dl>
      {showDeadline && workshop.registration === 'open' ? (
        <p className="muted">
          {de.workshop.registrationUntil(
            formatDate(workshop.registrationClosesAt),
            formatTime(workshop.registrationClosesAt),
          )}
        </p>
      ) : null}
    </section>
  );
}
