import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preconditionFailed, preconditionRequired } from './errors.js';

// One call without a Hash object: this runs for every uncached representation.
const etagOfText = (json: string | Buffer) => `"${hash('sha256', json, 'base64url').slice(0, 27)}"`;

/**
 * Strong ETag over the JSON a representation is sent as (see lib/serializer): GET and If-Match checks
 * agree because both hash the output of the same mapper, whose field order is fixed.
 */
export const etagOf = (value: unknown): string => etagOfText(JSON.stringify(value) ?? '');

const tagsOf = (header: string) => header.split(',').map((t) => t.trim());
// If-None-Match compares weakly (a W/ prefix is ignored); If-Match strongly (RFC 9110 §13.1).
const weakListOf = (header: string) => tagsOf(header).map((t) => t.replace(/^W\//, ''));

/** Sets the ETag of a representation just written (POST/PATCH/PUT responses). */
export function withEtag<T>(reply: FastifyReply, body: T): T {
  reply.header('etag', etagOf(body));
  return body;
}

/** A resource just created: 201 with its Location and ETag. */
export function sendCreated<T>(reply: FastifyReply, location: string, body: T): T {
  reply.code(201).header('location', location);
  return withEtag(reply, body);
}

/** A representation as sent: its JSON, encoded once, and the ETag of exactly those bytes. */
export interface EncodedJson {
  json: Buffer;
  etag: string;
}

/**
 * JSON text built elsewhere (e.g. by Postgres), encoded to bytes once for both the ETag and the
 * socket (hashing the text and writing it would each encode it again).
 */
export function encodedJson(text: string): EncodedJson {
  const json = Buffer.from(text);
  return { json, etag: etagOfText(json) };
}

export function serializeJson(reply: FastifyReply, body: unknown): EncodedJson {
  const json = Buffer.from(reply.serialize(body) as string); // our serializer (lib/serializer) returns text
  return { json, etag: etagOfText(json) };
}

/** Sends encoded JSON with its ETag, or 304 when the client's If-None-Match already has it. */
export function sendJson(
  request: FastifyRequest,
  reply: FastifyReply,
  { json, etag }: EncodedJson,
): FastifyReply {
  reply.header('etag', etag);
  const inm = request.headers['if-none-match'];
  if (inm && (inm.trim() === '*' || weakListOf(inm).includes(etag))) {
    return reply.code(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(json);
}

/** Sends body with its ETag, or 304 when the client's If-None-Match already has it. */
export const sendCached = (request: FastifyRequest, reply: FastifyReply, body: unknown): FastifyReply =>
  sendJson(request, reply, serializeJson(reply, body));

/**
 * Throws 412 with the current representation when If-Match names another version; with `required`,
 * a missing If-Match is 428 (a blind overwrite of an existing resource is not allowed).
 */
export function assertIfMatch(
  ifMatch: string | undefined,
  current: unknown,
  opts: { required?: boolean } = {},
): void {
  if (ifMatch === undefined) {
    if (opts.required) throw preconditionRequired();
    return;
  }
  if (!ifMatchSatisfied(ifMatch, current)) throw preconditionFailed(current, etagOf(current));
}

/** True when an If-Match value names the current representation (or is "*"). */
export function ifMatchSatisfied(ifMatch: string, current: unknown): boolean {
  return ifMatch.trim() === '*' || tagsOf(ifMatch).includes(etagOf(current));
}
