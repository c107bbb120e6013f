import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useState, useSyncExternalStore } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { session } from '../../api/session';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { PublicPage } from '../../ui/PublicPage';

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

/** `/`: who is signed in, their upcoming workshops, and signing out. */
export function HomePage() {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [leaving, setLeaving] = useState<'here' | 'everywhere' | null>(null);

  // Signing out goes to sign-in with its notice; a session that ended otherwise goes there plainly.
  if (!user) return leaving ? null : <Navigate to="/anmelden" />;

  const logout = async (everywhere: boolean) => {
    setLeaving(everywhere ? 'everywhere' : 'here');
    await session.logout({ everywhere }).catch(() => undefined);
    queryClient.clear();
    await navigate({
      to: '/anmelden',
      search: { hinweis: everywhere ? 'ueberall-abgemeldet' : 'abgemeldet' },
    });
  };

  return (
    <PublicPage title={de.home.title}>
      <p className="lead">{de.home.signedInAs(user.name, de.roles[user.role])}</p>
      <section className="card" aria-labelledby="upcoming">
        <h2 id="upcoming">{de.home.upcoming}</h2>
        <UpcomingWorkshops />
      </section>
      <section className="actions" aria-label={de.home.logout}>
        <Button
          variant="secondary"
          busy={leaving === 'here'}
          busyLabel={de.app.loading}
          onClick={() => logout(false)}
        >
          {de.home.logout}
        </Button>
        <Button
          variant="secondary"
          busy={leaving === 'everywhere'}
          busyLabel={de.app.loading}
          aria-describedby="logout-all-hint"
          onClick={() => logout(true)}
        >
          {de.home.logoutAll}
        </Button>
        <p id="logout-all-hint" className="muted">
          {de.home.logoutAllHint}
        </p>
      </section>
    </PublicPage>
  );
}
