import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { changedLabels, type FieldErrors } from '../../ui/form';
import type { MunicipalityKind } from '../municipalities/municipality-values';

export type Program = Schema<'Program'>;

/** The fields of the form, in form order; `contact.*` as the API names them in `errors[].path`. */
export const programFields = [
  'name',
  'slug',
  'description',
  'startsOn',
  'endsOn',
  'eligibleKinds',
  'maxMunicipalitiesPerWorkshop',
  'maxParticipants',
  'dotVotesPerField',
  'contact.name',
  'contact.email',
  'contact.phone',
  'contact.organisation',
] as const;
export type ProgramField = (typeof programFields)[number];

export interface ProgramValues {
  name: string;
  slug: string;
  description: string;
  startsOn: string;
  endsOn: string;
  eligibleKinds: MunicipalityKind[];
  maxMunicipalitiesPerWorkshop: string;
  maxParticipants: string;
  dotVotesPerField: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  contactOrganisation: string;
}

/** "2027-03-01" → "01.03.2027" (a calendar day, no time zone involved). */
export const germanDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
};

/** "1.3.2027" or "01.03.2027" → "2027-03-01"; null when it is no real day. */
export function isoDate(text: string): string | null {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [, d, m, y] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export const valuesOf = (p?: Program): ProgramValues => ({
  name: p?.name ?? '',
  slug: p?.slug ?? '',
  description: p?.description ?? '',
  startsOn: p ? germanDate(p.startsOn) : '',
  endsOn: p?.endsOn ? germanDate(p.endsOn) : '',
  eligibleKinds: p ? [...p.eligibleKinds] : [],
  maxMunicipalitiesPerWorkshop: String(p?.maxMunicipalitiesPerWorkshop ?? 3),
  maxParticipants: String(p?.maxParticipants ?? 30),
  dotVotesPerField: String(p?.dotVotesPerField ?? 3),
  contactName: p?.contact?.name ?? '',
  contactEmail: p?.contact?.email ?? '',
  contactPhone: p?.contact?.phone ?? '',
  contactOrganisation: p?.contact?.organisation ?? '',
});

const whole = (text: string): number | null => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * The request body, or what can be told without the server: required fields, dates that are no real
 * day, numbers that are no whole numbers, and a contact with a name but no address (or the reverse).
 */
export function bodyOf(
  v: ProgramValues,
): { body: Schema<'CreateProgramInput'> } | { errors: FieldErrors<ProgramField> } {
  const t = de.programs;
  const errors: FieldErrors<ProgramField> = {};
  if (!v.name.trim()) errors.name = t.missing.name;
  if (!v.slug.trim()) errors.slug = t.missing.slug;
  const startsOn = isoDate(v.startsOn);
  if (!v.startsOn.trim()) errors.startsOn = t.missing.startsOn;
  else if (!startsOn) errors.startsOn = t.fieldErrors.startsOn;
  const endsOn = v.endsOn.trim() ? isoDate(v.endsOn) : null;
  if (v.endsOn.trim() && (!endsOn || (startsOn && endsOn < startsOn))) errors.endsOn = t.fieldErrors.endsOn;
  if (v.eligibleKinds.length === 0) errors.eligibleKinds = t.missing.eligibleKinds;
  const numbers = {
    maxMunicipalitiesPerWorkshop: whole(v.maxMunicipalitiesPerWorkshop),
    maxParticipants: whole(v.maxParticipants),
    dotVotesPerField: whole(v.dotVotesPerField),
  };
  for (const [key, value] of Object.entries(numbers)) {
    if (value === null) errors[key as keyof typeof numbers] = t.fieldErrors[key as keyof typeof numbers];
  }
  const contactGiven = [v.contactName, v.contactEmail, v.contactPhone, v.contactOrganisation].some((s) =>
    s.trim(),
  );
  if (contactGiven && !v.contactName.trim()) errors['contact.name'] = t.missing.contact;
  if (contactGiven && !v.contactEmail.trim()) errors['contact.email'] = t.missing.contact;
  if (Object.keys(errors).length > 0 || !startsOn) return { errors };
  return {
    body: {
      name: v.name.trim(),
      slug: v.slug.trim(),
      description: v.description.trim() || null,
      startsOn,
      endsOn,
      eligibleKinds: v.eligibleKinds,
      maxMunicipalitiesPerWorkshop: numbers.maxMunicipalitiesPerWorkshop ?? 3,
      maxParticipants: numbers.maxParticipants ?? 30,
      dotVotesPerField: numbers.dotVotesPerField ?? 3,
      contact: contactGiven
        ? {
            name: v.contactName.trim(),
            email: v.contactEmail.trim(),
            phone: v.contactPhone.trim() || null,
            organisation: v.contactOrganisation.trim() || null,
          }
        : null,
    },
  };
}

/** German labels of the fields another person changed (for the conflict dialog). */
export function changedFields(a: Program, b: Program): string[] {
  const f = de.programs.form;
  const contact = de.programs.details.contact;
  return changedLabels(valuesOf(a), valuesOf(b), {
    name: f.name,
    slug: f.slug,
    description: f.description,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    eligibleKinds: f.kinds,
    maxMunicipalitiesPerWorkshop: f.municipalitiesPerWorkshop,
    maxParticipants: f.participants,
    dotVotesPerField: f.dotVotes,
    contactName: `${contact}: ${f.contactName}`,
    contactEmail: `${contact}: ${f.contactEmail}`,
    contactPhone: `${contact}: ${f.contactPhone}`,
    contactOrganisation: `${contact}: ${f.contactOrganisation}`,
  });
}
