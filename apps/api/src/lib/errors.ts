export interface FieldError {
  path: string;
  message: string;
}

/** A domain error with a machine code; the problem handler renders it as RFC 9457. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'validation_failed', 'Request validation failed', detail, errors ? { errors } : {});

export const unauthorized = (detail = 'Authentication is required.') =>
  new AppError(401, 'unauthorized', 'Unauthorized', detail);

export const forbidden = (detail = 'You are not allowed to do this.') =>
  new AppError(403, 'forbidden', 'Forbidden', detail);

// Another tenant's resource is reported as missing, never as forbidden, so its existence is not confirmed.
export const notFound = (what: string) =>
  new AppError(404, 'not_found', 'Not Found', `${what} was not found.`);

export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, 'Conflict', detail, extra);

export const unprocessable = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new AppError(422, code, 'Unprocessable Content', detail, extra);

export const preconditionFailed = (current: unknown, etag: string) =>
  new AppError(
    412,
    'precondition_failed',
    'Precondition Failed',
    'The resource was changed by someone else. Reload it and apply your change again.',
    { current, currentEtag: etag },
  );

export const preconditionRequired = () =>
  new AppError(
    428,
    'precondition_required',
    'Precondition Required',
    "Send If-Match with the ETag of the version you edited, so no one else's change is overwritten.",
  );

export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', 'Too Many Requests', 'Too many requests. Try again later.', {
    retryAfter: retryAfterSeconds,
  });
