import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { de } from '../../i18n/de';
import { formatDayDate, formatTime } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { checkInList } from './check-in-search';
import { withName } from './problems';
import {
  fullName,
  isCheckInDay,
  type Registration,
  useMunicipalityNames,
  useRegistrations,
  useWorkshop,
  type Workshop,
} from './queries';
import { useCheckIn } from './useCheckIn';
import './workshop-detail.css';

const t = de.checkIn;

interface CheckInListProps {
  workshop: Workshop;
  registrations: readonly Registration[];
  municipalityNames: Map<string, string>;
  /** Off the workshop's days (or when it was cancelled) the list is for reading only. */
  canCheckIn: boolean;
}

/** The search, the running count and the list of names with one button each. */
export function CheckInList({ workshop, registrations, municipalityNames, canCheckIn }: CheckInListProps) {
  const [query, setQuery] = useState('');
  const { toggle, pendingIds } = useCheckIn(workshop.id);
  const everyone = checkInList(registrations, '');
  const shown = query.trim() ? checkInList(registrations, query) : everyone;
  const present = everyone.filter((r) => r.status === 'attended').length;

  return (
    <>
      <div className="ci-bar">
        <div className="field ci-search">
          <label htmlFor="ci-search" className="field-label">
            {t.search}
          </label>
          <p id="ci-search-hint" className="field-hint">
            {t.searchHint}
          </p>
          <input
            id="ci-search"
            type="search"
            className="input ci-search-input"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="ci-search-hint"
            aria-controls="ci-list"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <p className="ci-count" role="status" aria-live="polite">
          {t.count(present, everyone.length)}
        </p>
      </div>
      {everyone.length === 0 ? (
        <div className="empty">
          <p>{t.nobody}</p>
        </div>
      ) : shown.length === 0 ? (
        <div className="empty">
          <p>{t.noMatch(query.trim())}</p>
        </div>
      ) : null}
      <ul id="ci-list" className="plain-list ci-list" aria-label={t.listLabel}>
        {shown.map((r) => {
          const here = r.status === 'attended';
          const name = fullName(r);
          return (
            <li key={r.id} className={`ci-row${here ? ' ci-row-present' : ''}`}>
              <div className="ci-person">
                <span className="ci-name">{name}</span>
                <span className="ci-meta">{municipalityNames.get(r.municipalityId) ?? ''}</span>
                {here && r.attendedAt ? (
                  <span className="ci-present">
                    <span aria-hidden="true">✓ </span>
                    {t.checkedInAt(formatTime(r.attendedAt))}
                  </span>
                ) : null}
              </div>
              {canCheckIn ? (
                <button
                  type="button"
                  className={`ci-toggle ${here ? 'ci-toggle-undo' : 'ci-toggle-in'}`}
                  aria-label={withName(here ? t.undo : t.checkIn, name)}
                  aria-disabled={pendingIds.has(r.id) || undefined}
                  onClick={() => {
                    if (pendingIds.has(r.id)) return;
                    toggle({ registration: r, present: !here });
                  }}
                >
                  {here ? t.undo : t.checkIn}
                </button>
              ) : here ? (
                <span className="ci-present-mark">{t.present}</span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function CheckIn({ workshop }: { workshop: Workshop }) {
  const names = useMunicipalityNames(workshop.municipalityIds);
  const registrations = useRegistrations(workshop.id);
  const cancelled = workshop.status === 'cancelled';
  const today = isCheckInDay(workshop);
  return (
    <div className="ci-page">
      <PageHeader
        title={t.title}
        subtitle={`${workshop.title} · ${formatDayDate(workshop.startsAt)}`}
        back={
          <Link to="/werkstaetten/$workshopId" params={{ workshopId: workshop.id }} className="link">
            <span aria-hidden="true">← </span>
            {t.back}
          </Link>
        }
      />
      {cancelled ? <Alert tone="error" title={t.cancelled} /> : null}
      {!cancelled && !today ? <Alert tone="info" title={t.notToday} /> : null}
      <QueryState query={registrations} loadingLabel={de.workshopDetail.registrations.loading}>
        {(page) => (
          <CheckInList
            workshop={workshop}
            registrations={page.data}
            municipalityNames={names}
            canCheckIn={!cancelled && today}
          />
        )}
      </QueryState>
    </div>
  );
}

/** `/werkstaetten/$workshopId/check-in`: the list at the door, for a tablet. */
export function CheckInPage({ workshopId }: { workshopId: string }) {
  const workshop = useWorkshop(workshopId);
  return (
    <QueryState query={workshop} loadingLabel={de.workshopDetail.loading}>
      {(data) => <CheckIn workshop={data} />}
    </QueryState>
  );
}
