import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useWorkspace } from '../workspace/useWorkspace';
import { StrategyEditor } from './StrategyEditor';
import { StrategyStatus } from './StrategyStatus';
import { StrategyView } from './StrategyView';
import { adoptionOf } from './strategy-form';
import './strategy.css';

const s = de.strategy;

/**
 * `/arbeitsbereich/$municipalityId/strategie`: the strategy editor for those who may edit, the same
 * strategy read-only for everyone else. A municipality without a strategy is not an error: an editor
 * starts one here, a reader is told there is none yet.
 */
export function StrategyPage() {
  const { municipalityId, municipality, canEdit } = useWorkspace();
  const strategy = $api.useQuery(
    'get',
    '/v1/municipalities/{id}/strategy',
    { params: { path: { id: municipalityId } } },
    { retry: (count, error) => !(isProblem(error) && error.status === 404) && count < 2 },
  );
  const programs = $api.useQuery(
    'get',
    '/v1/programs',
    { params: { query: { limit: 200 } } },
    { enabled: canEdit },
  );
  const missing = isProblem(strategy.error) && strategy.error.status === 404;
  const both = {
    isPending: (strategy.isPending && !missing) || (canEdit && programs.isPending),
    isError: (strategy.isError && !missing) || (canEdit && programs.isError),
    error: missing ? programs.error : (strategy.error ?? programs.error),
    data:
      (strategy.data || missing) && (!canEdit || programs.data)
        ? { strategy: strategy.data ?? null, programs: programs.data?.data ?? [] }
        : undefined,
    refetch: () => Promise.all([strategy.refetch(), programs.refetch()]),
  };
  return (
    <>
      <PageHeader
        title={s.title}
        subtitle={
          !canEdit && strategy.data ? <StrategyStatus adoption={adoptionOf(strategy.data)} /> : undefined
        }
      />
      <QueryState query={both} loadingLabel={s.loading}>
        {(data) =>
          canEdit ? (
            <StrategyEditor
              key={municipalityId}
              municipalityId={municipalityId}
              municipalityName={municipality.name}
              strategy={data.strategy}
              etag={etagFor(`/v1/municipalities/${municipalityId}/strategy`)}
              programs={data.programs}
            />
          ) : data.strategy ? (
            <StrategyView strategy={data.strategy} />
          ) : (
            <p className="empty">{s.none}</p>
          )
        }
      </QueryState>
    </>
  );
}
