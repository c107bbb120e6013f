/**
 * The workshop form's data: the values as typed, the request body they stand for, and what can be
 * checked before sending. Field names are the API's paths (`days.1.endsAt`, `municipalities.0.seats`),
 * so a problem's path finds its control (workshop-problems.ts).
 */
import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import {
  addDays,
  berlinInstant,
  berlinWallTime,
  germanDate,
  parseGermanDate,
  parseTime,
} from './berlin-time';

type Workshop = Schema<'Workshop'>;
type CreateBody = Schema<'CreateWorkshopInput'>;
type UpdateBody = Schema<'UpdateWorkshopInput'>;
export type Status = 'draft' | 'published' | 'held';

/** Dates as typed in German ("10.02.2027"), times on the 24-hour clock ("09:00"), Berlin time. */
export interface DayValues {
  key: number;
  date: string;
  startsAt: string;
  endsAt: string;
}
export interface MunicipalityValues {
  key: number;
  municipalityId: string;
  seats: string;
}
export interface Values {
  programId: string;
  title: string;
  format: Schema<'WorkshopFormat'>;
  days: DayValues[];
  venue: { name: string; street: string; postalCode: string; city: string };
  onlineUrl: string;
  municipalities: MunicipalityValues[];
  capacity: string;
  moderatorIds: string[];
  registrationOpensAt: string;
  registrationOpensTime: string;
  registrationClosesAt: string;
  registrationClosesTime: string;
  status: Status;
  notes: string;
}

export type FieldErrors = Record<string, string>;

/** What the checks need to know beyond the values. */
export interface FormContext {
  program: Pick<Schema<'Program'>, 'maxMunicipalitiesPerWorkshop' | 'maxParticipants'> | undefined;
  municipalityName: (id: string) => string;
  municipalityKind?: (id: string) => string | undefined;
  moderatorName: (id: string) => string;
}

export const MAX_DAYS = 7;
let nextKey = 1;
export const newKey = (): number => nextKey++;

export function emptyValues(programId = '', capacity = ''): Values {
  return {
    programId,
    title: '',
    format: 'onsite',
    days: [{ key: newKey(), date: '', startsAt: '09:00', endsAt: '16:30' }],
    venue: { name: '', street: '', postalCode: '', city: '' },
    onlineUrl: '',
    municipalities: [{ key: newKey(), municipalityId: '', seats: '' }],
    capacity,
    moderatorIds: [],
    registrationOpensAt: '',
    registrationOpensTime: '',
    registrationClosesAt: '',
    registrationClosesTime: '',
    status: 'draft',
    notes: '',
  };
}

/** The next day a "Weiteren Tag" button adds: the day after the last one, at the same hours. */
export function nextDay(days: readonly DayValues[]): DayValues {
  const last = days[days.length - 1];
  const lastDate = last ? parseGermanDate(last.date) : undefined;
  return {
    key: newKey(),
    date: lastDate ? germanDate(addDays(lastDate, 1)) : '',
    startsAt: last?.startsAt ?? '09:00',
    endsAt: last?.endsAt ?? '16:30',
  };
}

const local = (iso: string | null): string => (iso ? berlinWallTime(iso) : '');

/** The instant of a day's date and time as typed; undefined while either does not parse. */
export function typedInstant(date: string, time: string): string | undefined {
  const d = parseGermanDate(date);
  const t = parseTime(time);
  return d && t ? berlinInstant(d, t) : undefined;
}

/** The registration window's ends: the time may be left out (from 00:00, until 23:59). */
const registrationInstant = (date: string, time: string, fallback: string): string | undefined =>
  typedInstant(date, time.trim() || fallback);

/** A stored workshop as form values, in Berlin wall time. */
export function valuesOf(w: Workshop): Values {
  const seats = new Map(w.seatsPerMunicipality.map((s) => [s.municipalityId, s.seats]));
  return {
    programId: w.programId,
    title: w.title,
    format: w.format,
    days: w.days.map((d) => ({
      key: newKey(),
      date: germanDate(d.startsAtLocal.slice(0, 10)),
      startsAt: d.startsAtLocal.slice(11, 16),
      endsAt: d.endsAtLocal.slice(11, 16),
    })),
    venue: w.venue ? { ...w.venue } : { name: '', street: '', postalCode: '', city: '' },
    onlineUrl: w.onlineUrl ?? '',
    municipalities: w.municipalityIds.map((id) => ({
      key: newKey(),
      municipalityId: id,
      seats: seats.get(id) == null ? '' : String(seats.get(id)),
    })),
    capacity: String(w.capacity),
    moderatorIds: [...w.moderatorIds],
    registrationOpensAt: germanDate(local(w.registrationOpensAt).slice(0, 10)),
    registrationOpensTime: local(w.registrationOpensAt).slice(11, 16),
    registrationClosesAt: germanDate(local(w.registrationClosesAt).slice(0, 10)),
    registrationClosesTime: local(w.registrationClosesAt).slice(11, 16),
    status: w.status === 'cancelled' ? 'draft' : w.status,
    notes: w.notes,
  };
}

