import { z } from 'zod';

export const uuidParam = z.uuid().meta({ example: '0190f1c2-7a1b-7cde-8f00-123456789abc' });
export const idParams = z.object({ id: uuidParam }).strict();

export const timestamp = z.iso.datetime().meta({ example: '2026-11-21T09:00:00.000Z' });

export const fieldError = z
  .object({ path: z.string(), message: z.string() })
  .meta({ id: 'FieldError', description: 'One invalid field: its path and what is wrong.' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(fieldError).optional(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  429: problemSchema,
} as const;

export const writeErrors = {
  ...commonErrors,
  409: problemSchema,
  412: problemSchema,
  422: problemSchema,
} as const;

/** Write errors of routes that require If-Match (428 when it is missing). */
export const conditionalWriteErrors = {
  ...writeErrors,
  428: problemSchema,
} as const;

export const ifMatchHeaders = z
  .object({
    'if-match': z
      .string()
      .max(200)
      .optional()
      .meta({ description: 'ETag of the version you edited; 412 when it is no longer current.' }),
  })
  .loose();

export const idempotencyHeaders = z
  .object({
    'idempotency-key': z.string().min(1).max(255).optional().meta({
      description: 'Retrying with the same key returns the first result instead of creating twice.',
    }),
  })
  .loose();

export const requiredIfMatchHeaders = z
  .object({
    'if-match': z.string().max(200).optional().meta({
      description:
        'Required: the ETag of the version you edited. Missing → 428 precondition_required; stale → 412 with the current representation.',
    }),
  })
  .loose();

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
