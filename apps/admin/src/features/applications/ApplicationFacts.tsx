import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDate, formatTime } from '../../i18n/format';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { formatPreferredDate } from './format';

type Application = Schema<'WorkshopApplication'>;

const t = de.applications;

const statusTone: Record<Application['status'], BadgeTone> = {
  pending: 'info',
  accepted: 'success',
  declined: 'danger',
  withdrawn: 'neutral',
};

interface FactsProps {
  application: Application;
  nameOf: (id: string) => string;
  /** The detail view adds the program, the partners one by one and when it was decided. */
  programName?: string | undefined;
  full?: boolean;
}

const when = (iso: string) => `${formatDate(iso)}, ${formatTime(iso)} Uhr`;

/** What an application holds, as a description list; the inbox shows the gist, the details all. */
export function ApplicationFacts({ application: a, nameOf, programName, full = false }: FactsProps) {
  return (
    <dl className="application-facts">
      {full && programName ? (
        <div>
          <dt>{t.program}</dt>
          <dd>{programName}</dd>
        </div>
      ) : null}
      {full ? (
        <div>
          <dt>{t.partners}</dt>
          <dd>
            {a.partnerMunicipalityIds.length === 0
              ? t.noPartners
              : a.partnerMunicipalityIds.map(nameOf).join(', ')}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t.received}</dt>
        <dd>{full ? when(a.createdAt) : formatDate(a.createdAt)}</dd>
      </div>
      {full && a.decidedAt ? (
        <div>
          <dt>{t.decided}</dt>
          <dd>{when(a.decidedAt)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t.preferredDates}</dt>
        <dd>
          <ul className="plain-list">
            {a.preferredDates.map((d) => (
              <li key={d.date}>{formatPreferredDate(d)}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t.participants}</dt>
        <dd>{a.expectedParticipants}</dd>
      </div>
      <div>
        <dt>{t.contact}</dt>
        <dd>
          <span className="address-line">{a.contact.name}</span>
          <a className="link address-line" href={`mailto:${a.contact.email}`}>
            {a.contact.email}
          </a>
          {a.contact.phone ? (
            <a className="link address-line" href={`tel:${a.contact.phone.replace(/[^+0-9]/g, '')}`}>
              {a.contact.phone}
            </a>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t.message}</dt>
        <dd className={full ? 'application-note' : 'application-note application-note-short'}>
          {a.note || t.noMessage}
        </dd>
      </div>
      {a.status === 'declined' && a.declineReason ? (
        <div>
          <dt>{t.declineReason}</dt>
          <dd className="application-note">{a.declineReason}</dd>
        </div>
      ) : null}
      {a.workshopId ? (
        <div>
          <dt>{t.workshop}</dt>
          <dd>
            <Link to="/werkstaetten/$workshopId" params={{ workshopId: a.workshopId }} className="link">
              {t.openWorkshop}
            </Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export function StatusBadge({ status }: { status: Application['status'] }) {
  return (
    <Badge tone={statusTone[status]}>
      <span className="visually-hidden">{t.statusLabel}: </span>
      {t.status[status]}
    </Badge>
  );
}
