import { Link, useNavigate } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useModerators, useMunicipalities, usePrograms } from './lookups';
import { WorkshopForm } from './WorkshopForm';
import { emptyValues, valuesOf } from './workshop-form';
import './workshops.css';

const f = de.workshopForm;

/** The lists the form chooses from, loaded together: programs, municipalities and moderators. */
function useChoices() {
  const programs = usePrograms();
  const municipalities = useMunicipalities();
  const moderators = useModerators();
  const queries = [programs, municipalities, moderators];
  return {
    isPending: queries.some((q) => q.isPending),
    isError: queries.some((q) => q.isError),
    error: queries.find((q) => q.error)?.error,
    data:
      programs.data && municipalities.data && moderators.data
        ? { programs: programs.data, municipalities: municipalities.data.list, moderators: moderators.data }
        : undefined,
    refetch: () => Promise.all(queries.map((q) => q.refetch())),
  };
}

function useGoToWorkshop() {
  const navigate = useNavigate();
  return (workshop: Schema<'Workshop'>) =>
    navigate({ to: '/werkstaetten/$workshopId', params: { workshopId: workshop.id } });
}

/** `/werkstaetten/neu` */
export function NewWorkshopPage() {
  const choices = useChoices();
  const goTo = useGoToWorkshop();
  return (
    <>
      <PageHeader
        title={f.createTitle}
        back={
          <Link to="/werkstaetten" className="link">
            ← {f.backToList}
          </Link>
        }
      />
      <QueryState query={choices} loadingLabel={f.loading}>
        {(data) => {
          // With one program (the usual case) it is chosen already, with its capacity.
          const only = data.programs.length === 1 ? data.programs[0] : undefined;
          return (
            <WorkshopForm
              initial={emptyValues(only?.id, only ? String(only.maxParticipants) : '')}
              {...data}
              onSaved={goTo}
            />
          );
        }}
      </QueryState>
    </>
  );
}

/** `/werkstaetten/$workshopId/bearbeiten` */
export function EditWorkshopPage({ workshopId }: { workshopId: string }) {
  const choices = useChoices();
  const goTo = useGoToWorkshop();
  const workshop = $api.useQuery('get', '/v1/workshops/{id}', { params: { path: { id: workshopId } } });
  // A new form (and a fresh ETag) each time the version is reloaded after a conflict.
  const [version, setVersion] = useState(0);
  const both = {
    ...choices,
    isPending: choices.isPending || workshop.isPending,
    isError: choices.isError || workshop.isError,
    error: choices.error ?? workshop.error,
    data: choices.data && workshop.data ? { ...choices.data, workshop: workshop.data } : undefined,
    refetch: () => Promise.all([choices.refetch(), workshop.refetch()]),
  };
  return (
    <>
      <PageHeader
        title={f.editTitle}
        subtitle={workshop.data?.title}
        back={
          <Link to="/werkstaetten/$workshopId" params={{ workshopId }} className="link">
            ← {f.backToWorkshop}
          </Link>
        }
      />
      <QueryState query={both} loadingLabel={f.loading}>
        {({ workshop: current, ...data }) => (
          <WorkshopForm
            key={`${current.updatedAt}-${version}`}
            workshop={{ value: current, etag: etagFor(`/v1/workshops/${workshopId}`) }}
            initial={valuesOf(current)}
            {...data}
            onSaved={goTo}
            onReload={async () => {
              await workshop.refetch();
              setVersion((n) => n + 1);
            }}
          />
        )}
      </QueryState>
    </>
  );
}