/** The request body of valid values (run `checkValues` first). */
export type WorkshopBody = Omit<CreateBody, 'status'> & { status: Status };
export function bodyOf(v: Values): WorkshopBody {
  const days = v.days.map((d) => ({
    startsAt: typedInstant(d.date, d.startsAt) as string,
    endsAt: typedInstant(d.date, d.endsAt) as string,
  }));
  const municipalities = v.municipalities.map((m) => ({
    municipalityId: m.municipalityId,
    seats: m.seats.trim() === '' ? null : Number(m.seats),
  }));
  return {
    programId: v.programId,
    title: v.title.trim(),
    format: v.format,
    startsAt: days[0]?.startsAt as string,
    endsAt: days[days.length - 1]?.endsAt as string,
    // One day is the plain start..end block; several are listed one by one.
    days: days.length > 1 ? days : null,
    venue:
      v.format === 'onsite'
        ? {
            name: v.venue.name.trim(),
            street: v.venue.street.trim(),
            postalCode: v.venue.postalCode.trim(),
            city: v.venue.city.trim(),
          }
        : null,
    onlineUrl: v.format === 'online' ? v.onlineUrl.trim() : null,
    municipalities,
    hostMunicipalityId: municipalities[0]?.municipalityId,
    moderatorIds: v.moderatorIds,
    capacity: Number(v.capacity),
    registrationOpensAt: v.registrationOpensAt.trim()
      ? (registrationInstant(v.registrationOpensAt, v.registrationOpensTime, '00:00') ?? null)
      : null,
    registrationClosesAt: v.registrationClosesAt.trim()
      ? (registrationInstant(v.registrationClosesAt, v.registrationClosesTime, '23:59') ?? null)
      : null,
    status: v.status,
    notes: v.notes,
  };
}

/** Compares instants by the moment they name, whatever offset they were written with. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, x) =>
    typeof x === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(x) ? Date.parse(x) : (x as unknown),
  );

/**
 * Only what changed, for PATCH: an unchanged date is not sent again (no "rescheduled" mail to the
 * participants), and the schedule travels together, since the days must lie inside start..end.
 */
export function changesOf(initial: Values, current: Values): UpdateBody | null {
  const before = bodyOf(initial);
  const after = bodyOf(current);
  const changed: Record<string, unknown> = {};
  const keys = Object.keys(after).filter((k) => k !== 'programId') as (keyof typeof after)[];
  for (const key of keys) {
    if (canonical(before[key]) !== canonical(after[key])) changed[key] = after[key];
  }
  if ('startsAt' in changed || 'endsAt' in changed || 'days' in changed) {
    Object.assign(changed, { startsAt: after.startsAt, endsAt: after.endsAt, days: after.days });
  }
  if ('municipalities' in changed) changed.hostMunicipalityId = after.hostMunicipalityId;
  else delete changed.hostMunicipalityId;
  return Object.keys(changed).length > 0 ? (changed as UpdateBody) : null;
}

/** The fields in the order of the form, which is also the order of the error summary. */
export function fieldOrder(v: Values): string[] {
  return [
    'programId',
    'title',
    'format',
    ...v.days.flatMap((_, i) => [`days.${i}.date`, `days.${i}.startsAt`, `days.${i}.endsAt`]),
    'venue.name',
    'venue.street',
    'venue.postalCode',
    'venue.city',
    'onlineUrl',
    'capacity',
    ...v.municipalities.flatMap((_, i) => [
      `municipalities.${i}.municipalityId`,
      `municipalities.${i}.seats`,
    ]),
    'moderatorIds',
    'registrationOpensAt',
    'registrationOpensTime',
    'registrationClosesAt',
    'registrationClosesTime',
    'status',
    'notes',
  ];
}

const wholeNumber = (s: string, min: number, max: number): boolean =>
  /^\d+$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;

