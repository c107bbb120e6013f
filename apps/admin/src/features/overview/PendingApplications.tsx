import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { formatCalendarDay } from '../applications/format';

const t = de.overview;

/** How many applications wait, and the newest few, each opening its details in the inbox. */
export function PendingApplications({
  pending,
  newest,
  nameOf,
}: {
  pending: number;
  newest: readonly Schema<'WorkshopApplication'>[];
  nameOf: (id: string) => string;
}) {
  return (
    <>
      <p>{t.applicationsCount(pending)}</p>
      {newest.length > 0 ? (
        <ul className="plain-list overview-applications">
          {newest.map((a) => (
            <li key={a.id}>
              <Link to="/bewerbungen" search={{ bewerbung: a.id }} className="link">
                {nameOf(a.municipalityId)}
              </Link>
              <span className="muted-line">
                {t.applicationReceived(formatDate(a.createdAt))}
                {a.preferredDates[0]
                  ? ` · ${t.applicationWish(formatCalendarDay(a.preferredDates[0].date))}`
                  : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to="/bewerbungen" className="link">
          {t.allApplications}
        </Link>
      </p>
    </>
  );
}
