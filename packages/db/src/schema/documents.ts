import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.js';
import { municipalities } from './municipalities.js';
import { strategyVersions } from './strategy.js';

export const documentStatuses = ['queued', 'rendering', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
export const documentStatus = pgEnum('document_status', documentStatuses);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

// The PDF of one strategy version (Dokument). Rendered by the worker; one per version.
export const documents = pgTable(
  'documents',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    strategyVersionId: uuid('strategy_version_id')
      .notNull()
      .references(() => strategyVersions.id),
    status: documentStatus('status').notNull().default('queued'),
    progress: smallint('progress').notNull().default(0),
    pageCount: integer('page_count'),
    sizeBytes: integer('size_bytes'),
    /** Hex SHA-256 of the PDF bytes; also the ETag of the content. */
    sha256: text('sha256'),
    error: text('error'),
    /** The download name, with umlauts; an ASCII fallback is derived when sending. */
    filename: text('filename').notNull(),
    ...timestamps,
  },
  (t) => [
    // One document per version: a second request finds the first, also when two arrive at once.
    uniqueIndex('documents_strategy_version_key').on(t.strategyVersionId),
    // Target of document_contents' composite foreign key.
    unique('documents_id_municipality_key').on(t.id, t.municipalityId),
    index('documents_municipality_idx').on(t.municipalityId, t.id),
    check('documents_progress_check', sql`${t.progress} between 0 and 100`),
    check(
      'documents_ready_check',
      sql`${t.status} <> 'ready' or (${t.pageCount} is not null and ${t.sizeBytes} is not null and ${t.sha256} is not null)`,
    ),
  ],
);

// The bytes live apart from the status row, so listing or polling documents never reads a PDF.
export const documentContents = pgTable(
  'document_contents',
  {
    documentId: uuid('document_id').primaryKey(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'document_contents_document_fk',
      columns: [t.documentId, t.municipalityId],
      foreignColumns: [documents.id, documents.municipalityId],
    }).onDelete('cascade'),
    index('document_contents_municipality_idx').on(t.municipalityId),
  ],
);
