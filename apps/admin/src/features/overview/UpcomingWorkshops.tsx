import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDayDate, formatTime } from '../../i18n/format';
import { Badge, type BadgeTone } from '../../ui/Badge';

type Workshop = Schema<'Workshop'>;

const t = de.overview;

const workshopTone: Record<Workshop['status'], BadgeTone> = {
  draft: 'info',
  published: 'success',
  cancelled: 'danger',
  held: 'neutral',
};

const placeOf = (w: Workshop): string =>
  w.format === 'online' || !w.venue ? t.online : `${w.venue.name}, ${w.venue.city}`;

function seatsOf(m: Workshop['seatsPerMunicipality'][number]): string {
  if (m.seats === null) return t.seatsNoQuota(m.confirmedCount);
  return t.seatsFree(Math.max(0, m.seats - m.confirmedCount), m.seats);
}

/** The next workshops, each with its free seats overall and per municipality. */
export function UpcomingWorkshops({
  workshops,
  nameOf,
}: {
  workshops: readonly Workshop[];
  nameOf: (id: string) => string;
}) {
  if (workshops.length === 0) return <p className="empty">{t.upcomingNone}</p>;
  return (
    <ul className="plain-list overview-workshops">
      {workshops.map((w) => (
        <li key={w.id} className="overview-workshop">
          <div className="overview-workshop-head">
            <h3>
              <Link to="/werkstaetten/$workshopId" params={{ workshopId: w.id }} className="link">
                {w.title}
              </Link>
            </h3>
            <Badge tone={workshopTone[w.status]}>{t.workshopStatus[w.status]}</Badge>
          </div>
          <p className="overview-workshop-when">
            {formatDayDate(w.startsAt)},{' '}
            {de.workshop.time(formatTime(w.startsAt), formatTime(w.days[0]?.endsAt ?? w.endsAt))}
            {w.days.length > 1 ? ` · ${t.days(w.days.length)}` : null}
          </p>
          <p className="overview-workshop-where">{placeOf(w)}</p>
          <p className="overview-seats-total">
            <strong>{t.seatsTotal(w.seatsLeft, w.capacity)}</strong>
            {w.waitlistCount > 0 ? ` · ${t.waitlist(w.waitlistCount)}` : null}
          </p>
          <h4 className="visually-hidden">{t.seatsHeading}</h4>
          <ul className="overview-seats">
            {w.seatsPerMunicipality.map((m) => (
              <li key={m.municipalityId}>
                <span>{nameOf(m.municipalityId)}</span> <span className="nowrap">{seatsOf(m)}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
