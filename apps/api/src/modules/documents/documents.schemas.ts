import { documentStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const documentParams = z.object({ id: uuidParam }).strict();
export const requestDocumentParams = z.object({ id: uuidParam, versionId: uuidParam }).strict();

export const documentStatus = z.enum(documentStatuses).meta({
  id: 'DocumentStatus',
  description:
    '`queued` until a worker takes it (also while a failed attempt waits for its retry), `rendering`, then `ready` or, after the last attempt, `failed`.',
});

export const documentSchema = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    strategyVersionId: z.uuid(),
    status: documentStatus,
    progress: z.number().int().min(0).max(100).meta({ description: 'Percent done, 0–100.' }),
    pageCount: z.number().int().nullable(),
    sizeBytes: z.number().int().nullable(),
    sha256: z
      .string()
      .nullable()
      .meta({ description: 'Hex SHA-256 of the PDF; the ETag of its content.', example: 'e3b0c442…' }),
    error: z.string().nullable().meta({ description: 'Why the last attempt failed, if it did.' }),
    filename: z.string().meta({ example: 'Digitalstrategie-Verbandsgemeinde-Wonnegau-2026-11-21.pdf' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'Document',
    description: 'The PDF of one strategy version (Dokument), rendered in the background.',
  });
export type DocumentDto = z.infer<typeof documentSchema>;

export const municipalityDocumentsParams = z.object({ id: uuidParam }).strict();
export const listDocumentsQuery = z.object(pageQuery).strict();

export const municipalityDocument = documentSchema
  .extend({
    version: z
      .object({ id: z.uuid(), number: z.number().int(), label: z.string() })
      .meta({ description: 'The strategy version the document was rendered from.' }),
  })
  .meta({
    id: 'MunicipalityDocument',
    description: 'A document in the list of a municipality, with its version.',
  });
export type MunicipalityDocumentDto = z.infer<typeof municipalityDocument>;

export const municipalityDocumentPage = pageSchema(municipalityDocument).meta({
  id: 'MunicipalityDocumentPage',
});

export const contentHeaders = z
  .object({
    'if-none-match': z
      .string()
      .max(200)
      .optional()
      .meta({ description: 'The ETag (the SHA-256) of a copy you have; 304 when it is still current.' }),
  })
  .loose();

export const pdfContent = z.string().meta({ id: 'PdfFile', format: 'binary', description: 'A PDF file.' });

export const eventHeaders = z
  .object({
    'last-event-id': z.string().max(200).optional().meta({
      description:
        'The id of the last event a reconnecting client received. No history is kept: the stream starts with the current status either way (its id equals this one when nothing changed).',
      example: '1795255200123',
    }),
  })
  .loose();

export const documentEventStream = z.string().meta({
  id: 'DocumentEventStream',
  description:
    "Server-sent events (text/event-stream). Each `status` event has an `id` (the document's `updatedAt` in epoch milliseconds) and one `data` line with the `Document` as JSON, exactly as `GET /v1/documents/{id}` returns it. Comment lines (`: heartbeat`) keep the connection open and carry no data.",
  example:
    'id: 1795255200123\nevent: status\ndata: {"id":"0190f1c2-7a1b-7cde-8f00-123456789abc","status":"rendering","progress":10,…}\n\n',
});
