import { workshopFormats, workshopStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const workshopFormat = z.enum(workshopFormats).meta({ id: 'WorkshopFormat' });
export const workshopStatus = z.enum(workshopStatuses).meta({
  id: 'WorkshopStatus',
  description:
    '`draft` (not open for registrations), `published`, `cancelled` or `held` (took place). Cancelled and held workshops are read-only except `notes`.',
});

const instant = z.iso
  .datetime({ offset: true })
  .meta({ description: 'RFC 3339 with offset.', example: '2026-11-21T09:00:00+01:00' });
const localTime = z
  .string()
  .meta({ description: 'Wall-clock time in Europe/Berlin.', example: '2026-11-21T09:00:00' });

export const venue = z
  .object({
    name: z.string(),
    street: z.string(),
    postalCode: z.string(),
    city: z.string(),
  })
  .meta({ id: 'WorkshopVenue', description: 'Where an on-site workshop takes place.' });

export const venueInput = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Bürgerhaus Bad Ems' }),
    street: z.string().trim().min(1).max(200).meta({ example: 'Römerstraße 1' }),
    postalCode: z
      .string()
      .regex(/^\d{5}$/, 'five digits')
      .meta({ example: '56130' }),
    city: z.string().trim().min(1).max(100).meta({ example: 'Bad Ems' }),
  })
  .strict()
  .meta({ id: 'WorkshopVenueFields' });

export const workshopDay = z
  .object({
    startsAt: timestamp,
    endsAt: timestamp,
    startsAtLocal: localTime,
    endsAtLocal: localTime,
  })
  .meta({ id: 'WorkshopDay', description: 'One day of a workshop, with its own start and end.' });

export const workshopMunicipality = z
  .object({
    municipalityId: z.uuid(),
    seats: z.number().int().nullable().meta({ description: "The municipality's seat quota; null: none." }),
    confirmedCount: z.number().int(),
  })
  .meta({ id: 'WorkshopMunicipality' });

export const workshop = z
  .object({
    id: z.uuid(),
    programId: z.uuid(),
    title: z.string(),
    format: workshopFormat,
    startsAt: timestamp,
    endsAt: timestamp,
    timeZone: z.literal('Europe/Berlin'),
    startsAtLocal: localTime,
    endsAtLocal: localTime,
    days: z.array(workshopDay).min(1).meta({
      description:
        'The days of the workshop in order: its own days when it has them, else one day from `startsAt` to `endsAt`.',
    }),
    venue: venue.nullable(),
    onlineUrl: z.string().nullable(),
    hostMunicipalityId: z.uuid(),
    municipalityIds: z.array(z.uuid()).meta({ description: 'Every participating municipality, host first.' }),
    seatsPerMunicipality: z.array(workshopMunicipality).meta({
      description:
        "Quotas and confirmed counts; a municipality user sees its own entry only (another municipality's participants are not its business).",
    }),
    moderatorIds: z.array(z.uuid()),
    capacity: z.number().int(),
    status: workshopStatus,
    registrationOpensAt: timestamp.nullable(),
    registrationClosesAt: timestamp.nullable(),
    notes: z.string(),
    cancellationReason: z.string().nullable(),
    confirmedCount: z.number().int().meta({ description: 'Confirmed and attended participants.' }),
    waitlistCount: z.number().int(),
    seatsLeft: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Workshop', description: 'One workshop day (Werkstatt) for one to a few municipalities.' });
export type WorkshopDto = z.infer<typeof workshop>;

export const workshopPage = pageSchema(workshop).meta({ id: 'WorkshopPage' });

const municipalityInput = z
  .object({
    municipalityId: z.uuid(),
    seats: z.number().int().min(0).max(500).nullable().default(null),
  })
  .strict()
  .meta({ id: 'WorkshopMunicipalityFields' });

const dayInput = z.object({ startsAt: instant, endsAt: instant }).strict().meta({ id: 'WorkshopDayFields' });

/** At most a working week: each day gets its own signature column on the sign-in sheet. */
export const MAX_WORKSHOP_DAYS = 7;

const daysInput = z
  .array(dayInput)
  .min(1)
  .max(MAX_WORKSHOP_DAYS)
  .superRefine((days, ctx) => {
    days.forEach((d, i) => {
      if (new Date(d.endsAt) <= new Date(d.startsAt)) {
        ctx.addIssue({ code: 'custom', path: [i, 'endsAt'], message: 'must be after startsAt' });
      }
      const before = days[i - 1];
      if (before && new Date(d.startsAt) < new Date(before.endsAt)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'startsAt'],
          message: 'must not be before the previous day ends',
        });
      }
    });
  })
  .nullable()
  .meta({
    description:
      'The days of a multi-day workshop (e.g. 09:00–17:00 and 09:00–15:00), in order and each inside `startsAt`..`endsAt`; each is an event of its own in calendar files and a signature column on the sign-in sheet. Null or left out: one block from `startsAt` to `endsAt`.',
  });

