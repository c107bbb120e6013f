import type { RouteOptions } from 'fastify';

/**
 * Responses every operation can give whatever its route declares: a 500 problem, a 503 problem while
 * the database cannot be reached, and for every
 * route behind the rate limiter a 429 problem plus the limiter's headers on its success responses
 * (the IETF RateLimit and RateLimit-Policy fields and the older X-RateLimit-* ones).
 * Added to the document here, in one place, so a new route is documented without doing anything.
 */

/** Set on a route's schema by the route transform, read and removed again by the document transform. */
export const RATE_LIMITED = 'x-werkstatt-rate-limited';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const seconds = { type: 'integer', minimum: 0, example: 42 };

/** The headers the rate limiter sends (plugins/rate-limit.ts), under the names clients see. */
export const sharedHeaders = {
  RateLimit: {
    description:
      'The quota left, as a structured field (draft-ietf-httpapi-ratelimit-headers): the policy name, `r` the requests left in the current window and `t` the seconds until it ends, e.g. `"key";r=597;t=42`. Same numbers as X-RateLimit-Remaining and X-RateLimit-Reset.',
    schema: { type: 'string', maxLength: 100, example: '"key";r=597;t=42' },
  },
  'RateLimit-Policy': {
    description:
      'The quota that applies, as a structured field (draft-ietf-httpapi-ratelimit-headers): `q` requests per window of `w` seconds, e.g. `"key";q=600;w=60`. The policy name says what is counted: `key` (this API key: its own limit or the default for keys), `user` (the signed-in user), `ip` (calls without credentials, per client address) or, on routes with a limit of their own, its name such as `public` (per client address and route).',
    schema: { type: 'string', maxLength: 100, example: '"key";q=600;w=60' },
  },
  'X-RateLimit-Limit': {
    description:
      'Requests allowed per minute for this caller: per API key (its own limit or the default for keys), per user, or per client address for calls without credentials. Same number as `q` in RateLimit-Policy.',
    schema: { type: 'integer', minimum: 1, example: 600 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current minute.',
    schema: { type: 'integer', minimum: 0, example: 597 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the current minute ends and the full limit is available again.',
    schema: seconds,
  },
  'Retry-After': {
    description: 'Seconds to wait before sending the request again.',
    schema: seconds,
  },
} as const;

const rateLimitHeaders = {
  RateLimit: headerRef('RateLimit'),
  'RateLimit-Policy': headerRef('RateLimit-Policy'),
  'X-RateLimit-Limit': headerRef('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': headerRef('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': headerRef('X-RateLimit-Reset'),
};

export const sharedResponses = {
  TooManyRequests: {
    description:
      'Too many requests (`code` too_many_requests): the per-minute limit is used up, or sign-in attempts are throttled. Retry after the seconds in Retry-After.',
    headers: { 'Retry-After': headerRef('Retry-After'), ...rateLimitHeaders },
    content: PROBLEM,
  },
  ServiceUnavailable: {
    description:
      'The database cannot be reached for a moment, e.g. while it restarts (`code` service_unavailable). Nothing was changed; retry after the seconds in Retry-After.',
    headers: { 'Retry-After': headerRef('Retry-After') },
    content: PROBLEM,
  },
  InternalServerError: {
    description:
      'An unexpected error on the server (`code` internal_error). The body holds no internals; its `requestId` lets the operators find the request in the logs.',
    content: PROBLEM,
  },
} as const;

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Whether a route passes the rate limiter: it is global, so every route unless it opts out. */
export const isRateLimited = (route: Pick<RouteOptions, 'config'>): boolean =>
  (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false;

interface Operation {
  [RATE_LIMITED]?: boolean;
  responses?: Record<string, { headers?: Record<string, unknown> } & Record<string, unknown>>;
}

/** Adds the shared responses and headers to every operation of the document and declares them once. */
export function addSharedResponses<T extends object>(doc: T): T {
  const d = doc as {
    paths?: Record<string, Record<string, Operation>>;
    components?: Record<string, unknown>;
  };
  const paths: Record<string, Record<string, Operation>> = {};
  for (const [path, item] of Object.entries(d.paths ?? {})) {
    paths[path] = Object.fromEntries(
      Object.entries(item).map(([method, value]) => {
        if (!METHODS.has(method)) return [method, value];
        const { [RATE_LIMITED]: limited, ...op } = value;
        const responses: NonNullable<Operation['responses']> = { ...op.responses };
        if (limited) {
          for (const [status, response] of Object.entries(responses)) {
            if (/^[23]/.test(status)) {
              responses[status] = { ...response, headers: { ...response.headers, ...rateLimitHeaders } };
            }
          }
          responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
        }
        responses['500'] = { $ref: '#/components/responses/InternalServerError' };
        // Kept where a route declares its own (the readiness check answers 503 with its checks).
        responses['503'] ??= { $ref: '#/components/responses/ServiceUnavailable' };
        return [method, { ...op, responses }];
      }),
    );
  }
  const components = (d.components ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return {
    ...doc,
    paths,
    components: {
      ...components,
      headers: { ...components.headers, ...sharedHeaders },
      responses: { ...components.responses, ...sharedResponses },
    },
  };
}
