import { Link } from '@tanstack/react-router';
import { useState, useSyncExternalStore } from 'react';
import { isProblem } from '../../api/problems';
import { session } from '../../api/session';
import { isProgramAdmin } from '../../app/roles';
import { de } from '../../i18n/de';
import { formatDate, formatDayDate, formatTime } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { CancelWorkshopDialog } from './CancelWorkshopDialog';
import { Downloads } from './Downloads';
import { Invitations } from './Invitations';
import { MunicipalitySeats } from './MunicipalitySeats';
import {
  type Registration,
  useMunicipalityNames,
  useRegistrations,
  useWorkshop,
  type Workshop,
} from './queries';
import { Registrations } from './Registrations';
import './workshop-detail.css';

const t = de.workshopDetail;

/** Where: the venue in one line, or "Online". */
export const placeOf = (w: Workshop): string =>
  w.format === 'online' || !w.venue
    ? t.online
    : [w.venue.name, w.venue.street, `${w.venue.postalCode} ${w.venue.city}`].filter(Boolean).join(', ');

function Facts({ workshop }: { workshop: Workshop }) {
  const { days } = workshop;
  const closes = workshop.registrationClosesAt ?? workshop.startsAt;
  return (
    <dl className="details wd-facts">
      <dt>{t.when}</dt>
      <dd>
        <ul className="plain-list">
          {days.map((day, i) => (
            <li key={day.startsAt}>
              {days.length > 1 ? <span className="day-label">{t.day(i + 1)}: </span> : null}
              <span className="nowrap">{formatDayDate(day.startsAt)},</span>{' '}
              <span className="nowrap">{t.time(formatTime(day.startsAt), formatTime(day.endsAt))}</span>
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t.where}</dt>
      <dd>{placeOf(workshop)}</dd>
      <dt>{t.statusLabel}</dt>
      <dd>
        <span className={`wd-badge wd-badge-${workshop.status}`}>{t.status[workshop.status]}</span>
      </dd>
      <dt>{t.registrationWindow}</dt>
      <dd>
        {workshop.registrationOpensAt ? (
          <>
            {t.registrationFrom(
              formatDate(workshop.registrationOpensAt),
              formatTime(workshop.registrationOpensAt),
            )}{' '}
          </>
        ) : null}
        {t.registrationUntil(formatDate(closes), formatTime(closes))}
      </dd>
    </dl>
  );
}

function WorkshopDetail({ workshop }: { workshop: Workshop }) {
  const names = useMunicipalityNames(workshop.municipalityIds);
  const registrations = useRegistrations(workshop.id);
  const [cancelling, setCancelling] = useState(false);
  const open = workshop.status === 'draft' || workshop.status === 'published';
  // Only program administrators may cancel a workshop (moderators run it on the day).
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  // Changing and cancelling a workshop are the program administrators' (as in the API).
  const mayCancel = open && isProgramAdmin(user);
  const list: Registration[] | undefined = registrations.data?.data;

  return (
    <>
      <PageHeader
        title={workshop.title}
        back={
          <Link to="/werkstaetten" className="link">
            <span aria-hidden="true">← </span>
            {t.back}
          </Link>
        }
        actions={
          <>
            {mayCancel ? (
              <Link
                className="button button-secondary wd-action"
                to="/werkstaetten/$workshopId/bearbeiten"
                params={{ workshopId: workshop.id }}
              >
                {t.edit}
              </Link>
            ) : null}
            {workshop.status !== 'cancelled' ? (
              <Link
                className="button button-primary wd-action"
                to="/werkstaetten/$workshopId/check-in"
                params={{ workshopId: workshop.id }}
              >
                {t.checkIn}
              </Link>
            ) : null}
          </>
        }
      />
      {workshop.status === 'cancelled' ? (
        <Alert tone="error" title={t.cancelledTitle}>
          {workshop.cancellationReason ? <p>{t.cancelledReason(workshop.cancellationReason)}</p> : null}
        </Alert>
      ) : null}
      {workshop.status === 'held' ? (
        <Alert tone="info" title={t.heldTitle}>
          <p>{t.heldText}</p>
        </Alert>
      ) : null}
      <section className="card wd-section" aria-label={t.when}>
        <Facts workshop={workshop} />
      </section>
      <MunicipalitySeats workshop={workshop} registrations={list} names={names} />
      <Registrations workshop={workshop} municipalityNames={names} editable={open} />
      {workshop.status !== 'cancelled' ? (
        <Invitations workshop={workshop} municipalityNames={names} editable={open} />
      ) : null}
      <Downloads workshopId={workshop.id} />
      {mayCancel ? (
        <section className="card wd-section wd-danger" aria-labelledby="wd-cancel">
          <h2 id="wd-cancel">{t.cancelWorkshop.title}</h2>
          <p className="wd-intro">{t.cancelWorkshop.intro}</p>
          <div className="wd-inline-actions">
            <Button variant="danger" onClick={() => setCancelling(true)}>
              {t.cancelWorkshop.open}
            </Button>
          </div>
        </section>
      ) : null}
      <CancelWorkshopDialog open={cancelling} workshopId={workshop.id} onClose={() => setCancelling(false)} />
    </>
  );
}

/** `/werkstaetten/$workshopId`: everything the office does with one workshop. */
export function WorkshopDetailPage({ workshopId }: { workshopId: string }) {
  const workshop = useWorkshop(workshopId);
  // A malformed id in the address (400) is as missing as an unknown one (404).
  if (workshop.isError && isProblem(workshop.error) && [400, 404].includes(workshop.error.status)) {
    return (
      <>
        <PageHeader title={de.app.notFoundTitle} />
        <Alert tone="error" title={t.notFound} />
      </>
    );
  }
  return (
    <QueryState query={workshop} loadingLabel={t.loading}>
      {(data) => <WorkshopDetail workshop={data} />}
    </QueryState>
  );
}
