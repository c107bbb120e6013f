import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { formatDayDate, formatTime } from '../../i18n/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { QueryState } from '../../ui/QueryState';
import { outcomeOf } from './colleagues';

type Workshop = Schema<'Workshop'>;
type Registration = Schema<'Registration'>;
const t = de.municipalityWorkshops;

const placeOf = (w: Workshop): string =>
  w.format === 'online' || !w.venue ? t.online : [w.venue.name, w.venue.city].filter(Boolean).join(', ');

/** Whether the API would take a registration now: published, not over, inside its window. */
export function registrationOpen(w: Workshop, now = Date.now()): boolean {
  if (w.status !== 'published' || Date.parse(w.endsAt) <= now) return false;
  if (w.registrationOpensAt && Date.parse(w.registrationOpensAt) > now) return false;
  if (w.registrationClosesAt && Date.parse(w.registrationClosesAt) <= now) return false;
  return true;
}

function SeatsLine({ workshop, municipalityId }: { workshop: Workshop; municipalityId: string }) {
  const own = workshop.seatsPerMunicipality.find((s) => s.municipalityId === municipalityId);
  return (
    <>
      <dt>{t.seats}</dt>
      <dd>
        {own ? (
          own.seats === null ? (
            t.noQuota(own.confirmedCount)
          ) : (
            <>
              {t.seatsOf(own.confirmedCount, own.seats)}
              {own.confirmedCount >= own.seats ? <span className="seats-full"> {t.seatsFull}</span> : null}
            </>
          )
        ) : null}
        <span className="seats-total">
          {' '}
          {t.totalLeft(workshop.seatsLeft, workshop.capacity)}
          {workshop.waitlistCount > 0 ? ` ${t.waitlist(workshop.waitlistCount)}.` : null}
        </span>
      </dd>
    </>
  );
}

function RegistrationWindow({ workshop }: { workshop: Workshop }) {
  const now = Date.now();
  const opens = workshop.registrationOpensAt;
  const closes = workshop.registrationClosesAt;
  if (workshop.status !== 'published' || Date.parse(workshop.endsAt) <= now) return null;
  const text =
    opens && Date.parse(opens) > now
      ? t.registrationFrom(formatDateTime(opens))
      : closes
        ? t.registrationUntil(formatDateTime(closes))
        : t.registrationOpen;
  return (
    <>
      <dt>{t.registration}</dt>
      <dd>{text}</dd>
    </>
  );
}

/** Seats first, then the waitlist in its order, those still to confirm, cancelled last. */
const statusRank = (r: Registration): number =>
  ({
    attended: 0,
    confirmed: 0,
    waitlisted: 1000 + (r.waitlistPosition ?? 0),
    pending: 5000,
    cancelled: 9000,
  })[r.status];

/** The municipality's own participants of one workshop; read only when someone opens the list. */
function MunicipalityRegistrations({
  workshop,
  municipalityId,
}: {
  workshop: Workshop;
  municipalityId: string;
}) {
  const list = $api.useQuery('get', '/v1/workshops/{id}/registrations', {
    params: { path: { id: workshop.id }, query: { municipalityId, limit: 200 } },
  });
  return (
    <QueryState
      query={list}
      loadingLabel={t.registrationsLoading}
      isEmpty={(page) => page.data.length === 0}
      empty={<p>{t.registrationsEmpty}</p>}
    >
      {(page) => (
        <ul className="plain-list reg-list" aria-label={t.registrationsCaption(workshop.title)}>
          {[...page.data]
            .sort((a, b) => statusRank(a) - statusRank(b))
            .map((r) => {
              const outcome = outcomeOf(r);
              return (
                <li key={r.id} className={`reg-item${r.status === 'cancelled' ? ' reg-cancelled' : ''}`}>
                  <span className="reg-person">
                    <span className="reg-name">
                      {r.anonymizedAt ? t.erased : `${r.firstName} ${r.lastName}`}
                    </span>
                    {r.anonymizedAt ? null : <span className="reg-email">{r.email}</span>}
                  </span>
                  <Badge tone={outcome.tone}>{outcome.label}</Badge>
                </li>
              );
            })}
        </ul>
      )}
    </QueryState>
  );
}

interface WorkshopCardProps {
  workshop: Workshop;
  municipalityId: string;
  /** Offered only to those the API lets register (the municipality's admins and editors, the office). */
  onRegister?: (workshop: Workshop) => void;
}

/** One workshop: when and where, the municipality's seats, and its own registrations. */
export function WorkshopCard({ workshop, municipalityId, onRegister }: WorkshopCardProps) {
  const [showRegistrations, setShowRegistrations] = useState(false);
  const open = registrationOpen(workshop);
  const tone =
    workshop.status === 'cancelled' ? 'danger' : workshop.status === 'published' ? 'success' : 'neutral';
  return (
    <li className="mw-card">
      <div className="mw-card-head">
        <h3>{workshop.title}</h3>
        <Badge tone={tone}>{t.status[workshop.status]}</Badge>
      </div>
      <dl className="details">
        <dt>{t.when}</dt>
        <dd>
          <ul className="plain-list">
            {workshop.days.map((day, i) => (
              <li key={day.startsAt}>
                {workshop.days.length > 1 ? (
                  <span className="day-label">{de.workshop.day(i + 1)}: </span>
                ) : null}
                <span className="nowrap">{formatDayDate(day.startsAt)},</span>{' '}
                <span className="nowrap">
                  {de.workshop.time(formatTime(day.startsAt), formatTime(day.endsAt))}
                </span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t.where}</dt>
        <dd>{placeOf(workshop)}</dd>
        <SeatsLine workshop={workshop} municipalityId={municipalityId} />
        <RegistrationWindow workshop={workshop} />
      </dl>
      {onRegister && open ? (
        <p className="mw-actions">
          <Button aria-label={t.registerFor(workshop.title)} onClick={() => onRegister(workshop)}>
            {t.register}
          </Button>
        </p>
      ) : null}
      <details
        className="mw-registrations"
        onToggle={(e) => setShowRegistrations((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>{t.registrationsShow}</summary>
        {showRegistrations ? (
          <MunicipalityRegistrations workshop={workshop} municipalityId={municipalityId} />
        ) : null}
      </details>
    </li>
  );
}
