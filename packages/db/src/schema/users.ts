import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { deletedAt, id, timestamps } from './columns.js';
import { type ApiKeyScope, userRole } from './enums.js';
import { municipalities } from './municipalities.js';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
    deletedAt: deletedAt(),
  },
  (t) => [
    // E-mail addresses are unique among live users regardless of case; a deleted user's address
    // can be given to a new account.
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`).where(sql`${t.deletedAt} is null`),
    index('users_municipality_idx').on(t.municipalityId, t.id),
    index('users_updated_at_idx').on(t.updatedAt, t.id),
    // Program office roles have no municipality; municipality roles must have one.
    check(
      'users_role_municipality_check',
      sql`(${t.role} in ('program_admin', 'moderator')) = (${t.municipalityId} is null)`,
    ),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    // All tokens rotated from one login share a family; reuse of a rotated token revokes it.
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    // The session check (app_check_principal) asks on every request whether a family was revoked.
    index('refresh_tokens_revoked_family_idx').on(t.familyId).where(sql`${t.revokedAt} is not null`),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    // First characters of the key, shown in lists so people can tell keys apart.
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: jsonb('scopes').$type<ApiKeyScope[]>().notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    createdBy: uuid('created_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    // Requests per minute made with this key; null means the configured default.
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('api_keys_hash_key').on(t.keyHash),
    index('api_keys_municipality_idx').on(t.municipalityId, t.id),
    check('api_keys_rate_limit_check', sql`${t.rateLimitPerMinute} between 1 and 100000`),
  ],
);

export const accountTokenPurposes = ['invitation', 'password_reset'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/**
 * Single-use links that let a person set their password: the invitation of a new account and a
 * password reset ("Passwort vergessen"). The worker derives the link's secret from LINK_SECRET and
 * the row id when it mails the link and stores only its SHA-256 here, so no secret passes through
 * the outbox; a row without a hash has not been mailed yet and matches nothing.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    purpose: text('purpose').$type<AccountTokenPurpose>().notNull(),
    tokenHash: text('token_hash'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    // A newer link of the user, a password change or a deleted account makes the older ones void.
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('account_tokens_hash_key').on(t.tokenHash),
    index('account_tokens_open_idx').on(t.userId).where(sql`${t.usedAt} is null and ${t.revokedAt} is null`),
    check('account_tokens_purpose_check', sql`${t.purpose} in ('invitation', 'password_reset')`),
  ],
);
