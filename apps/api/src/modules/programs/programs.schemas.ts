import { municipalityKinds } from '@werkstatt/db';
import { z } from 'zod';
import { timestamp } from '../../lib/schemas.js';

export const slug = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
  .meta({ example: 'digital-werkstatt' });

const isoDate = z.iso.date().meta({ example: '2026-01-01' });
export const municipalityKind = z.enum(municipalityKinds).meta({ id: 'MunicipalityKind' });

export const programContact = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Petra Programmbüro' }),
    email: z.email().max(254).meta({ example: 'digital-werkstatt@example.org' }),
    phone: z
      .string()
      .trim()
      .min(3)
      .max(50)
      .regex(/^[+0-9 ()/-]+$/, 'digits, spaces and + ( ) / - only')
      .nullable()
      .default(null)
      .meta({ example: '+49 6131 16-0' }),
    organisation: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .meta({ example: 'Entwicklungsagentur Rheinland-Pfalz' }),
  })
  .strict()
  .meta({
    id: 'ProgramContact',
    description:
      'Whom people reach at the program office: every e-mail of the program names this contact in its footer and sets it as Reply-To.',
  });
export type ProgramContactDto = z.infer<typeof programContact>;

export const program = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    startsOn: isoDate,
    endsOn: isoDate.nullable(),
    eligibleKinds: z.array(municipalityKind),
    maxMunicipalitiesPerWorkshop: z.number().int(),
    maxParticipants: z.number().int(),
    dotVotesPerField: z
      .number()
      .int()
      .meta({ description: 'Dots each person may place per action field on a municipality’s ideas.' }),
    contact: programContact.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  })
  .meta({ id: 'Program', description: 'A state program such as "Digital-Werkstatt", with its limits.' });
export type ProgramDto = z.infer<typeof program>;

const programFields = {
  name: z.string().trim().min(1).max(200).meta({ example: 'Digital-Werkstatt' }),
  slug,
  description: z.string().max(5000).nullable(),
  startsOn: isoDate,
  endsOn: isoDate.nullable(),
  eligibleKinds: z
    .array(municipalityKind)
    .min(1)
    .max(municipalityKinds.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'kinds must be distinct'),
  maxMunicipalitiesPerWorkshop: z.number().int().min(1).max(10),
  maxParticipants: z.number().int().min(1).max(500),
  dotVotesPerField: z.number().int().min(1).max(50),
  contact: programContact.nullable(),
};

export const createProgramBody = z
  .object({
    ...programFields,
    description: programFields.description.optional(),
    endsOn: programFields.endsOn.optional(),
    maxMunicipalitiesPerWorkshop: programFields.maxMunicipalitiesPerWorkshop.default(3),
    maxParticipants: programFields.maxParticipants.default(30),
    dotVotesPerField: programFields.dotVotesPerField.default(3),
    contact: programFields.contact.optional(),
  })
  .strict()
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, {
    path: ['endsOn'],
    message: 'must not be before startsOn',
  })
  .meta({ id: 'CreateProgram' });
export type CreateProgramInput = z.infer<typeof createProgramBody>;

export const updateProgramBody = z
  .object(programFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateProgram' });
export type UpdateProgramInput = z.infer<typeof updateProgramBody>;