/** What can be told without the server. The API checks the rest (overlaps, the program's period …). */
export function checkValues(v: Values, ctx: FormContext): FieldErrors {
  const m = de.workshopForm.missing;
  const e = de.workshopForm.errors;
  const errors: FieldErrors = {};
  if (!v.programId) errors.programId = m.programId;
  if (!v.title.trim()) errors.title = m.title;
  else if (v.title.trim().length > 200) errors.title = e.title;

  let previousEnd: string | undefined;
  v.days.forEach((d, i) => {
    const n = i + 1;
    const date = parseGermanDate(d.date);
    const starts = parseTime(d.startsAt);
    const ends = parseTime(d.endsAt);
    if (!d.date.trim()) errors[`days.${i}.date`] = m.date(n);
    else if (!date) errors[`days.${i}.date`] = e.dateFormat(n);
    if (!d.startsAt.trim()) errors[`days.${i}.startsAt`] = m.startsAt(n);
    else if (!starts) errors[`days.${i}.startsAt`] = e.startsAtFormat(n);
    if (!d.endsAt.trim()) errors[`days.${i}.endsAt`] = m.endsAt(n);
    else if (!ends) errors[`days.${i}.endsAt`] = e.endsAtFormat(n);
    if (!date || !starts || !ends) return;
    const start = berlinInstant(date, starts);
    const end = berlinInstant(date, ends);
    if (!start) errors[`days.${i}.startsAt`] = e.dayTimeSkipped(n);
    if (!end) errors[`days.${i}.endsAt`] = e.dayTimeSkipped(n);
    if (!start || !end) return;
    if (Date.parse(end) <= Date.parse(start)) errors[`days.${i}.endsAt`] = e.dayEndsBeforeStart(n);
    else if (previousEnd && Date.parse(start) < Date.parse(previousEnd))
      errors[`days.${i}.date`] = e.dayOverlapsPrevious(n);
    previousEnd = end;
  });

  if (v.format === 'onsite') {
    if (!v.venue.name.trim()) errors['venue.name'] = m.venueName;
    else if (v.venue.name.trim().length > 200) errors['venue.name'] = e.venueName;
    if (!v.venue.street.trim()) errors['venue.street'] = m.street;
    else if (v.venue.street.trim().length > 200) errors['venue.street'] = e.street;
    if (!v.venue.postalCode.trim()) errors['venue.postalCode'] = m.postalCode;
    else if (!/^\d{5}$/.test(v.venue.postalCode.trim())) errors['venue.postalCode'] = e.postalCode;
    if (!v.venue.city.trim()) errors['venue.city'] = m.city;
    else if (v.venue.city.trim().length > 100) errors['venue.city'] = e.city;
  } else if (!v.onlineUrl.trim()) errors.onlineUrl = m.onlineUrl;
  else if (!/^https:\/\/[^\s/]+\.[^\s]+$/.test(v.onlineUrl.trim())) errors.onlineUrl = e.onlineUrl;

  const max = ctx.program?.maxParticipants ?? 500;
  const capacity = Number(v.capacity);
  if (!v.capacity.trim()) errors.capacity = m.capacity;
  else if (!wholeNumber(v.capacity, 1, 500)) errors.capacity = e.capacity;
  else if (capacity > max) errors.capacity = e.capacityAboveProgram(max);

  const seen = new Set<string>();
  v.municipalities.forEach((row, i) => {
    const n = i + 1;
    if (!row.municipalityId) errors[`municipalities.${i}.municipalityId`] = m.municipality(n);
    else if (seen.has(row.municipalityId))
      errors[`municipalities.${i}.municipalityId`] = e.municipalityTwice(n);
    seen.add(row.municipalityId);
    if (row.seats.trim() === '') return;
    if (!wholeNumber(row.seats, 0, 500)) errors[`municipalities.${i}.seats`] = e.seats(n);
    else if (!errors.capacity && Number(row.seats) > capacity)
      errors[`municipalities.${i}.seats`] = e.seatsAboveCapacity(n, capacity);
  });
  const maxMunicipalities = ctx.program?.maxMunicipalitiesPerWorkshop;
  if (maxMunicipalities !== undefined && v.municipalities.length > maxMunicipalities) {
    errors[`municipalities.${maxMunicipalities}.municipalityId`] = e.tooManyMunicipalities(maxMunicipalities);
  }

  const window = [
    ['registrationOpensAt', 'registrationOpensTime', '00:00'],
    ['registrationClosesAt', 'registrationClosesTime', '23:59'],
  ] as const;
  const [opens, closes] = window.map(([dateKey, timeKey, fallback]) => {
    const date = v[dateKey].trim();
    const time = v[timeKey].trim();
    if (!date && !time) return null;
    if (!date) errors[dateKey] = e.registrationDateMissing;
    else if (!parseGermanDate(date)) errors[dateKey] = e.registrationDate;
    if (time && !parseTime(time)) errors[timeKey] = e.registrationTime;
    return registrationInstant(date, time, fallback) ?? null;
  });
  if (opens && closes && Date.parse(closes) <= Date.parse(opens))
    errors.registrationClosesAt = e.registrationOrder;
  if (v.notes.length > 10_000) errors.notes = e.notes;
  return errors;
}
