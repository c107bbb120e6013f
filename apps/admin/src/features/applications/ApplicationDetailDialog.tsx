import type { Schema } from '@werkstatt/api-client';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { QueryState } from '../../ui/QueryState';
import { ApplicationFacts, StatusBadge } from './ApplicationFacts';

type Application = Schema<'WorkshopApplication'>;

const t = de.applications;

interface DetailProps {
  id: string;
  /** The application as the inbox already has it; otherwise (a link from the Übersicht) it is read. */
  loaded: Application | undefined;
  nameOf: (id: string) => string;
  mayDecide: boolean;
  onDecide: (kind: 'accept' | 'decline', application: Application) => void;
  onClose: () => void;
}

/** Everything an application holds, with the decision buttons while it is open. */
export function ApplicationDetailDialog({ id, loaded, nameOf, mayDecide, onDecide, onClose }: DetailProps) {
  const single = $api.useQuery(
    'get',
    '/v1/workshop-applications/{id}',
    { params: { path: { id } } },
    { enabled: !loaded },
  );
  const programs = $api.useQuery('get', '/v1/programs', {}, { staleTime: 5 * 60_000 });
  const application = loaded ?? single.data;
  const programName = programs.data?.data.find((p) => p.id === application?.programId)?.name;
  const name = application ? nameOf(application.municipalityId) : '';
  return (
    <Dialog
      open
      title={application ? t.detailTitle(name) : t.details}
      onClose={onClose}
      footer={
        application && mayDecide && application.status === 'pending' ? (
          <>
            <Button onClick={() => onDecide('accept', application)}>{t.accept}</Button>
            <Button variant="danger" onClick={() => onDecide('decline', application)}>
              {t.decline}
            </Button>
          </>
        ) : (
          <Button variant="secondary" onClick={onClose}>
            {de.ui.close}
          </Button>
        )
      }
    >
      <QueryState query={loaded ? { ...single, isPending: false, isError: false, data: loaded } : single}>
        {(a) => (
          <>
            <p>
              <StatusBadge status={a.status} />
            </p>
            <ApplicationFacts application={a} nameOf={nameOf} programName={programName} full />
          </>
        )}
      </QueryState>
    </Dialog>
  );
}
