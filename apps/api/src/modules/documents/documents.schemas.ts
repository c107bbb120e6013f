import { documentStatuses } from '@werkstatt/db';
import { z } from 'zod';
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
