import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../lib/errors.js';

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

function toProblem(error: FastifyError | AppError): Problem {
  if (error instanceof AppError) {
    return {
      type: `${PROBLEM_BASE}${error.code}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...error.extra,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'Invalid value',
    }));
    return {
      type: `${PROBLEM_BASE}validation_failed`,
      title: 'Request validation failed',
      status: 400,
      detail: `${errors.length} field${errors.length === 1 ? '' : 's'} did not pass validation.`,
      code: 'validation_failed',
      errors,
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
  return {
    type: 'about:blank',
    title: statusTitles[status] ?? 'Bad Request',
    status,
    detail: error.message,
    code: (error.code ?? 'bad_request').toLowerCase(),
  };
}

/** One renderer for every error: RFC 9457 problem+json with code and request id, never a stack. */
export const problemsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const problem = toProblem(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      if (problem.status === 429 && typeof problem.retryAfter === 'number') {
        reply.header('retry-after', String(problem.retryAfter));
      }
      if (problem.status === 401) reply.header('www-authenticate', 'Bearer error="invalid_token"');
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
