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

// Errors are sent as application/problem+json; the OpenAPI document says so, with what each status means.
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

export const problemResponses = {
  400: problem('The request is malformed or a field is invalid (see `errors`).'),
  401: problem('No valid access token or API key.'),
  403: problem('Signed in, but not allowed to do this.'),
  404: problem('Not found, or not visible to you.'),
  409: problem('Conflicts with the current state (see `code`).'),
  412: problem('If-Match names an outdated version; `current` holds the current one.'),
  422: problem('Well-formed, but breaks a rule (see `code`).'),
  428: problem('If-Match is required for this change.'),
  429: problem('Too many requests; retry after the Retry-After header.'),
  503: problem('A dependency is unavailable.'),
} as const;

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  400: problemResponses[400],
  401: problemResponses[401],
  403: problemResponses[403],
  404: problemResponses[404],
  429: problemResponses[429],
} as const;

export const writeErrors = {
  ...commonErrors,
  409: problemResponses[409],
  412: problemResponses[412],
  422: problemResponses[422],
} as const;

/** Write errors of routes that require If-Match (428 when it is missing). */
export const conditionalWriteErrors = {
  ...writeErrors,
  428: problemResponses[428],
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