const distinctBy = <T>(items: T[], key: (t: T) => string) => new Set(items.map(key)).size === items.length;

const fields = {
  title: z.string().trim().min(1).max(200).meta({ example: 'Digital-Werkstatt Rhein-Lahn' }),
  format: workshopFormat,
  startsAt: instant,
  endsAt: instant,
  days: daysInput,
  venue: venueInput.nullable(),
  onlineUrl: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable(),
  municipalities: z
    .array(municipalityInput)
    .min(1)
    .max(10)
    .refine((m) => distinctBy(m, (x) => x.municipalityId), 'municipalities must be distinct'),
  hostMunicipalityId: z.uuid(),
  moderatorIds: z
    .array(z.uuid())
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, 'moderators must be distinct'),
  capacity: z.number().int().min(1).max(500),
  registrationOpensAt: instant.nullable(),
  registrationClosesAt: instant.nullable(),
  notes: z.string().max(10_000),
};

export const createWorkshopBody = z
  .object({
    programId: z.uuid(),
    ...fields,
    days: fields.days.optional(),
    venue: fields.venue.optional(),
    onlineUrl: fields.onlineUrl.optional(),
    hostMunicipalityId: fields.hostMunicipalityId.optional().meta({
      description: 'Defaults to the first municipality.',
    }),
    moderatorIds: fields.moderatorIds.default([]),
    capacity: fields.capacity.optional().meta({ description: "Defaults to the program's maximum." }),
    status: z.enum(['draft', 'published']).default('draft'),
    registrationOpensAt: fields.registrationOpensAt.optional(),
    registrationClosesAt: fields.registrationClosesAt.optional(),
    notes: fields.notes.default(''),
  })
  .strict()
  .meta({ id: 'CreateWorkshop' });
export type CreateWorkshopInput = z.infer<typeof createWorkshopBody>;

export const updateWorkshopBody = z
  .object({
    ...fields,
    status: z.enum(['draft', 'published', 'held']).meta({ description: 'Cancel with POST …/cancel.' }),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateWorkshop' });
export type UpdateWorkshopInput = z.infer<typeof updateWorkshopBody>;

export const cancelWorkshopBody = z
  .object({ reason: z.string().trim().min(1).max(2000).meta({ example: 'Erkrankung der Moderation' }) })
  .strict()
  .meta({ id: 'CancelWorkshop' });

export const workshopSorts = ['startsAt', '-startsAt', 'createdAt'] as const;
export type WorkshopSort = (typeof workshopSorts)[number];
const workshopSort = z.enum(workshopSorts).meta({
  id: 'WorkshopSort',
  description:
    '`startsAt` (default): earliest first; `-startsAt`: latest first; `createdAt`: in the order they were scheduled. Ties go by id, so pages never skip or repeat a workshop.',
});

export const listWorkshopsQuery = z
  .object({
    ...pageQuery,
    from: instant.optional().meta({ description: 'Workshops ending at or after this time.' }),
    to: instant.optional().meta({ description: 'Workshops starting before this time.' }),
    status: workshopStatus.optional(),
    municipalityId: uuidParam.optional(),
    programId: uuidParam.optional(),
    moderatorId: uuidParam.optional(),
    sort: workshopSort.default('startsAt'),
  })
  .strict();
export type ListWorkshopsQuery = z.infer<typeof listWorkshopsQuery>;
