/** The API's problems with a workshop as German messages at the form's fields. */
import type { Problem } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import type { FieldErrors, FormContext, Values } from './workshop-form';

const uuidIn = (text: string): string | undefined =>
  text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0];

/** The API's field error at `path` (without `body.`) as a German message at one of the form's fields. */
function fieldError(path: string, message: string, v: Values, ctx: FormContext): [string, string] | null {
  const e = de.workshopForm.errors;
  const m = de.workshopForm.missing;
  const parts = path.split('.');
  const [head, second, third] = parts;
  const index = Number(second);
  const lastDay = v.days.length - 1;
  switch (head) {
    case 'programId':
      return ['programId', m.programId];
    case 'title':
      return ['title', v.title.trim() ? e.title : m.title];
    case 'startsAt':
      return ['days.0.date', e.dayInvalid(1)];
    case 'endsAt':
      return [`days.${lastDay}.endsAt`, e.dayEndsBeforeStart(lastDay + 1)];
    case 'days': {
      if (Number.isNaN(index)) return ['days.0.date', e.dayInvalid(1)];
      if (third === 'endsAt') return [`days.${index}.endsAt`, e.dayEndsBeforeStart(index + 1)];
      if (third === 'startsAt' && index > 0) return [`days.${index}.date`, e.dayOverlapsPrevious(index + 1)];
      return [`days.${index}.date`, e.dayInvalid(index + 1)];
    }
    case 'venue': {
      const key = (second ?? 'name') as 'name' | 'street' | 'postalCode' | 'city';
      const texts = { name: e.venueName, street: e.street, postalCode: e.postalCode, city: e.city };
      return [`venue.${key}`, texts[key] ?? m.venueName];
    }
    case 'onlineUrl':
      return ['onlineUrl', e.onlineUrl];
    case 'capacity':
      return ['capacity', e.capacity];
    case 'municipalities': {
      if (!Number.isNaN(index)) {
        return third === 'seats'
          ? [`municipalities.${index}.seats`, e.seats(index + 1)]
          : [`municipalities.${index}.municipalityId`, m.municipality(index + 1)];
      }
      const id = uuidIn(message);
      const at = id ? v.municipalities.findIndex((r) => r.municipalityId === id) : -1;
      return [`municipalities.${Math.max(at, 0)}.municipalityId`, e.other];
    }
    case 'hostMunicipalityId':
      return ['municipalities.0.municipalityId', m.municipality(1)];
    case 'moderatorIds':
      return ['moderatorIds', e.moderators];
    case 'registrationOpensAt':
      return ['registrationOpensAt', e.registrationInvalid];
    case 'registrationClosesAt':
      return ['registrationClosesAt', /after/.test(message) ? e.registrationOrder : e.registrationInvalid];
    case 'notes':
      return ['notes', e.notes];
    default:
      return ctx && null;
  }
}

export interface ServerErrors {
  fields: FieldErrors;
  /** A message for the whole form, when the problem is not about one field (or about none shown). */
  form: string | null;
}

const rowOf = (v: Values, id: unknown): number =>
  typeof id === 'string' ? v.municipalities.findIndex((r) => r.municipalityId === id) : -1;

/**
 * The API's problem as German messages at the fields: validation paths (`body.days.1.endsAt`) and the
 * business rules by code (`municipality_double_booked` at that municipality, `seats_exceed_capacity` at
 * its quota, …). Whatever names no field shown becomes the form's message.
 */
