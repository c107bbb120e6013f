import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useMunicipalityDirectory } from './MunicipalitiesPage';
import { MunicipalityForm } from './MunicipalityForm';
import type { Municipality } from './municipality-values';

const t = de.municipalities;

/** After saving, the municipality's page, with a confirmation. */
function useOpenSaved(message: (m: Municipality) => string) {
  const navigate = useNavigate();
  const toast = useToast();
  return useCallback(
    (m: Municipality) => {
      toast('success', message(m));
      void navigate({ to: '/kommunen/$municipalityId', params: { municipalityId: m.id } });
    },
    [navigate, toast, message],
  );
}

const createdMessage = (m: Municipality) => t.form.created(m.name);
const savedMessage = () => t.form.saved;

/** `/kommunen/neu` (program administrators). */
export function CreateMunicipalityPage() {
  const directory = useMunicipalityDirectory();
  const onDone = useOpenSaved(createdMessage);
  return (
    <>
      <PageHeader
        title={t.createTitle}
        back={
          <Link to="/kommunen" className="link">
            {t.backToList}
          </Link>
        }
      />
      <QueryState query={{ ...directory, refetch: () => directory.refetch() }} loadingLabel={t.loading}>
        {(rows) => <MunicipalityForm directory={rows} onDone={onDone} />}
      </QueryState>
    </>
  );
}

/** `/kommunen/{id}/bearbeiten` (program administrators). */
export function EditMunicipalityPage({ municipalityId }: { municipalityId: string }) {
  const municipality = $api.useQuery('get', '/v1/municipalities/{id}', {
    params: { path: { id: municipalityId } },
  });
  const directory = useMunicipalityDirectory();
  const onDone = useOpenSaved(savedMessage);
  const name = municipality.data?.name;
  return (
    <>
      <PageHeader
        title={name ? t.editTitle(name) : t.edit}
        back={
          <Link to="/kommunen/$municipalityId" params={{ municipalityId }} className="link">
            {name ? t.backToDetail(name) : t.backToList}
          </Link>
        }
      />
      <QueryState query={municipality} loadingLabel={t.loading}>
        {(m) => (
          <QueryState query={{ ...directory, refetch: () => directory.refetch() }} loadingLabel={t.loading}>
            {(rows) => <MunicipalityForm key={m.id} municipality={m} directory={rows} onDone={onDone} />}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
