import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id } from './columns.js';
import { municipalities } from './municipalities.js';

export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label'),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_events_municipality_idx').on(t.municipalityId, t.id),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
  ],
);

// Transactional outbox: written in the same transaction as the change, relayed to BullMQ after commit.
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    queue: text('queue').notNull(),
    jobName: text('job_name').notNull(),
    payload: jsonb('payload').notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    // The request id and trace context of the request or job that wrote it (see @werkstatt/jobs origin).
    origin: jsonb('origin').$type<{ requestId?: string; traceparent?: string; tracestate?: string }>(),
  },
  (t) => [index('outbox_pending_idx').on(t.availableAt, t.id).where(sql`${t.dispatchedAt} is null`)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: id(),
    // Keys are scoped to who sent them: "user:<id>" or "api_key:<id>".
    actorKey: text('actor_key').notNull(),
    key: text('key').notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').$type<'in_progress' | 'completed'>().notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_actor_key_key').on(t.actorKey, t.key),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);

/**
 * How often each municipality's strategy data has changed, and under the nil UUID the shared catalog
 * of action fields. Bumped at commit by triggers (migration 0017) and read, with the principal check,
 * by app_representation_tag: the API's representation cache serves a stored response only while the
 * tag it was built at is current. No foreign key: a counter outlives its municipality, so a tag is
 * never reused.
 */
export const representationRevisions = pgTable('representation_revisions', {
  municipalityId: uuid('municipality_id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});