export function serverErrors(problem: Problem, v: Values, ctx: FormContext): ServerErrors | null {
  const e = de.workshopForm.errors;
  const extra = problem as Problem & Record<string, unknown>;
  const fields: FieldErrors = {};
  const at = (field: string, message: string) => {
    fields[field] ??= message;
  };
  const paths = (problem.errors ?? []).map((x) => ({
    path: x.path.replace(/^(body|querystring|params)\./, ''),
    message: x.message,
  }));
  const firstPathMessage = paths[0]?.message ?? '';

  switch (problem.code) {
    case 'municipality_double_booked': {
      const row = rowOf(v, extra.municipalityId);
      const name = ctx.municipalityName(String(extra.municipalityId));
      at(`municipalities.${Math.max(row, 0)}.municipalityId`, e.doubleBooked(name));
      break;
    }
    case 'moderator_double_booked':
      at('moderatorIds', e.moderatorDoubleBooked(ctx.moderatorName(String(extra.moderatorId))));
      break;
    case 'seats_exceed_capacity': {
      const id = uuidIn(firstPathMessage);
      const rows = id
        ? [rowOf(v, id)]
        : v.municipalities.flatMap((r, i) => (Number(r.seats) > Number(v.capacity) ? [i] : []));
      for (const row of rows.length > 0 ? rows : [0]) {
        at(
          `municipalities.${Math.max(row, 0)}.seats`,
          e.seatsAboveCapacity(Math.max(row, 0) + 1, Number(v.capacity)),
        );
      }
      break;
    }
    case 'seats_below_confirmed': {
      const row = Math.max(rowOf(v, extra.municipalityId), 0);
      at(`municipalities.${row}.seats`, e.seatsBelowConfirmed(row + 1, Number(extra.confirmedCount ?? 0)));
      break;
    }
    case 'capacity_below_confirmed':
      at('capacity', e.capacityBelowConfirmed(Number(extra.confirmedCount ?? 0)));
      break;
    case 'capacity_exceeds_program':
      at(
        'capacity',
        e.capacityAboveProgram(ctx.program?.maxParticipants ?? Number(firstPathMessage.match(/\d+/)?.[0])),
      );
      break;
    case 'too_many_municipalities': {
      const max = ctx.program?.maxMunicipalitiesPerWorkshop ?? Number(firstPathMessage.match(/\d+/)?.[0]);
      at(
        `municipalities.${Math.min(max, v.municipalities.length - 1)}.municipalityId`,
        e.tooManyMunicipalities(max),
      );
      break;
    }
    case 'municipality_not_eligible': {
      const kind = firstPathMessage.split(' ')[0];
      const row = v.municipalities.findIndex((r) => ctx.municipalityKind?.(r.municipalityId) === kind);
      at(`municipalities.${Math.max(row, 0)}.municipalityId`, e.notEligible);
      break;
    }
    case 'unknown_municipality': {
      const row = Math.max(rowOf(v, uuidIn(firstPathMessage)), 0);
      at(`municipalities.${row}.municipalityId`, e.unknownMunicipality(row + 1));
      break;
    }
    case 'host_not_participating':
      at('municipalities.0.municipalityId', de.workshopForm.missing.municipality(1));
      break;
    case 'workshop_outside_program_period': {
      const from =
        typeof extra.programStartsOn === 'string' ? formatDate(`${extra.programStartsOn}T12:00:00Z`) : '';
      const to =
        typeof extra.programEndsOn === 'string' ? formatDate(`${extra.programEndsOn}T12:00:00Z`) : null;
      at('days.0.date', e.outsideProgram(e.programPeriod(from, to)));
      break;
    }
    case 'venue_required':
      at('venue.name', de.workshopForm.missing.venueName);
      break;
    case 'online_url_required':
      at('onlineUrl', de.workshopForm.missing.onlineUrl);
      break;
    case 'unknown_moderator':
      at('moderatorIds', e.moderators);
      break;
    case 'unknown_program':
      at('programId', de.workshopForm.missing.programId);
      break;
    case 'workshop_locked':
      return { fields, form: e.locked };
    case 'municipality_has_registrations':
      return { fields, form: e.hasRegistrations };
    default:
      for (const { path, message } of paths) {
        const found = fieldError(path, message, v, ctx);
        if (found) at(found[0], found[1]);
      }
  }
  if (Object.keys(fields).length > 0) return { fields, form: null };
  return problem.status === 400 || problem.status === 422 ? { fields, form: e.other } : null;
}
