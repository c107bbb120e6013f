import type { Schema } from '@werkstatt/api-client';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { workshopProblemMessage } from '../workshop-detail/problems';

type Registration = Schema<'Registration'>;
const t = de.municipalityWorkshops;

/** One person on the form; `key` stays with the row (its fields' ids, its Idempotency-Key). */
export interface Colleague {
  key: string;
  firstName: string;
  lastName: string;
  email: string;
}
export type ColleagueField = 'firstName' | 'lastName' | 'email';
export const colleagueFields: readonly ColleagueField[] = ['firstName', 'lastName', 'email'];

/** The form-wide name of one row's field, e.g. `p3-email`; its control's id is `field-p3-email`. */
export const colleagueField = (key: string, field: ColleagueField): string => `${key}-${field}`;

export const newColleague = (): Colleague => ({
  key: `p${crypto.randomUUID().slice(0, 8)}`,
  firstName: '',
  lastName: '',
  email: '',
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checked before sending: the empty fields, a malformed address, an address given twice. */
export function checkColleagues(rows: readonly Colleague[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.firstName.trim()) errors[colleagueField(row.key, 'firstName')] = t.missingFirstName;
    if (!row.lastName.trim()) errors[colleagueField(row.key, 'lastName')] = t.missingLastName;
    const email = row.email.trim().toLocaleLowerCase('de-DE');
    if (!email) errors[colleagueField(row.key, 'email')] = t.missingEmail;
    else if (!EMAIL.test(email)) errors[colleagueField(row.key, 'email')] = t.invalidEmail;
    else if (seen.has(email)) errors[colleagueField(row.key, 'email')] = t.duplicateEmail;
    seen.add(email);
  }
  return errors;
}

/**
 * A refused registration of one person: at that person's field when it is about them (taken address,
 * invalid field), else a message about the workshop, which stops the remaining rows as well (closed,
 * cancelled, no rights: the next person would be refused the same way).
 */
export function colleagueProblem(error: unknown): { field?: ColleagueField; message: string; stop: boolean } {
  if (isProblem(error)) {
    if (error.code === 'already_registered')
      return { field: 'email', message: t.alreadyRegistered, stop: false };
    if (error.status === 400 && error.errors?.length) {
      for (const { path } of error.errors) {
        const field = path.replace(/^body\./, '');
        if ((colleagueFields as readonly string[]).includes(field)) {
          const name = field as ColleagueField;
          return { field: name, message: t.fieldErrors[name], stop: false };
        }
      }
      return { message: t.fieldErrors.other, stop: false };
    }
  }
  return { message: workshopProblemMessage(error), stop: true };
}

/** What a registration got, in the words the municipality sees: a seat or a place on the waitlist. */
export function outcomeOf(r: Pick<Registration, 'status' | 'waitlistPosition'>): {
  label: string;
  tone: 'success' | 'info' | 'neutral' | 'danger';
} {
  switch (r.status) {
    case 'confirmed':
      return { label: t.resultSeat, tone: 'success' };
    case 'attended':
      return { label: t.regStatus.attended, tone: 'success' };
    case 'waitlisted':
      return { label: t.resultWaitlist(r.waitlistPosition), tone: 'info' };
    case 'pending':
      return { label: t.resultPending, tone: 'neutral' };
    case 'cancelled':
      return { label: t.regStatus.cancelled, tone: 'danger' };
  }
}
