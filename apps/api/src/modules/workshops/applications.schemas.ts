import { applicationStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';
import { venueInput, workshopFormat } from './workshops.schemas.js';

export const applicationStatus = z.enum(applicationStatuses).meta({
  id: 'WorkshopApplicationStatus',
  description:
    '`pending` until the program office accepts or declines it, or the municipality withdraws it; every other status is final.',
});

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
  .meta({ description: 'Wall-clock time in Europe/Berlin.', example: '09:00' });

const isCalendarDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const preferredDate = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .refine(isCalendarDay, 'not a calendar day')
      .meta({ example: '2026-11-21' }),
    from: clockTime.nullable().default(null),
    to: clockTime.nullable().default(null),
  })
  .strict()
  .refine((d) => (d.from === null) === (d.to === null), 'give both from and to, or neither')
  .refine((d) => d.from === null || d.to === null || d.to > d.from, 'to must be after from')
  .meta({
    id: 'PreferredDate',
    description: 'A day the municipality would like, optionally with a time window (Europe/Berlin).',
  });

export const applicationContact = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Petra Schneider' }),
    email: z.email().max(320).meta({ example: 'p.schneider@vg-nassau.de' }),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()/-]{3,40}$/, 'digits, spaces and + ( ) / - only')
      .nullable()
      .default(null)
      .meta({ example: '02604 9700-12' }),
  })
  .strict()
  .meta({ id: 'ApplicationContact', description: 'Who the program office talks to about the workshop.' });

export const workshopApplication = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid().meta({ description: 'The applying municipality.' }),
    programId: z.uuid(),
    preferredDates: z.array(
      z.object({ date: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
    ),
    partnerMunicipalityIds: z.array(z.uuid()),
    expectedParticipants: z.number().int(),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
    note: z.string(),
    status: applicationStatus,
    declineReason: z.string().nullable(),
    workshopId: z
      .uuid()
      .nullable()
      .meta({ description: 'The workshop scheduled for an accepted application.' }),
    decidedAt: timestamp.nullable().meta({ description: 'When it was accepted, declined or withdrawn.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'WorkshopApplication',
    description: "A municipality's application for a workshop (Anmeldung der Kommune).",
  });
export type WorkshopApplicationDto = z.infer<typeof workshopApplication>;

export const workshopApplicationPage = pageSchema(workshopApplication).meta({
  id: 'WorkshopApplicationPage',
});

export const createApplicationBody = z
  .object({
    programId: z.uuid(),
    preferredDates: z
      .array(preferredDate)
      .min(1)
      .max(3)
      .refine((d) => new Set(d.map((x) => x.date)).size === d.length, 'dates must be distinct'),
    partnerMunicipalityIds: z
      .array(z.uuid())
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'partners must be distinct')
      .default([]),
    expectedParticipants: z.number().int().min(1).max(500).meta({ example: 25 }),
    contact: applicationContact,
    note: z.string().trim().max(2000).default(''),
  })
  .strict()
  .meta({ id: 'CreateWorkshopApplication' });
export type CreateApplicationInput = z.infer<typeof createApplicationBody>;

const newWorkshop = z
  .object({
    title: z.string().trim().min(1).max(200).meta({ example: 'Digital-Werkstatt Nassau' }),
    format: workshopFormat,
    venue: venueInput.nullable().optional(),
    onlineUrl: z
      .url({ protocol: /^https$/ })
      .max(500)
      .nullable()
      .optional(),
    moderatorIds: z
      .array(z.uuid())
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'moderators must be distinct')
      .default([]),
    capacity: z.number().int().min(1).max(500).optional(),
  })
  .strict()
  .meta({
    id: 'WorkshopFromApplication',
    description:
      'A draft workshop on the first preferred date (its time window, else 09:00–17:00 Berlin time) for the applicant and its partners (applicant as host); checked by every workshop rule.',
  });

export const acceptApplicationBody = z
  .union([
    z.object({ workshop: newWorkshop }).strict(),
    z
      .object({
        workshopId: z.uuid().meta({ description: 'An existing workshop the applicant takes part in.' }),
      })
      .strict(),
  ])
  .meta({
    id: 'AcceptWorkshopApplication',
    description: 'Either create a draft workshop or link an existing one.',
  });
export type AcceptApplicationInput = z.infer<typeof acceptApplicationBody>;

export const declineApplicationBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .meta({ example: 'Im gewünschten Zeitraum sind alle Termine vergeben.' }),
  })
  .strict()
  .meta({ id: 'DeclineWorkshopApplication' });

export const listApplicationsQuery = z
  .object({
    ...pageQuery,
    status: applicationStatus.optional(),
    programId: uuidParam.optional(),
    municipalityId: uuidParam.optional(),
    sort: z.enum(['createdAt', '-createdAt']).default('createdAt').meta({
      id: 'WorkshopApplicationSort',
      description: '`createdAt` (default): oldest first; `-createdAt`: newest first, as an inbox shows them.',
    }),
  })
  .strict();
export type ListApplicationsQuery = z.infer<typeof listApplicationsQuery>;
