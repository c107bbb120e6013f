import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { $api } from '../../api/client';
import { session } from '../../api/session';
import { isProgramAdmin } from '../../app/roles';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useMunicipalityNames } from '../overview/municipality-names';
import { AcceptDialog } from './AcceptDialog';
import { ApplicationDetailDialog } from './ApplicationDetailDialog';
import { ApplicationFacts, StatusBadge } from './ApplicationFacts';
import { DeclineDialog } from './DeclineDialog';
import './applications.css';
import { LoadMore } from '../../ui/LoadMore';

type Application = Schema<'WorkshopApplication'>;

export const statusFilters = ['pending', 'accepted', 'declined', 'withdrawn', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

const t = de.applications;
const PAGE_SIZE = 20;

interface ApplicationsPageProps {
  status: StatusFilter;
  openId: string | null;
  onOpen: (id: string | null) => void;
}

function Filters({ current }: { current: StatusFilter }) {
  return (
    <nav aria-label={t.filterLabel}>
      <ul className="filter-tabs">
        {statusFilters.map((status) => (
          <li key={status}>
            <Link
              to="/bewerbungen"
              search={status === 'pending' ? {} : { status }}
              className={`filter-tab${status === current ? ' is-current' : ''}`}
              aria-current={status === current ? 'page' : undefined}
            >
              {t.filters[status]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

type Decision = { kind: 'accept' | 'decline'; application: Application } | null;

/** The program office's inbox: applications newest first, filtered by status, decided in dialogs. */
export function ApplicationsPage({ status, openId, onOpen }: ApplicationsPageProps) {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const mayDecide = isProgramAdmin(user);
  const nameOf = useMunicipalityNames();
  const [decision, setDecision] = useState<Decision>(null);
  // After a decision the card that opened the dialog may have left the list: focus goes to the list.
  const listRef = useRef<HTMLElement>(null);
  const [decided, setDecided] = useState(0);
  useEffect(() => {
    if (decided > 0) listRef.current?.focus();
  }, [decided]);
  const done = () => {
    setDecision(null);
    setDecided((n) => n + 1);
  };
  const list = $api.useInfiniteQuery(
    'get',
    '/v1/workshop-applications',
    {
      params: {
        query: { sort: '-createdAt', limit: PAGE_SIZE, ...(status === 'all' ? {} : { status }) },
      },
    },
    {
      pageParamName: 'cursor',
      // The first page has no cursor; the client sends 0 for an undefined one, which the API refuses.
      initialPageParam: '',
      getNextPageParam: (last: Schema<'WorkshopApplicationPage'>) => last.nextCursor ?? undefined,
    },
  );
  const applications = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <Filters current={status} />
      {!mayDecide ? <Alert tone="info" title={t.onlyAdmins} /> : null}
      <section ref={listRef} tabIndex={-1} aria-label={t.listLabel} className="application-region">
        <QueryState
          query={{ ...list, data: list.data ? applications : undefined }}
          loadingLabel={t.loading}
          isEmpty={(rows) => rows.length === 0}
          empty={<p>{t.empty[status]}</p>}
        >
          {(rows) => (
            <>
              <ul className="plain-list application-list">
                {rows.map((a) => {
                  const name = nameOf(a.municipalityId);
                  return (
                    <li key={a.id}>
                      <article className="card application" aria-labelledby={`application-${a.id}`}>
                        <div className="application-head">
                          <h2 id={`application-${a.id}`}>{name}</h2>
                          <StatusBadge status={a.status} />
                        </div>
                        {a.partnerMunicipalityIds.length > 0 ? (
                          <p className="application-partners">
                            {t.withPartners(a.partnerMunicipalityIds.map(nameOf).join(', '))}
                          </p>
                        ) : null}
                        <ApplicationFacts application={a} nameOf={nameOf} />
                        <div className="application-actions">
                          <Button
                            variant="secondary"
                            aria-label={t.detailsOf(name)}
                            onClick={() => onOpen(a.id)}
                          >
                            {t.details}
                          </Button>
                          {mayDecide && a.status === 'pending' ? (
                            <>
                              <Button
                                aria-label={t.acceptOf(name)}
                                onClick={() => setDecision({ kind: 'accept', application: a })}
                              >
                                {t.accept}
                              </Button>
                              <Button
                                variant="danger"
                                aria-label={t.declineOf(name)}
                                onClick={() => setDecision({ kind: 'decline', application: a })}
                              >
                                {t.decline}
                              </Button>
                            </>
                          ) : null}
                        </div>
                      </article>
                    </li>
                  );
                })}
              </ul>
              <div className="application-more">
                <p className="muted-line" role="status">
                  {t.shown(rows.length)}
                </p>
                <LoadMore pages={list} busyLabel={t.loadingMore} />
              </div>
            </>
          )}
        </QueryState>
      </section>
      {openId ? (
        <ApplicationDetailDialog
          id={openId}
          loaded={applications.find((a) => a.id === openId)}
          nameOf={nameOf}
          mayDecide={mayDecide}
          onDecide={(kind, application) => {
            onOpen(null);
            setDecision({ kind, application });
          }}
          onClose={() => onOpen(null)}
        />
      ) : null}
      {decision?.kind === 'accept' ? (
        <AcceptDialog
          application={decision.application}
          applicantName={nameOf(decision.application.municipalityId)}
          onClose={() => setDecision(null)}
          onDone={done}
        />
      ) : null}
      {decision?.kind === 'decline' ? (
        <DeclineDialog
          application={decision.application}
          applicantName={nameOf(decision.application.municipalityId)}
          onClose={() => setDecision(null)}
          onDone={done}
        />
      ) : null}
    </>
  );
}
