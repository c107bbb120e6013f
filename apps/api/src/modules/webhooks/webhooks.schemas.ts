import { webhookDeliveryStatuses, webhookEventTypes, webhookSubscriptionStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { timestamp } from '../../lib/schemas.js';

export const webhookEventType = z.enum(webhookEventTypes).meta({
  id: 'WebhookEventType',
  description:
    'What happened. registration.* events carry personal data: only subscriptions of one municipality with `personalData: true` receive them.',
});

export const personalEventTypes = webhookEventTypes.filter((t) => t.startsWith('registration.'));

const url = z.string().trim().max(2048).meta({
  description:
    'Where deliveries are POSTed: https only, no user name or password, no fragment. The host must resolve to public addresses only.',
  example: 'https://portal.example.org/hooks/werkstatt',
});

const events = z
  .array(webhookEventType)
  .min(1)
  .max(webhookEventTypes.length)
  .refine((e) => new Set(e).size === e.length, 'events must be distinct')
  .meta({ description: 'The event types to receive.' });

const description = z
  .string()
  .trim()
  .max(500)
  .nullable()
  .meta({ description: 'What the subscription is for, for people.', example: 'Landesportal RLP' });

export const webhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(webhookEventType),
    description: z.string().nullable(),
    municipalityId: z.uuid().nullable().meta({
      description: 'The municipality whose events are delivered; null for a program-wide subscription.',
    }),
    personalData: z.boolean().meta({
      description: 'Whether registration.* events (personal data) may be delivered.',
    }),
    status: z.enum(webhookSubscriptionStatuses).meta({
      description:
        'disabled after too many failed attempts in a row (see disabledReason), or by hand; PATCH status active re-enables it.',
    }),
    consecutiveFailures: z.number().int(),
    disabledAt: timestamp.nullable(),
    disabledReason: z.string().nullable(),
    previousSecretExpiresAt: timestamp.nullable().meta({
      description: 'Until then deliveries are signed with the previous secret too (after a rotation).',
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'WebhookSubscription',
    description: 'A portal’s subscription to webhook events. The signing secret is never shown again.',
  });
export type WebhookSubscriptionDto = z.infer<typeof webhookSubscription>;

const secret = z.string().meta({
  description:
    'The signing secret (Standard Webhooks, `whsec_` + base64). Shown only in this response; store it now.',
  example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
});

export const createdWebhookSubscription = webhookSubscription
  .extend({ secret })
  .meta({ id: 'CreatedWebhookSubscription' });
export type CreatedWebhookSubscriptionDto = z.infer<typeof createdWebhookSubscription>;

export const createWebhookSubscriptionBody = z
  .object({
    url,
    events,
    description: description.optional(),
    municipalityId: z.uuid().nullable().optional().meta({
      description:
        'The municipality whose events are delivered. Municipality administrators get their own by default; program administrators get a program-wide subscription when it is absent or null.',
    }),
    personalData: z.boolean().default(false).meta({
      description:
        'Allows registration.* events (participants’ names and addresses). Only for a subscription bound to one municipality.',
    }),
  })
  .strict()
  .meta({ id: 'CreateWebhookSubscription' });
export type CreateWebhookSubscriptionInput = z.infer<typeof createWebhookSubscriptionBody>;

export const updateWebhookSubscriptionBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    status: z.enum(webhookSubscriptionStatuses).optional().meta({
      description:
        'active re-enables a disabled subscription and resets its failure count; disabled pauses it.',
    }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateWebhookSubscription' });
export type UpdateWebhookSubscriptionInput = z.infer<typeof updateWebhookSubscriptionBody>;

export const rotateWebhookSecretBody = z
  .object({
    overlapHours: z.number().int().min(0).max(168).optional().meta({
      description:
        'How long deliveries are still signed with the old secret too (0–168 hours); the configured default otherwise.',
    }),
  })
  .strict()
  .meta({ id: 'RotateWebhookSecret' });
export type RotateWebhookSecretInput = z.infer<typeof rotateWebhookSecretBody>;

export const listWebhookSubscriptionsQuery = z
  .object({
    ...pageQuery,
    municipalityId: z.uuid().optional().meta({ description: 'Only subscriptions of this municipality.' }),
  })
  .strict();
export type ListWebhookSubscriptionsQuery = z.infer<typeof listWebhookSubscriptionsQuery>;

export const webhookDeliveryAttempt = z
  .object({
    attempt: z.number().int(),
    startedAt: timestamp,
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable().meta({ description: 'null when no answer came (see error).' }),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable().meta({ description: 'The first 1 KB of the answer’s body.' }),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const webhookDelivery = z
  .object({
    id: z.uuid().meta({ description: 'Also the `webhook-id` header, the same on every attempt.' }),
    eventId: z.uuid(),
    eventType: webhookEventType,
    status: z.enum(webhookDeliveryStatuses),
    attemptCount: z.number().int().meta({ description: 'HTTP attempts made so far.' }),
    lastAttemptAt: timestamp.nullable(),
    nextAttemptAt: timestamp.nullable(),
    createdAt: timestamp,
    attempts: z.array(webhookDeliveryAttempt).meta({ description: 'Every HTTP attempt, oldest first.' }),
  })
  .meta({ id: 'WebhookDelivery', description: 'One event for one subscription, and its attempts.' });
export type WebhookDeliveryDto = z.infer<typeof webhookDelivery>;

export const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() }).strict();
