import { z } from 'zod';
import { timestamp } from '../../lib/schemas.js';
import { participantFields } from './registrations.schemas.js';
import { workshopDay } from './workshops.schemas.js';

const localTime = z
  .string()
  .meta({ description: 'Wall-clock time in Europe/Berlin.', example: '2026-11-21T09:00:00' });

const secret = z.string().min(1).max(200).meta({ description: 'The secret from the link.' });

export const invitationTokenParams = z.object({ token: secret }).strict();
export const linkTokenBody = z.object({ token: secret }).strict().meta({ id: 'PersonalLinkToken' });

export const publicWorkshop = z
  .object({
    title: z.string(),
    format: z.enum(['onsite', 'online']),
    startsAt: timestamp,
    endsAt: timestamp,
    timeZone: z.literal('Europe/Berlin'),
    startsAtLocal: localTime,
    endsAtLocal: localTime,
    days: z
      .array(workshopDay)
      .min(1)
      .meta({ description: 'The days of the workshop in order, each with its own times.' }),
    venue: z
      .object({
        name: z.string().nullable(),
        street: z.string().nullable(),
        postalCode: z.string().nullable(),
        city: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'Where it takes place; null for an online workshop (the link comes by e-mail).' }),
    municipalityName: z.string().meta({ description: 'The municipality the invitation is for.' }),
    seats: z.enum(['available', 'waitlist']).meta({
      description:
        '`available` while a seat is left for the municipality, else new registrations go to the waitlist.',
    }),
    registration: z.enum(['open', 'not_open', 'closed', 'cancelled', 'held']).meta({
      description: 'Whether the workshop takes registrations now.',
    }),
    registrationClosesAt: timestamp,
  })
  .meta({
    id: 'PublicWorkshop',
    description: 'What an invitee sees of a workshop: its public details, nothing about other participants.',
  });
export type PublicWorkshopDto = z.infer<typeof publicWorkshop>;

export const publicRegistrationBody = z
  .object({
    ...participantFields,
    consent: z.literal(true).meta({
      description: 'The invitee agrees that their data is processed to organise the workshop.',
    }),
  })
  .strict()
  .meta({ id: 'PublicRegistration' });
export type PublicRegistrationInput = z.infer<typeof publicRegistrationBody>;

export const pendingRegistration = z
  .object({
    status: z.literal('pending'),
    confirmWithinHours: z.number().int(),
  })
  .meta({
    id: 'PendingRegistration',
    description:
      'The same answer for every accepted request (also when the address is already registered): the invitee confirms through the link in the e-mail.',
  });
export type PendingRegistrationDto = z.infer<typeof pendingRegistration>;

export const publicRegistrationStatus = z
  .object({
    status: z.enum(['confirmed', 'waitlisted', 'cancelled', 'attended']),
    waitlistPosition: z.number().int().nullable(),
    workshop: publicWorkshop,
  })
  .meta({
    id: 'PublicRegistrationStatus',
    description: "The invitee's own registration after following a personal link.",
  });
export type PublicRegistrationStatusDto = z.infer<typeof publicRegistrationStatus>;
