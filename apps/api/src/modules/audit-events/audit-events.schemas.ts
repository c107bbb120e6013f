import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { timestamp } from '../../lib/schemas.js';

const occurredAt = z.iso.datetime({ offset: true });

export const listAuditEventsQuery = z
  .object({
    ...pageQuery,
    entityType: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'lowercase letters, digits and underscores')
      .optional()
      .meta({ example: 'municipality' }),
    entityId: z.uuid().optional(),
    municipalityId: z.uuid().optional(),
    action: z
      .string()
      .regex(/^[a-z][a-z0-9_.]{0,99}$/, 'lowercase letters, digits, underscores and dots')
      .optional()
      .meta({ example: 'municipality.updated' }),
    actorId: z.uuid().optional().meta({ description: 'The user or API key that made the change.' }),
    occurredFrom: occurredAt.optional().meta({ description: 'Only events at or after this time.' }),
    occurredTo: occurredAt.optional().meta({ description: 'Only events before this time.' }),
  })
  .strict()
  .refine((q) => !q.occurredFrom || !q.occurredTo || Date.parse(q.occurredFrom) <= Date.parse(q.occurredTo), {
    path: ['occurredTo'],
    message: 'must not be before occurredFrom',
  });
export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuery>;

export const auditActor = z
  .object({
    type: z.string().meta({ description: '"user" or "api_key".', example: 'user' }),
    id: z.uuid().nullable(),
    label: z.string().nullable().meta({
      description:
        'A user\'s current e-mail address ("gelöschter Benutzer" once the user was deleted; null for a user the caller may not see), an API key\'s name at the time.',
    }),
  })
  .meta({ id: 'AuditActor', description: 'Who made the change.' });

export const auditEvent = z
  .object({
    id: z.uuid(),
    occurredAt: timestamp,
    actor: auditActor,
    municipalityId: z.uuid().nullable(),
    action: z.string().meta({ example: 'municipality.updated' }),
    entityType: z.string().meta({ example: 'municipality' }),
    entityId: z.uuid(),
    before: z.unknown().meta({ description: 'The resource before the change; null when it was created.' }),
    after: z.unknown().meta({ description: 'The resource after the change.' }),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent', description: 'One change: who, what, which row, before and after.' });
export type AuditEventDto = z.infer<typeof auditEvent>;
