import { isDatabaseUnavailable } from '@werkstatt/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isCredentialRejected, isMunicipalityNotInUse } from '../lib/db-errors.js';
import { AppError, type FieldError, notFound, unauthorized } from '../lib/errors.js';

const PROBLEM_BASE = '/problems/';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send({ ...problem, instance: request.url, requestId: request.id });
}

// Fastify's own request errors get stable codes, so clients never see framework internals.
const frameworkErrors: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', detail: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: 'This content type is not supported. Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'empty_body',
    detail: 'The request body is empty although its content type is JSON.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    detail: 'The Content-Length header does not match the body.',
  },
};

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** One entry per field; an unknown key is reported at its own path, not at the enclosing object. */
function fieldErrors(context: string, issues: ValidationIssue[]): FieldError[] {
  return issues.flatMap((v) => {
    const at = [context, ...v.instancePath.split('/').filter(Boolean)];
    const keys = v.params?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({ path: [...at, String(key)].join('.'), message: 'Unknown field' }));
    }
    return [{ path: at.join('.'), message: v.message ?? 'Invalid value' }];
  });
}

// A Postgres restart or failover takes seconds; clients are told to wait that long before retrying.
const DATABASE_RETRY_AFTER_S = 5;

function toProblem(error: FastifyError | AppError): Problem {
  // The same 404 as for a municipality that never existed.
  if (isMunicipalityNotInUse(error)) return toProblem(notFound('Municipality'));
  if (isCredentialRejected(error)) {
    return toProblem(
      unauthorized('These credentials are no longer valid. Sign in again or use a current API key.'),
    );
  }
  if (error instanceof AppError) {
    // Extra members first: a domain field named like a core member (e.g. "status") must never
    // override the problem's own type, status or code.
    return {
      ...error.extra,
      type: `${PROBLEM_BASE}${error.code}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fieldErrors(error.validationContext ?? 'request', error.validation);
    return {
      type: `${PROBLEM_BASE}validation_failed`,
      title: 'Request validation failed',
      status: 400,
      detail: `${errors.length} field${errors.length === 1 ? '' : 's'} did not pass validation.`,
      code: 'validation_failed',
      errors,
    };
  }
  // Postgres restarting or failing over: a retry in a few seconds succeeds, which a 500 would hide.
  if (isDatabaseUnavailable(error)) {
    return {
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The database cannot be reached right now. Nothing was changed; try again in a few seconds.',
      code: 'service_unavailable',
      retryAfter: DATABASE_RETRY_AFTER_S,
    };
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500 || isResponseSerializationError(error)) {
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. The request id helps us find it.',
      code: 'internal_error',
    };
  }
  // Fastify's own 4xx (malformed JSON, body too large, unsupported media type, …).
  const known = error.code ? frameworkErrors[error.code] : undefined;
  return {
    type: 'about:blank',
    title: statusTitles[status] ?? 'Bad Request',
    status,
    detail: known?.detail ?? error.message,
    code: known?.code ?? (error.code ?? 'bad_request').replace(/^FST_ERR_(CTP_)?/, '').toLowerCase(),
  };
}

/** One renderer for every error: RFC 9457 problem+json with code and request id, never a stack. */
export const problemsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const problem = toProblem(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfter === 'number') {
        reply.header('retry-after', String(problem.retryAfter));
      }
      // RFC 6750: an error code only when a token was presented; without one, just the scheme.
      if (problem.status === 401) {
        reply.header(
          'www-authenticate',
          request.headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer realm="werkstatt"',
        );
      }
      return sendProblem(request, reply, problem);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
        code: 'route_not_found',
      }),
    );
  },
  { name: 'problems' },
);
