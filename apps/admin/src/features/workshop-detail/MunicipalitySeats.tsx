import { de } from '../../i18n/de';
import type { Registration, Workshop } from './queries';

const t = de.workshopDetail.seats;

export interface SeatRow {
  municipalityId: string;
  name: string;
  host: boolean;
  quota: number | null;
  confirmed: number;
  waitlisted: number;
  free: number;
}

/**
 * Seats per municipality: the quota and confirmed count come with the workshop, the waitlist from the
 * participants. A municipality without a quota may take any seat still free in the workshop.
 */
export function seatRows(
  workshop: Workshop,
  registrations: readonly Registration[] | undefined,
  names: Map<string, string>,
): SeatRow[] {
  return workshop.municipalityIds.map((municipalityId) => {
    const part = workshop.seatsPerMunicipality.find((p) => p.municipalityId === municipalityId);
    const quota = part?.seats ?? null;
    const confirmed = part?.confirmedCount ?? 0;
    const free = Math.max(
      0,
      quota === null ? workshop.seatsLeft : Math.min(quota - confirmed, workshop.seatsLeft),
    );
    return {
      municipalityId,
      name: names.get(municipalityId) ?? '',
      host: municipalityId === workshop.hostMunicipalityId,
      quota,
      confirmed,
      waitlisted: (registrations ?? []).filter(
        (r) => r.municipalityId === municipalityId && r.status === 'waitlisted',
      ).length,
      free,
    };
  });
}

export function MunicipalitySeats({
  workshop,
  registrations,
  names,
}: {
  workshop: Workshop;
  registrations: readonly Registration[] | undefined;
  names: Map<string, string>;
}) {
  return (
    <section className="card wd-section wd-seats" aria-labelledby="wd-seats">
      <h2 id="wd-seats">{t.heading}</h2>
      <p className="wd-capacity">
        {t.capacity(workshop.confirmedCount, workshop.capacity, workshop.seatsLeft)}{' '}
        {t.waitlist(workshop.waitlistCount)}
      </p>
      {/* A list of small cards rather than a table: five columns do not fit a phone without scrolling. */}
      <ul className="plain-list wd-seat-list">
        {seatRows(workshop, registrations, names).map((row) => (
          <li key={row.municipalityId} className="wd-seat">
            <h3 className="wd-seat-name">
              {row.name}
              {row.host ? <span className="wd-host"> ({t.host})</span> : null}
            </h3>
            <dl className="wd-seat-figures">
              <div>
                <dt>{t.quota}</dt>
                <dd>{row.quota === null ? t.noQuota : row.quota}</dd>
              </div>
              <div>
                <dt>{t.confirmed}</dt>
                <dd>{row.confirmed}</dd>
              </div>
              <div>
                <dt>{t.waitlisted}</dt>
                <dd>{row.waitlisted}</dd>
              </div>
              <div>
                <dt>{t.free}</dt>
                <dd>{row.free}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
