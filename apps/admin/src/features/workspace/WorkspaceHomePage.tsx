import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { isDeadLink } from '../../api/problems';
import { de } from '../../i18n/de';
import { formatDate, formatDayDate, formatTime } from '../../i18n/format';
import { Badge } from '../../ui/Badge';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useWorkspace, type Workspace } from './useWorkspace';

type Workshop = Schema<'Workshop'>;
type Strategy = Schema<'Strategy'>;
type ActivityEntry = Schema<'ActivityEntry'>;

const text = de.workspace.home;
/** Today in Berlin as yyyy-mm-dd, to compare with the API's dates. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

function StrategyStatus({ strategy }: { strategy: Strategy }) {
  const reviewDue = strategy.nextReviewOn !== null && strategy.nextReviewOn <= today();
  return (
    <dl className="details">
      <dt>{text.status}</dt>
      <dd>
        {strategy.status === 'adopted' ? (
          <Badge tone="success">{text.adopted}</Badge>
        ) : (
          <Badge tone="neutral">{text.draft}</Badge>
        )}
        {strategy.status === 'adopted' && strategy.adoptedOn
          ? ` ${text.adoptedOn(formatDate(strategy.adoptedOn))}`
          : null}
      </dd>
      {strategy.status === 'adopted' && strategy.councilResolution ? (
        <>
          <dt>{text.resolution}</dt>
          <dd>{strategy.councilResolution}</dd>
        </>
      ) : null}
      <dt>{text.visibility}</dt>
      <dd>{strategy.visibility === 'public' ? text.public : text.internal}</dd>
      <dt>{text.nextReview}</dt>
      <dd>
        {strategy.nextReviewOn ? (
          <>
            {formatDate(strategy.nextReviewOn)}{' '}
            {reviewDue ? <Badge tone="danger">{text.reviewDue}</Badge> : null}
          </>
        ) : (
          text.noReview
        )}
      </dd>
    </dl>
  );
}

function StrategyCard({ workspace }: { workspace: Workspace }) {
  const strategy = $api.useQuery(
    'get',
    '/v1/municipalities/{id}/strategy',
    { params: { path: { id: workspace.municipalityId } } },
    { retry: (count, error) => !isDeadLink(error) && count < 2 },
  );
  const params = { municipalityId: workspace.municipalityId };
  return (
    <section className="card" aria-labelledby="home-strategy">
      <h2 id="home-strategy">{text.strategy}</h2>
      {strategy.isError && isDeadLink(strategy.error) ? (
        <>
          <p>{text.noStrategy}</p>
          {workspace.canEdit ? (
            <Link
              to="/arbeitsbereich/$municipalityId/strategie"
              params={params}
              className="button button-primary"
            >
              {text.startStrategy}
            </Link>
          ) : null}
        </>
      ) : (
        <QueryState query={strategy}>
          {(data) => (
            <>
              <p className="home-strategy-title">{data.title}</p>
              <StrategyStatus strategy={data} />
              <Link className="card-link" to="/arbeitsbereich/$municipalityId/strategie" params={params}>
                {workspace.canEdit ? text.editStrategy : text.showStrategy}
              </Link>
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}

function OverdueCard({ workspace }: { workspace: Workspace }) {
  const overdue = $api.useQuery('get', '/v1/municipalities/{id}/measures', {
    params: { path: { id: workspace.municipalityId }, query: { overdue: 'true', limit: 5 } },
  });
  const params = { municipalityId: workspace.municipalityId };
  return (
    <section className="card" aria-labelledby="home-overdue">
      <h2 id="home-overdue">{text.overdue}</h2>
      <QueryState
        query={overdue}
        isEmpty={(page) => page.data.length === 0}
        empty={<p>{text.noneOverdue}</p>}
      >
        {(page) => (
          <>
            <ul className="plain-list home-list">
              {page.data.map((measure) => (
                <li key={measure.id}>
                  <Link
                    to="/arbeitsbereich/$municipalityId/massnahmen/$measureId"
                    params={{ ...params, measureId: measure.id }}
                  >
                    {measure.title}
                  </Link>
                  <span className="muted small">
                    {' '}
                    {measure.endDate && measure.endDate < today()
                      ? text.dueSince(formatDate(measure.endDate))
                      : text.stepOverdue}
                  </span>
                </li>
              ))}
            </ul>
            {page.nextCursor ? (
              <p>
                <Link to="/arbeitsbereich/$municipalityId/massnahmen" params={params}>
                  {text.allMeasures}
                </Link>
              </p>
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}

const placeOf = (workshop: Workshop): string =>
  workshop.format === 'online' || !workshop.venue
    ? de.home.online
    : [workshop.venue.name, workshop.venue.city].filter(Boolean).join(', ');

function NextWorkshopCard({ workspace }: { workspace: Workspace }) {
  // Fixed for the page's lifetime, so the query key stays the same across renders.
  const [from] = useState(() => new Date().toISOString());
  const workshops = $api.useQuery('get', '/v1/workshops', {
    params: {
      query: {
        from,
        sort: 'startsAt',
        limit: 10,
        status: 'published',
        municipalityId: workspace.municipalityId,
      },
    },
  });
  return (
    <section className="card" aria-labelledby="home-workshop">
      <h2 id="home-workshop">{text.nextWorkshop}</h2>
      <QueryState query={workshops} isEmpty={(page) => page.data.length === 0} empty={<p>{de.home.none}</p>}>
        {(page) => {
          const workshop = page.data[0] as Workshop;
          const own = workshop.seatsPerMunicipality.find(
            (s) => s.municipalityId === workspace.municipalityId,
          );
          return (
            <>
              <p className="home-strategy-title">{workshop.title}</p>
              <dl className="details">
                <dt>{de.workshop.when}</dt>
                <dd>
                  <ul className="plain-list">
                    {workshop.days.map((day) => (
                      <li key={day.startsAt}>
                        <span className="nowrap">{formatDayDate(day.startsAt)},</span>{' '}
                        <span className="nowrap">
                          {de.workshop.time(formatTime(day.startsAt), formatTime(day.endsAt))}
                        </span>
                      </li>
                    ))}
                  </ul>
                </dd>
                <dt>{de.home.place}</dt>
                <dd>{placeOf(workshop)}</dd>
                {own ? (
                  <>
                    <dt>{de.home.seats}</dt>
                    <dd>
                      {own.seats === null
                        ? de.home.confirmedOnly(own.confirmedCount)
                        : de.home.seatsOf(own.confirmedCount, own.seats)}
                    </dd>
                  </>
                ) : null}
              </dl>
              <Link
                className="card-link"
                to="/arbeitsbereich/$municipalityId/werkstaetten"
                params={{ municipalityId: workspace.municipalityId }}
              >
                {text.allWorkshops}
              </Link>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function describeChange(entry: ActivityEntry): string {
  const what = text.actions[entry.action as keyof typeof text.actions] ?? text.changed;
  return what(entry.title);
}

function ActivityItem({ entry, municipalityId }: { entry: ActivityEntry; municipalityId: string }) {
  const who = entry.actor.isCaller ? text.you : (entry.actor.name ?? text.someoneElse);
  const change = describeChange(entry);
  return (
    <li className="activity-item">
      <p>
        <strong>{who}</strong> {entry.actor.isCaller ? text.youHave : text.has}{' '}
        {entry.measureId && entry.action !== 'measure.deleted' ? (
          <Link
            to="/arbeitsbereich/$municipalityId/massnahmen/$measureId"
            params={{ municipalityId, measureId: entry.measureId }}
          >
            {change}
          </Link>
        ) : (
          change
        )}
      </p>
      <p className="muted small">
        <time dateTime={entry.occurredAt}>
          {text.at(formatDate(entry.occurredAt), formatTime(entry.occurredAt))}
        </time>
      </p>
    </li>
  );
}

function ActivityCard({ workspace }: { workspace: Workspace }) {
  const activity = $api.useQuery('get', '/v1/municipalities/{id}/activity', {
    params: { path: { id: workspace.municipalityId }, query: { limit: 8 } },
  });
  return (
    <section className="card home-activity" aria-labelledby="home-activity">
      <h2 id="home-activity">{text.activity}</h2>
      <QueryState
        query={activity}
        isEmpty={(page) => page.data.length === 0}
        empty={<p>{text.noActivity}</p>}
      >
        {(page) => (
          <ul className="plain-list">
            {page.data.map((entry) => (
              <ActivityItem key={entry.id} entry={entry} municipalityId={workspace.municipalityId} />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

/**
 * A municipality's home: where its strategy stands, what is overdue, the next workshop, and what
 * colleagues changed lately.
 */
export function WorkspaceHomePage() {
  const workspace = useWorkspace();
  return (
    <>
      <PageHeader title={de.workspace.nav.home} subtitle={workspace.municipality.name} />
      <div className="home-grid">
        <StrategyCard workspace={workspace} />
        <OverdueCard workspace={workspace} />
        <NextWorkshopCard workspace={workspace} />
        <ActivityCard workspace={workspace} />
      </div>
    </>
  );
}
