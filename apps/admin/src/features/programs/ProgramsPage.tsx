import { Link } from '@tanstack/react-router';
import { $api } from '../../api/client';
import { useIsProgramAdmin } from '../../app/useCurrentUser';
import { de } from '../../i18n/de';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { kindOptions } from '../municipalities/municipality-values';
import { germanDate, type Program } from './program-values';
import '../../ui/layout.css';

const t = de.programs;

export const periodOf = (p: Program): string =>
  t.period(germanDate(p.startsOn), p.endsOn ? germanDate(p.endsOn) : null);

/** `/programme`: the programs with their period and limits; program administrators create one. */
export function ProgramsPage() {
  const canManage = useIsProgramAdmin();
  const programs = $api.useQuery('get', '/v1/programs', { params: { query: { limit: 200 } } });
  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={canManage ? t.intro : t.readOnly}
        actions={
          canManage ? (
            <Link to="/programme/neu" className="button button-primary">
              {t.create}
            </Link>
          ) : null
        }
      />
      <QueryState
        query={programs}
        loadingLabel={t.loading}
        isEmpty={(page) => page.data.length === 0}
        empty={<p>{t.empty}</p>}
      >
        {(page) => (
          <DataTable
            caption={t.caption}
            captionHidden
            rows={page.data}
            rowKey={(p) => p.id}
            initialSort={{ key: 'period', direction: 'descending' }}
            columns={[
              {
                key: 'name',
                header: t.columns.name,
                rowHeader: true,
                sortValue: (p) => p.name,
                cell: (p) => (
                  <Link to="/programme/$programId" params={{ programId: p.id }} className="link">
                    {p.name}
                  </Link>
                ),
              },
              {
                key: 'period',
                header: t.columns.period,
                sortValue: (p) => p.startsOn,
                cell: (p) => periodOf(p),
              },
              {
                key: 'kinds',
                header: t.columns.kinds,
                cell: (p) => t.kindsCount(p.eligibleKinds.length, kindOptions.length),
              },
              {
                key: 'participants',
                header: t.columns.participants,
                numeric: true,
                sortValue: (p) => p.maxParticipants,
                cell: (p) => p.maxParticipants,
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
