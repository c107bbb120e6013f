import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { formatDayDate, formatTime } from '../../i18n/format';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useWorkspace } from './useWorkspace';

type Workshop = Schema<'Workshop'>;

const placeOf = (workshop: Workshop): string =>
  workshop.format === 'online' || !workshop.venue
    ? de.home.online
    : [workshop.venue.name, workshop.venue.city].filter(Boolean).join(', ');

/** The seats of the user's own municipality: the API shows a municipality user its own entry only. */
function SeatsLine({ workshop }: { workshop: Workshop }) {
  const own = workshop.seatsPerMunicipality[0];
  if (!own) return null;
  return (
    <>
      <dt>{de.home.seats}</dt>
      <dd>
        {own.seats === null
          ? de.home.confirmedOnly(own.confirmedCount)
          : de.home.seatsOf(own.confirmedCount, own.seats)}
      </dd>
    </>
  );
}

function UpcomingWorkshops() {
  // Fixed for the page's lifetime, so the query key stays the same across renders.
  const [from] = useState(() => new Date().toISOString());
  const workshops = $api.useQuery('get', '/v1/workshops', {
    params: { query: { from, sort: 'startsAt', limit: 20 } },
  });
  return (
    <QueryState
      query={workshops}
      isEmpty={(page) => page.data.every((w) => w.status === 'cancelled')}
      empty={<p>{de.home.none}</p>}
    >
      {(page) => (
        <ul className="plain-list workshop-list">
          {page.data
            .filter((w) => w.status !== 'cancelled')
            .map((workshop) => (
              <li key={workshop.id} className="workshop-item">
                <h3>{workshop.title}</h3>
                <dl className="details">
                  <dt>{de.workshop.when}</dt>
                  <dd>
                    <ul className="plain-list">
                      {workshop.days.map((day, i) => (
                        <li key={day.startsAt}>
                          {workshop.days.length > 1 ? (
                            <span className="day-label">{de.workshop.day(i + 1)}: </span>
                          ) : null}
                          <span className="nowrap">{formatDayDate(day.startsAt)},</span>{' '}
                          <span className="nowrap">
                            {de.workshop.time(formatTime(day.startsAt), formatTime(day.endsAt))}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </dd>
                  <dt>{de.home.place}</dt>
                  <dd>{placeOf(workshop)}</dd>
                  <SeatsLine workshop={workshop} />
                </dl>
              </li>
            ))}
        </ul>
      )}
    </QueryState>
  );
}

/** A municipality's home in its workspace. */
export function WorkspaceHomePage() {
  const { municipality } = useWorkspace();
  return (
    <>
      <PageHeader title={de.home.title} subtitle={municipality.name} />
      <section className="card" aria-labelledby="upcoming">
        <h2 id="upcoming">{de.home.upcoming}</h2>
        <UpcomingWorkshops />
      </section>
    </>
  );
}
