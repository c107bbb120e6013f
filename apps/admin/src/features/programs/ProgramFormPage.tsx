import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { ProgramForm } from './ProgramForm';
import type { Program } from './program-values';

const t = de.programs;

/** After saving, the program's page, with a confirmation. */
function useOpenSaved(created: boolean) {
  const navigate = useNavigate();
  const toast = useToast();
  return useCallback(
    (p: Program) => {
      toast('success', created ? t.form.created(p.name) : t.form.saved);
      void navigate({ to: '/programme/$programId', params: { programId: p.id } });
    },
    [navigate, toast, created],
  );
}

/** `/programme/neu` (program administrators). */
export function CreateProgramPage() {
  const onDone = useOpenSaved(true);
  return (
    <>
      <PageHeader
        title={t.createTitle}
        back={
          <Link to="/programme" className="link">
            {t.backToList}
          </Link>
        }
      />
      <ProgramForm onDone={onDone} />
    </>
  );
}

/** `/programme/{id}/bearbeiten` (program administrators). */
export function EditProgramPage({ programId }: { programId: string }) {
  const program = $api.useQuery('get', '/v1/programs/{id}', { params: { path: { id: programId } } });
  const onDone = useOpenSaved(false);
  const name = program.data?.name;
  return (
    <>
      <PageHeader
        title={name ? t.editTitle(name) : t.edit}
        back={
          <Link to="/programme/$programId" params={{ programId }} className="link">
            {name ? t.backToDetail(name) : t.backToList}
          </Link>
        }
      />
      <QueryState query={program} loadingLabel={t.loading}>
        {(p) => <ProgramForm key={p.id} program={p} onDone={onDone} />}
      </QueryState>
    </>
  );
}
