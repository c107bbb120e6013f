import { apiKeyScopes } from '@werkstatt/db';
import { z } from 'zod';
import { timestamp } from '../../lib/schemas.js';

export const apiKeyScope = z.enum(apiKeyScopes).meta({ id: 'ApiKeyScope' });

export const apiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: 'First characters of the key, to tell keys apart.' }),
    scopes: z.array(apiKeyScope),
    municipalityId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({
    id: 'ApiKey',
    description: 'A key for a third-party portal. The key itself is never shown again.',
  });
export type ApiKeyDto = z.infer<typeof apiKey>;

export const createdApiKey = apiKey
  .extend({
    key: z.string().meta({
      description: 'The key to send as `Authorization: Bearer …`. Shown only in this response; store it now.',
      example: 'wst_3q2-7wEjbVd5TnRk0pXyLhQ1oZcA8fGm4sUeNiJ9DvI',
    }),
  })
  .meta({ id: 'CreatedApiKey' });
export type CreatedApiKeyDto = z.infer<typeof createdApiKey>;

export const createApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Landesportal RLP' }),
    scopes: z
      .array(apiKeyScope)
      .min(1)
      .max(apiKeyScopes.length)
      .refine((s) => new Set(s).size === s.length, 'scopes must be distinct')
      .refine(
        (s) =>
          !s.includes('personal:read') || s.includes('municipality:read') || s.includes('municipality:write'),
        'personal:read reads the personal data of a municipality: it needs municipality:read or municipality:write',
      )
      .meta({
        description:
          'What the key may do. personal:read (participants, registrations, contact persons, who created what) is never implied by another scope: ask for it explicitly, together with municipality:read or municipality:write.',
      }),
    municipalityId: z.uuid().nullable().optional().meta({
      description:
        'Binds the key to one municipality. Municipality administrators get their own by default; program administrators get a key for all municipalities when it is absent or null.',
    }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((t) => new Date(t).getTime() > Date.now(), 'must be in the future')
      .optional()
      .meta({ description: 'After this time the key no longer authenticates.' }),
  })
  .strict()
  .meta({ id: 'CreateApiKey' });
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;
