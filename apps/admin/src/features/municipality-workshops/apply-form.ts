import type { Schema } from '@werkstatt/api-client';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';

const t = de.municipalityWorkshops;
type Body = Schema<'CreateWorkshopApplicationInput'>;

/** One wished-for day with an optional time window (Berlin wall-clock). */
export interface DateRow {
  key: string;
  date: string;
  from: string;
  to: string;
}

export interface ApplyValues {
  programId: string;
  dates: DateRow[];
  expectedParticipants: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  note: string;
}

export const MAX_DATES = 3;
export const newDateRow = (): DateRow => ({
  key: `d${crypto.randomUUID().slice(0, 8)}`,
  date: '',
  from: '',
  to: '',
});
export const dateField = (key: string, part: 'date' | 'from' | 'to'): string => `${part}-${key}`;

/** The form's field names in their order, for the error summary. */
export function applyFieldOrder(values: ApplyValues): string[] {
  return [
    'programId',
    ...values.dates.flatMap((d) => [
      dateField(d.key, 'date'),
      dateField(d.key, 'from'),
      dateField(d.key, 'to'),
    ]),
    'expectedParticipants',
    'contactName',
    'contactEmail',
    'contactPhone',
    'note',
  ];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+0-9 ()/-]{3,40}$/;

/** Checked before sending, by the API's own rules; `today` is the Berlin calendar day `YYYY-MM-DD`. */
export function checkApplication(
  v: ApplyValues,
  { today, maxParticipants }: { today: string; maxParticipants: number | null },
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.programId) errors.programId = t.missing.programId;
  const seen = new Set<string>();
  for (const d of v.dates) {
    const dateName = dateField(d.key, 'date');
    if (!d.date) errors[dateName] = t.missing.date;
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) errors[dateName] = t.invalid.date;
    else if (d.date <= today) errors[dateName] = t.invalid.pastDate;
    else if (seen.has(d.date)) errors[dateName] = t.invalid.duplicateDate;
    seen.add(d.date);
    if ((d.from === '') !== (d.to === ''))
      errors[dateField(d.key, d.from ? 'to' : 'from')] = t.invalid.timePair;
    else if (d.from && d.to && d.to <= d.from) errors[dateField(d.key, 'to')] = t.invalid.timeOrder;
  }
  const n = Number(v.expectedParticipants);
  if (!v.expectedParticipants.trim()) errors.expectedParticipants = t.missing.expectedParticipants;
  else if (!Number.isInteger(n) || n < 1 || n > 500)
    errors.expectedParticipants = t.invalid.expectedParticipants;
  else if (maxParticipants !== null && n > maxParticipants)
    errors.expectedParticipants = t.invalid.tooManyParticipants(maxParticipants);
  if (!v.contactName.trim()) errors.contactName = t.missing.contactName;
  if (!v.contactEmail.trim()) errors.contactEmail = t.missing.contactEmail;
  else if (!EMAIL.test(v.contactEmail.trim())) errors.contactEmail = t.invalid.contactEmail;
  if (v.contactPhone.trim() && !PHONE.test(v.contactPhone.trim()))
    errors.contactPhone = t.invalid.contactPhone;
  if (v.note.length > 2000) errors.note = t.invalid.note;
  return errors;
}

export function applicationBody(v: ApplyValues): Body {
  return {
    programId: v.programId,
    preferredDates: v.dates.map((d) => ({
      date: d.date,
      from: d.from || null,
      to: d.to || null,
    })),
    partnerMunicipalityIds: [],
    expectedParticipants: Number(v.expectedParticipants),
    contact: {
      name: v.contactName.trim(),
      email: v.contactEmail.trim(),
      phone: v.contactPhone.trim() || null,
    },
    note: v.note.trim(),
  };
}

/** Where an API path such as `body.preferredDates.1.to` lands in this form, with its German message. */
function atPath(path: string, v: ApplyValues): [string, string] | null {
  const parts = path.replace(/^body\./, '').split('.');
  const [head, index, part] = parts;
  switch (head) {
    case 'programId':
      return ['programId', t.invalid.unknownProgram];
    case 'expectedParticipants':
      return ['expectedParticipants', t.invalid.expectedParticipants];
    case 'note':
      return ['note', t.invalid.note];
    case 'contact':
      if (index === 'name') return ['contactName', t.invalid.contactName];
      if (index === 'email') return ['contactEmail', t.invalid.contactEmail];
      if (index === 'phone') return ['contactPhone', t.invalid.contactPhone];
      return null;
    case 'preferredDates': {
      const row = index === undefined ? v.dates[0] : v.dates[Number(index)];
      if (!row) return null;
      if (index === undefined) return [dateField(row.key, 'date'), t.invalid.duplicateDate];
      if (part === 'date') return [dateField(row.key, 'date'), t.invalid.date];
      if (part === 'from') return [dateField(row.key, 'from'), t.invalid.timePair];
      // The row's own checks: both times or neither, the end after the start.
      return [dateField(row.key, 'to'), row.from && row.to ? t.invalid.timeOrder : t.invalid.timePair];
    }
  }
  return null;
}

/** The API's refusal at the fields: 400 validation, and the program's rules (422) by their code. */
export function applicationProblems(
  error: unknown,
  v: ApplyValues,
): { atFields: Record<string, string>; message: string | null } | null {
  if (!isProblem(error)) return null;
  switch (error.code) {
    case 'unknown_program':
      return { atFields: { programId: t.invalid.unknownProgram }, message: null };
    case 'municipality_not_eligible':
      return { atFields: { programId: t.invalid.notEligible }, message: null };
    case 'participants_exceed_program': {
      const max = Number(/(\d+)/.exec(error.detail ?? '')?.[1]);
      return {
        atFields: {
          expectedParticipants: Number.isFinite(max)
            ? t.invalid.tooManyParticipants(max)
            : t.invalid.expectedParticipants,
        },
        message: null,
      };
    }
    case 'invalid_preferred_date': {
      const first = v.dates[0];
      return first ? { atFields: { [dateField(first.key, 'date')]: t.invalid.date }, message: null } : null;
    }
  }
  if (error.status !== 400 || !error.errors?.length) return null;
  const atFields: Record<string, string> = {};
  let other = false;
  for (const { path } of error.errors) {
    const hit = atPath(path, v);
    if (hit) atFields[hit[0]] ??= hit[1];
    else other = true;
  }
  return { atFields, message: other || Object.keys(atFields).length === 0 ? t.invalid.other : null };
}
