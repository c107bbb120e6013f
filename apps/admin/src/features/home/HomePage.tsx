import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { PageHeader } from '../../ui/PageHeader';

const placeOf = (workshop: Schema<'Workshop'>): string =>
  workshop.format === 'online' || !workshop.venue
    ? de.home.online
    : `${workshop.venue.name}, ${workshop.venue.city}`;

function UpcomingWorkshops() {
  // Fixed for the page's lifetime, so the query key stays the same across renders.
  const [from] = useState(() => new Date().toISOString());
  const workshops = $api.useQuery('get', '/v1/workshops', {
    params: { query: { from, sort: 'startsAt', limit: 20 } },
  });
  if (workshops.isPending) return <p role="status">{de.app.loading}</p>;
  if (workshops.isError) return <Alert tone="error" title={problemMessage(workshops.error)} />;
  const list = workshops.data.data.filter((w) => w.status !== 'cancelled');
  if (list.length === 0) return <p>{de.home.none}</p>;
  return (
    <ul className="plain-list workshop-list">
      {list.map((workshop) => (
        <li key={workshop.id} className="workshop-item">
          <h3>{workshop.title}</h3>
          <dl className="details">
            <dt>{de.home.date}</dt>
            <dd>{formatDate(workshop.startsAt)}</dd>
            <dt>{de.home.place}</dt>
            <dd>{placeOf(workshop)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** `/` for a municipality user: their upcoming workshops (their strategy pages come later). */
export function HomePage() {
  return (
    <>
      <PageHeader title={de.home.title} />
      <section className="card" aria-labelledby="upcoming">
        <h2 id="upcoming">{de.home.upcoming}</h2>
        <UpcomingWorkshops />
      </section>
    </>
  );
}
