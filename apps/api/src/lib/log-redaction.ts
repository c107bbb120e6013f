/**
 * What a request log line may say about a request. Links that are their own credential (invitation
 * and calendar-feed tokens) sit in the URL path, so the URL is rewritten before it is logged; headers
 * are never logged (bearer tokens, API keys and cookies live there).
 */
import type { FastifyRequest } from 'fastify';

export const REDACTED = '[redacted]';

// A route parameter or query parameter with such a name carries a secret.
const SECRET_NAME = /token|secret|key|password/i;
// Unmatched URLs have no parameter names; a long opaque segment may still be a link's secret.
const OPAQUE = /^[A-Za-z0-9_~.-]{16,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function redactPath(path: string, pattern: string | undefined): string {
  const segments = path.split('/');
  if (!pattern) {
    return segments
      .map((s) => (OPAQUE.test(s) && !UUID.test(s) && !/^[a-z.-]+$/.test(s) ? REDACTED : s))
      .join('/');
  }
  const shape = pattern.split('/');
  return segments
    .map((s, i) => {
      const params = [...(shape[i] ?? '').matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (!params.some((name) => SECRET_NAME.test(name))) return s;
      // ":token.ics" keeps its static part: "[redacted].ics".
      return (shape[i] ?? '').replace(/:(\w+)/g, REDACTED);
    })
    .join('/');
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq === -1 ? pair : pair.slice(0, eq));
      return eq !== -1 && SECRET_NAME.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The URL of a request with its secrets replaced: path parameters whose name says they are secret
 * (`:token`), query parameters named alike, and on a URL no route matched, every long opaque path
 * segment (a token sent to a wrong path is still a token).
 */
export function redactedUrl(url: string, routePattern: string | undefined): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : `?${redactQuery(url.slice(q + 1))}`;
  return redactPath(path, routePattern) + query;
}

/** Pino serializer of a request: Fastify's default fields with the URL redacted and no headers. */
export function requestLogView(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactedUrl(request.url, request.routeOptions?.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
