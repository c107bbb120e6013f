import type { Problem, Schema } from '@werkstatt/api-client';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';

const t = de.applications;

export type AcceptMode = 'new' | 'existing';

export interface AcceptValues {
  mode: AcceptMode;
  title: string;
  format: 'onsite' | 'online';
  venueName: string;
  street: string;
  postalCode: string;
  city: string;
  onlineUrl: string;
  capacity: string;
  workshopId: string;
}

export type AcceptField = Exclude<keyof AcceptValues, 'mode'>;
export type AcceptErrors = Partial<Record<AcceptField, string>>;

/** The fields in the order the dialog shows them, for the error summary. */
export const acceptFieldOrder: readonly AcceptField[] = [
  'workshopId',
  'title',
  'format',
  'venueName',
  'street',
  'postalCode',
  'city',
  'onlineUrl',
  'capacity',
];

export const initialAcceptValues = (applicantName: string): AcceptValues => ({
  mode: 'new',
  title: t.defaultTitle(applicantName),
  format: 'onsite',
  venueName: '',
  street: '',
  postalCode: '',
  city: '',
  onlineUrl: '',
  capacity: '',
  workshopId: '',
});

const CAPACITY = /^\d{1,3}$/;

/** What is missing or malformed before sending; the API checks the same again. */
export function checkAccept(v: AcceptValues): AcceptErrors {
  const errors: AcceptErrors = {};
  if (v.mode === 'existing') {
    if (!v.workshopId) errors.workshopId = t.missing.workshopId;
    return errors;
  }
  if (!v.title.trim()) errors.title = t.missing.title;
  else if (v.title.trim().length > 200) errors.title = t.fieldErrors.title;
  if (v.format === 'onsite') {
    if (!v.venueName.trim()) errors.venueName = t.missing.venueName;
    if (!v.street.trim()) errors.street = t.missing.street;
    if (!v.postalCode.trim()) errors.postalCode = t.missing.postalCode;
    else if (!/^\d{5}$/.test(v.postalCode.trim())) errors.postalCode = t.fieldErrors.postalCode;
    if (!v.city.trim()) errors.city = t.missing.city;
  } else if (!v.onlineUrl.trim()) {
    errors.onlineUrl = t.missing.onlineUrl;
  } else if (!v.onlineUrl.trim().startsWith('https://')) {
    errors.onlineUrl = t.fieldErrors.onlineUrl;
  }
  const capacity = v.capacity.trim();
  if (capacity && (!CAPACITY.test(capacity) || Number(capacity) < 1 || Number(capacity) > 500)) {
    errors.capacity = t.fieldErrors.capacity;
  }
  return errors;
}

/** The request body: link an existing workshop, or a new draft with only the format's own fields. */
export function acceptBody(v: AcceptValues): Schema<'AcceptWorkshopApplicationInput'> {
  if (v.mode === 'existing') return { workshopId: v.workshopId };
  const capacity = v.capacity.trim();
  return {
    workshop: {
      title: v.title.trim(),
      format: v.format,
      moderatorIds: [],
      ...(v.format === 'onsite'
        ? {
            venue: {
              name: v.venueName.trim(),
              street: v.street.trim(),
              postalCode: v.postalCode.trim(),
              city: v.city.trim(),
            },
          }
        : { onlineUrl: v.onlineUrl.trim() }),
      ...(capacity ? { capacity: Number(capacity) } : {}),
    },
  };
}

const venueFields: Record<string, AcceptField> = {
  name: 'venueName',
  street: 'street',
  postalCode: 'postalCode',
  city: 'city',
};

/**
 * The form field an API error path points at. Schema errors name `body.workshop.venue.city`; the
 * workshop rules name the workshop's own fields (`body.venue`, `body.capacity`).
 */
export function acceptFieldOf(path: string): AcceptField | null {
  const [head, sub] = path
    .replace(/^body\.?/, '')
    .replace(/^workshop\./, '')
    .split('.');
  if (head === 'venue') return venueFields[sub ?? 'name'] ?? 'venueName';
  if (head === 'title' || head === 'format' || head === 'onlineUrl' || head === 'capacity') return head;
  if (head === 'workshopId') return 'workshopId';
  return null;
}

export interface AcceptOutcome {
  fields: AcceptErrors;
  /** The German sentence above the form when the problem is not (only) about a field. */
  message: string | null;
}

const messageByCode: Record<string, string> = {
  application_not_pending: t.problems.notPending,
  municipality_double_booked: t.problems.doubleBooked,
  municipality_not_eligible: t.problems.notEligible,
  too_many_municipalities: t.problems.tooMany,
  capacity_exceeds_program: t.problems.capacity,
  workshop_outside_program_period: t.problems.outsidePeriod,
  invalid_preferred_date: t.problems.invalidDate,
  workshop_cancelled: t.problems.workshopCancelled,
  forbidden: t.problems.forbidden,
};

/** A field's German message for a rule the API names by code. */
const fieldMessageByCode: Record<string, Partial<Record<AcceptField, string>>> = {
  venue_required: { venueName: t.missing.venueName },
  online_url_required: { onlineUrl: t.missing.onlineUrl },
  capacity_exceeds_program: { capacity: t.problems.capacity },
  municipality_not_participating: { workshopId: t.fieldErrors.workshopId },
  unknown_workshop: { workshopId: t.fieldErrors.workshopId },
};

/** The API's problem on accepting, in German: at the fields where it names one, else above the form. */
export function acceptProblem(error: unknown, fallback: (error: unknown) => string): AcceptOutcome {
  if (!isProblem(error)) return { fields: {}, message: fallback(error) };
  const problem: Problem = error;
  const fields: AcceptErrors = {};
  let unplaced = false;
  for (const { path } of problem.errors ?? []) {
    const field = acceptFieldOf(path);
    if (!field) {
      unplaced = true;
      continue;
    }
    fields[field] ??= fieldMessageByCode[problem.code]?.[field] ?? t.fieldErrors[field];
  }
  const known = messageByCode[problem.code];
  if (known) return { fields, message: known };
  if (Object.keys(fields).length > 0 && !unplaced) return { fields, message: null };
  return { fields, message: problem.status === 400 ? t.fieldErrors.other : fallback(error) };
}
