import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { ActionFields } from './ActionFields';
import { useMunicipalityNames } from './municipality-names';
import { PendingApplications } from './PendingApplications';
import { StrategiesByStatus } from './StrategiesByStatus';
import { UpcomingWorkshops } from './UpcomingWorkshops';
import './overview.css';

const t = de.overview;

/** How many of the upcoming workshops are listed in full. */
const LISTED_WORKSHOPS = 6;
/** The newest pending applications shown beside their count. */
const NEWEST_APPLICATIONS = 3;

type Workshop = Schema<'Workshop'>;

function StatTiles({
  report,
  upcoming,
}: {
  report: Schema<'ProgramOverview'> | undefined;
  upcoming: { count: number; more: boolean } | undefined;
}) {
  const value = (n: number | undefined, more = false) => (n === undefined ? '–' : `${n}${more ? '+' : ''}`);
  return (
    <section aria-label={t.statsLabel}>
      <dl className="stat-tiles">
        <div className="stat-tile">
          <dt>
            <Link to="/bewerbungen" className="link">
              {t.statPending}
            </Link>
          </dt>
          <dd className="stat-value">{value(report?.applications.pending)}</dd>
        </div>
        <div className="stat-tile">
          <dt>{t.statUpcoming}</dt>
          <dd className="stat-value">{value(upcoming?.count, upcoming?.more)}</dd>
        </div>
        <div className="stat-tile">
          <dt>{t.statMunicipalities}</dt>
          <dd className="stat-value">{value(report?.municipalities.total)}</dd>
        </div>
        <div className="stat-tile">
          <dt>{t.statAdopted}</dt>
          <dd className="stat-value">
            {value(report?.municipalities.adopted)}
            {report ? <span className="stat-of"> {t.statAdoptedOf(report.municipalities.total)}</span> : null}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** `/` for the program office: what is coming up, what waits for a decision, how the strategies stand. */
export function OverviewPage() {
  // Fixed for the page's lifetime, so the query key stays the same across renders.
  const [from] = useState(() => new Date().toISOString());
  const nameOf = useMunicipalityNames();
  const report = $api.useQuery('get', '/v1/reports/overview');
  const workshops = $api.useQuery('get', '/v1/workshops', {
    params: { query: { from, sort: 'startsAt', limit: 100 } },
  });
  const newest = $api.useQuery('get', '/v1/workshop-applications', {
    params: { query: { status: 'pending', sort: '-createdAt', limit: NEWEST_APPLICATIONS } },
  });
  const live = (data: Schema<'WorkshopPage'>): Workshop[] =>
    data.data.filter((w) => w.status !== 'cancelled');
  const upcoming = workshops.data
    ? { count: live(workshops.data).length, more: workshops.data.nextCursor !== null }
    : undefined;

  // The sections appear together, once their data is there: filled in one by one they would push
  // each other down while the reader starts to read (layout shift).
  if (report.isPending || workshops.isPending || newest.isPending) {
    return (
      <>
        <PageHeader title={t.title} subtitle={t.subtitle} />
        <p role="status" className="loading">
          {t.loading}
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <StatTiles report={report.data} upcoming={upcoming} />
      <div className="overview-grid">
        <section className="card overview-upcoming" aria-labelledby="ov-upcoming">
          <h2 id="ov-upcoming">{t.upcoming}</h2>
          <QueryState query={workshops} loadingLabel={t.loading}>
            {(data) => (
              <>
                <UpcomingWorkshops workshops={live(data).slice(0, LISTED_WORKSHOPS)} nameOf={nameOf} />
                <p>
                  <Link to="/werkstaetten" className="link">
                    {t.allWorkshops}
                  </Link>
                </p>
              </>
            )}
          </QueryState>
        </section>
        <section className="card" aria-labelledby="ov-applications">
          <h2 id="ov-applications">{t.applications}</h2>
          <QueryState query={report} loadingLabel={t.loading}>
            {(r) => (
              <PendingApplications
                pending={r.applications.pending}
                newest={newest.data?.data ?? []}
                nameOf={nameOf}
              />
            )}
          </QueryState>
        </section>
        <section className="card" aria-labelledby="ov-strategies">
          <h2 id="ov-strategies">{t.strategies}</h2>
          <QueryState query={report} loadingLabel={t.loading}>
            {(r) => <StrategiesByStatus counts={r.municipalities} />}
          </QueryState>
        </section>
        <section className="card overview-wide" aria-labelledby="ov-fields">
          <h2 id="ov-fields">{t.fields}</h2>
          <p className="muted-line">{t.fieldsIntro}</p>
          <QueryState query={report} loadingLabel={t.loading}>
            {(r) => <ActionFields fields={r.actionFields} />}
          </QueryState>
        </section>
      </div>
    </>
  );
}
