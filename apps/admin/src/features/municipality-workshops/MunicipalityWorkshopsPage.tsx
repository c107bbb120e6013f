import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useWorkspace } from '../workspace/useWorkspace';
import { Applications } from './Applications';
import { RegisterColleaguesDialog } from './RegisterColleaguesDialog';
import { WorkshopCard } from './WorkshopCard';
import './municipality-workshops.css';

type Workshop = Schema<'Workshop'>;
const t = de.municipalityWorkshops;

interface WorkshopListProps {
  id: string;
  heading: string;
  empty: string;
  query: { from: string } | { to: string };
  onRegister?: (workshop: Workshop) => void;
}

function WorkshopList({ id, heading, empty, query, onRegister }: WorkshopListProps) {
  const { municipalityId } = useWorkspace();
  const upcoming = 'from' in query;
  const list = $api.useQuery('get', '/v1/workshops', {
    params: {
      query: {
        municipalityId,
        ...query,
        sort: upcoming ? 'startsAt' : '-startsAt',
        limit: upcoming ? 50 : 20,
      },
    },
  });
  // `to` finds workshops that started before now; one still running belongs to the upcoming ones.
  const shown = (page: { data: Workshop[] }) =>
    upcoming
      ? page.data
      : page.data.filter((w) => Date.parse(w.endsAt) < Date.parse((query as { to: string }).to));
  return (
    <section className="card mw-section" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <QueryState
        query={list}
        loadingLabel={t.loading}
        isEmpty={(page) => shown(page).length === 0}
        empty={<p>{empty}</p>}
      >
        {(page) => (
          <ul className="plain-list mw-list">
            {shown(page).map((w) => (
              <WorkshopCard
                key={w.id}
                workshop={w}
                municipalityId={municipalityId}
                {...(onRegister && upcoming ? { onRegister } : {})}
              />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

/** Werkstätten: the municipality's workshops with its seats and registrations, and its applications. */
export function MunicipalityWorkshopsPage() {
  const { municipality, municipalityId, canEdit, officeView } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  // Fixed for the page's lifetime, so the query keys stay the same across renders.
  const [now] = useState(() => new Date().toISOString());
  const [registering, setRegistering] = useState<Workshop | null>(null);
  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle(municipality.name)} />
      {canEdit ? null : (
        <p className="mw-note">{officeView ? t.registerNotAllowedOffice : t.registerNotAllowed}</p>
      )}
      <WorkshopList
        id="mw-upcoming"
        heading={t.upcoming}
        empty={t.noneUpcoming}
        query={{ from: now }}
        {...(canEdit ? { onRegister: setRegistering } : {})}
      />
      <Applications />
      <WorkshopList id="mw-past" heading={t.past} empty={t.nonePast} query={{ to: now }} />
      {registering ? (
        <RegisterColleaguesDialog
          workshop={registering}
          municipalityId={municipalityId}
          onClose={() => setRegistering(null)}
          onRegistered={(done) => {
            toast('success', t.registered(done.length));
            void queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops'] });
            void queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops/{id}/registrations'] });
          }}
        />
      ) : null}
    </>
  );
}
