import { apiKeyScopes } from '@werkstatt/db';
import { z } from 'zod';
import { timestamp } from '../../lib/schemas.js';

/** The highest limit a key can be given (the CHECK of api_keys.rate_limit_per_minute). */
export const MAX_KEY_RATE_LIMIT = 100_000;

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
    rateLimitPerMinute: z.number().int().min(1).max(MAX_KEY_RATE_LIMIT).nullable().meta({
      description: "The key's own requests per minute; null when the default for API keys applies.",
    }),
    effectiveRateLimitPerMinute: z.number().int().min(1).meta({
      description:
        'Requests per minute made with this key that are answered before 429: `rateLimitPerMinute`, or the default for API keys (as `q` in the RateLimit-Policy header).',
      example: 600,
    }),
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
    rateLimitPerMinute: z.number().int().min(1).max(MAX_KEY_RATE_LIMIT).nullable().optional().meta({
      description:
        'Requests per minute allowed with this key. Absent or null: the default for API keys (API_KEY_RATE_LIMIT_PER_MINUTE). Anyone who may create the key may set it lower; only program administrators may set it higher than the default (others get 403 `rate_limit_above_default`).',
      example: 120,
    }),
  })
  .strict()
  .meta({ id: 'CreateApiKey' });
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;
