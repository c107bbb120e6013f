import { municipalityKinds, stateCodes } from '@werkstatt/db';
import { z } from 'zod';
import { syncQuery } from '../../lib/pagination.js';
import { timestamp } from '../../lib/schemas.js';
import { municipalityKind } from '../programs/index.js';

export const stateCode = z
  .enum(stateCodes)
  .meta({ id: 'StateCode', description: 'German state, ISO 3166-2:DE without the "DE-" prefix.' });

const slug = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
  .meta({ example: 'vg-musterstadt' });

const ars = z
  .string()
  .regex(/^[0-9]{12}$/, 'exactly 12 digits')
  .meta({ description: 'Amtlicher Regionalschlüssel (12 digits).', example: '073355001000' });

export const municipality = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    kind: municipalityKind,
    ars: z.string().nullable(),
    stateCode,
    population: z.number().int().nullable(),
    parentId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  })
  .meta({
    id: 'Municipality',
    description:
      'A municipality (Kommune), the tenant. Contact fields are null for public API keys, as they name a person.',
  });
export type MunicipalityDto = z.infer<typeof municipality>;

const municipalityFields = {
  name: z.string().trim().min(1).max(200).meta({ example: 'Verbandsgemeinde Musterstadt' }),
  slug,
  kind: municipalityKind,
  ars: ars.nullable(),
  stateCode,
  population: z.number().int().min(0).max(20_000_000).nullable().meta({ example: 12_500 }),
  parentId: z.uuid().nullable().meta({
    description: 'The municipality this one belongs to, e.g. the Verbandsgemeinde of an Ortsgemeinde.',
  }),
  contactName: z.string().trim().min(1).max(200).nullable().meta({ example: 'Erika Müller' }),
  contactEmail: z.email().max(254).nullable().meta({ example: 'digital@vg-musterstadt.de' }),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()/-]{2,39}$/, 'digits, spaces and ( ) / - only, optionally a leading +')
    .nullable()
    .meta({ example: '+49 6131 12345-0' }),
};

export const createMunicipalityBody = z
  .object({
    ...municipalityFields,
    ars: municipalityFields.ars.optional(),
    population: municipalityFields.population.optional(),
    parentId: municipalityFields.parentId.optional(),
    contactName: municipalityFields.contactName.optional(),
    contactEmail: municipalityFields.contactEmail.optional(),
    contactPhone: municipalityFields.contactPhone.optional(),
  })
  .strict()
  .meta({ id: 'CreateMunicipality' });
export type CreateMunicipalityInput = z.infer<typeof createMunicipalityBody>;

export const updateMunicipalityBody = z
  .object(municipalityFields)
  .partial()
  .strict()
  .refine((m) => Object.keys(m).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateMunicipality' });
export type UpdateMunicipalityInput = z.infer<typeof updateMunicipalityBody>;

// Query parameters stay inline (no named components) so OpenAPI renders them as plain parameters.
export const listMunicipalitiesQuery = z
  .object({
    ...syncQuery,
    kind: z.enum(municipalityKinds).optional(),
    stateCode: z.enum(stateCodes).optional(),
    ars: z
      .string()
      .regex(/^[0-9]{12}$/, 'exactly 12 digits')
      .optional()
      .meta({ description: 'Exact Amtlicher Regionalschlüssel.' }),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Part of the name, case-insensitive.', example: 'musterstadt' }),
  })
  .strict();
export type ListMunicipalitiesQuery = z.infer<typeof listMunicipalitiesQuery>;
