import { participantRoles, registrationStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const registrationParams = z.object({ id: uuidParam, registrationId: uuidParam }).strict();

export const participantRole = z.enum(participantRoles).meta({
  id: 'ParticipantRole',
  description: 'Council/politics, administration, citizen, local business or other.',
});
export const registrationStatus = z.enum(registrationStatuses).meta({
  id: 'RegistrationStatus',
  description:
    '`pending`: an invitee has not yet confirmed their e-mail address (holds no seat). `confirmed` holds a seat, `waitlisted` waits at `waitlistPosition`, `attended` was checked in on the day.',
});

export const registration = z
  .object({
    id: z.uuid(),
    workshopId: z.uuid(),
    municipalityId: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    role: participantRole,
    note: z.string(),
    status: registrationStatus,
    waitlistPosition: z.number().int().nullable().meta({ description: '1 is next in line.' }),
    confirmedAt: timestamp.nullable(),
    cancelledAt: timestamp.nullable(),
    attendedAt: timestamp.nullable(),
    anonymizedAt: timestamp.nullable().meta({
      description: 'Set once the personal data was erased (DSGVO); the row still counts.',
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Registration', description: 'One participant of one workshop (Teilnehmeranmeldung).' });
export type RegistrationDto = z.infer<typeof registration>;

export const registrationPage = pageSchema(registration).meta({ id: 'RegistrationPage' });

const name = z.string().trim().min(1).max(100);
export const participantFields = {
  firstName: name.meta({ example: 'Jürgen' }),
  lastName: name.meta({ example: 'Weißmüller' }),
  email: z.email().max(254).meta({ example: 'juergen.weissmueller@vg-example.de' }),
  role: participantRole,
  note: z.string().max(2000).default(''),
};

export const createRegistrationBody = z
  .object({
    ...participantFields,
    municipalityId: z.uuid().optional().meta({
      description: "Defaults to the caller's municipality (or the only participating one).",
    }),
  })
  .strict()
  .meta({ id: 'CreateRegistration' });
export type CreateRegistrationInput = z.infer<typeof createRegistrationBody>;

export const listRegistrationsQuery = z
  .object({
    ...pageQuery,
    status: registrationStatus.optional(),
    municipalityId: uuidParam.optional(),
  })
  .strict();
export type ListRegistrationsQuery = z.infer<typeof listRegistrationsQuery>;
