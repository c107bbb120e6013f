import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import stringify from 'safe-stable-stringify';
import { preconditionFailed } from './errors.js';

/** Strong ETag over the canonical JSON of a representation: the same for GET and for If-Match checks. */
export function etagOf(value: unknown): string {
  return `"${createHash('sha256')
    .update(stringify(value) ?? '')
    .digest('base64url')
    .slice(0, 27)}"`;
}

const tagsOf = (header: string) => header.split(',').map((t) => t.trim());
// If-None-Match compares weakly (a W/ prefix is ignored); If-Match strongly (RFC 9110 §13.1).
const weakListOf = (header: string) => tagsOf(header).map((t) => t.replace(/^W\//, ''));

/** Sets the ETag of a representation just written (POST/PATCH/PUT responses). */
export function withEtag<T>(reply: FastifyReply, body: T): T {
  reply.header('etag', etagOf(body));
  return body;
}

/** Sends body with its ETag, or 304 when the client's If-None-Match already has it. */
export function sendCached<T>(request: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = etagOf(body);
  reply.header('etag', etag);
  const inm = request.headers['if-none-match'];
  if (inm && (inm.trim() === '*' || weakListOf(inm).includes(etag))) {
    return reply.code(304).send();
  }
  return body;
}

/** Throws 412 with the current representation when If-Match names another version. */
export function assertIfMatch(ifMatch: string | undefined, current: unknown): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const etag = etagOf(current);
  if (!tagsOf(ifMatch).includes(etag)) throw preconditionFailed(current, etag);
}
