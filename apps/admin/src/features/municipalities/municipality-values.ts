import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { changedLabels, type FieldErrors } from '../../ui/form';

export type Municipality = Schema<'Municipality'>;
export type MunicipalityKind = Schema<'MunicipalityKind'>;
export type StateCode = Schema<'StateCode'>;

export const kindOptions = Object.entries(de.municipalities.kinds).map(([value, label]) => ({
  value: value as MunicipalityKind,
  label,
}));
export const stateOptions = Object.entries(de.municipalities.states).map(([value, label]) => ({
  value: value as StateCode,
  label,
}));

/** The fields of the form, in form order. */
export const municipalityFields = [
  'name',
  'slug',
  'kind',
  'stateCode',
  'ars',
  'population',
  'parentId',
  'contactName',
  'contactEmail',
  'contactPhone',
] as const;
export type MunicipalityField = (typeof municipalityFields)[number];

/** The parent select's value for "belongs to no other municipality". */
export const NO_PARENT = 'keine';

export interface MunicipalityValues {
  name: string;
  slug: string;
  kind: MunicipalityKind | '';
  stateCode: StateCode | '';
  ars: string;
  population: string;
  parentId: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

export const valuesOf = (m?: Municipality): MunicipalityValues => ({
  name: m?.name ?? '',
  slug: m?.slug ?? '',
  kind: m?.kind ?? '',
  stateCode: m?.stateCode ?? '',
  ars: m?.ars ?? '',
  population: m?.population === null || m?.population === undefined ? '' : String(m.population),
  parentId: m?.parentId ?? NO_PARENT,
  contactName: m?.contactName ?? '',
  contactEmail: m?.contactEmail ?? '',
  contactPhone: m?.contactPhone ?? '',
});

/** "Verbandsgemeinde Göllheim" → "verbandsgemeinde-goellheim": German letters spelled out. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

const orNull = (text: string): string | null => text.trim() || null;

/**
 * The request body, or the errors that can be told without the server: required fields left empty
 * and a population that is not a whole number. The API checks everything else.
 */
export function bodyOf(
  v: MunicipalityValues,
): { body: Schema<'CreateMunicipalityInput'> } | { errors: FieldErrors<MunicipalityField> } {
  const errors: FieldErrors<MunicipalityField> = {};
  const t = de.municipalities;
  if (!v.name.trim()) errors.name = t.missing.name;
  if (!v.slug.trim()) errors.slug = t.missing.slug;
  if (!v.kind) errors.kind = t.missing.kind;
  if (!v.stateCode) errors.stateCode = t.missing.stateCode;
  const population = v.population.replace(/[.\s]/g, '');
  if (population && !/^\d{1,9}$/.test(population)) errors.population = t.fieldErrors.population;
  if (Object.keys(errors).length > 0 || !v.kind || !v.stateCode) return { errors };
  return {
    body: {
      name: v.name.trim(),
      slug: v.slug.trim(),
      kind: v.kind,
      stateCode: v.stateCode,
      ars: orNull(v.ars.replace(/\s/g, '')),
      population: population ? Number(population) : null,
      parentId: v.parentId === NO_PARENT ? null : v.parentId,
      contactName: orNull(v.contactName),
      contactEmail: orNull(v.contactEmail),
      contactPhone: orNull(v.contactPhone),
    },
  };
}

/** German labels of the fields whose values differ between two versions (for the conflict dialog). */
export function changedFields(a: Municipality, b: Municipality): string[] {
  const f = de.municipalities.form;
  const contact = de.municipalities.detail.contactHeading;
  return changedLabels(valuesOf(a), valuesOf(b), {
    name: f.name,
    slug: f.slug,
    kind: f.kind,
    stateCode: f.state,
    ars: f.ars,
    population: f.population,
    parentId: f.parent,
    contactName: `${contact}: ${f.contactName}`,
    contactEmail: `${contact}: ${f.contactEmail}`,
    contactPhone: `${contact}: ${f.contactPhone}`,
  });
}
