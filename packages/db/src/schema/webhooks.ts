import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.js';
import { municipalities } from './municipalities.js';
import { users } from './users.js';

export const webhookEventTypes = [
  'workshop.created',
  'workshop.updated',
  'workshop.cancelled',
  'strategy.published',
  'strategy.adopted',
  'measure.created',
  'measure.updated',
  'measure.deleted',
  'document.ready',
  'registration.created',
  'registration.updated',
  'registration.cancelled',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookSubscriptionStatuses = ['active', 'disabled'] as const;
export type WebhookSubscriptionStatus = (typeof webhookSubscriptionStatuses)[number];

/**
 * A portal's subscription: program-wide (municipality_id null, the program office's) or bound to one
 * municipality (its admin's). Secrets are kept encrypted (AES-256-GCM under WEBHOOK_SECRET_KEY), since
 * signing needs them in clear; a rotated-out secret signs alongside the new one until
 * previous_secret_expires_at.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    url: text('url').notNull(),
    description: text('description'),
    events: jsonb('events').$type<WebhookEventType[]>().notNull(),
    // registration.* events need personal data: only municipality-bound subscriptions may hold it.
    personalData: boolean('personal_data').notNull().default(false),
    secretCiphertext: text('secret_ciphertext').notNull(),
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true, mode: 'date' }),
    status: text('status').$type<WebhookSubscriptionStatus>().notNull().default('active'),
    // Failed attempts in a row across deliveries; a success resets it, reaching the limit disables.
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    disabledReason: text('disabled_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    index('webhook_subscriptions_municipality_idx').on(t.municipalityId, t.id),
    index('webhook_subscriptions_active_idx')
      .on(t.municipalityId)
      .where(sql`${t.status} = 'active' and ${t.deletedAt} is null`),
  ],
);

/**
 * One event, written in the transaction of the change it reports (with its outbox row). `payload` is
 * the body every subscriber receives: { type, timestamp, data }. municipality_ids lists every
 * municipality the event concerns (a workshop's are several; empty for program-wide ones).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    type: text('type').$type<WebhookEventType>().notNull(),
    municipalityIds: uuid('municipality_ids').array().notNull(),
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_occurred_idx').on(t.occurredAt)],
);

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** One event for one subscription; its id is the `webhook-id` header, the same on every attempt. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    // The subscription's municipality (null for program-wide ones), for row-level security.
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_subscription_key').on(t.eventId, t.subscriptionId),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.id),
  ],
);

/** Every HTTP attempt of a delivery: the delivery log a subscriber's owner reads. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: id(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    // null when no answer came: refused target, DNS failure, timeout, connection error (see error).
    statusCode: integer('status_code'),
    error: text('error'),
    // The first 1 KB of the answer's body, as text.
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [
    index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.attempt),
    index('webhook_delivery_attempts_subscription_idx').on(t.subscriptionId, t.id),
  ],
);
