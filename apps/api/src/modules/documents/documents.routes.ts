import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DocumentEventHub } from '../../lib/document-events.js';
import { sendCached, withEtag } from '../../lib/http-cache.js';
import { commonErrors, idempotencyHeaders, problemResponses, writeErrors } from '../../lib/schemas.js';
import { type DocumentStream, type DocumentStreamTiming, openDocumentStream } from './document-stream.js';
import {
  contentHeaders,
  documentEventStream,
  documentParams,
  documentSchema,
  eventHeaders,
  listDocumentsQuery,
  municipalityDocumentPage,
  municipalityDocumentsParams,
  pdfContent,
  requestDocumentParams,
} from './documents.schemas.js';
import * as service from './documents.service.js';
import { contentDisposition } from './documents-fns.js';

export interface DocumentRoutesOptions {
  events: DocumentEventHub;
  /** The streams' shared read after a message (one query per change for all streams of a document). */
  streamReader: service.DocumentStreamReader;
  streamTiming: DocumentStreamTiming;
}

/** How long a shutdown waits for an ended event stream's response to reach the client. */
const STREAM_CLOSE_WAIT_MS = 2000;

const tags = ['documents'];

/** If-None-Match compares weakly (RFC 9110 §13.1.2): a W/ prefix is ignored, "*" matches any. */
const matches = (header: string | undefined, etag: string) =>
  header !== undefined &&
  (header.trim() === '*' ||
    header
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .includes(etag));

/** The PDF as a download, or 304 when the client's copy is current; its ETag is the SHA-256. */
function sendContent(reply: FastifyReply, content: service.DocumentContent): FastifyReply {
  reply.header('etag', `"${content.sha256}"`);
  if (content.notModified) return reply.code(304).send();
  return reply
    .type('application/pdf')
    .header('content-disposition', contentDisposition(content.filename))
    .send(content.pdf);
}

/** Unbuffered and uncached: proxies (nginx) pass each event on as it comes. */
const sendEventStream = (reply: FastifyReply, body: Readable): FastifyReply =>
  reply
    .type('text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-store')
    .header('x-accel-buffering', 'no')
    .send(body);

export async function documentRoutes(app: FastifyInstance, options: DocumentRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const streams = new Map<DocumentStream, ServerResponse>();

  // An open stream would hold app.close() (the server waits for its connections): end them first.
  app.addHook('preClose', async () => {
    const open = [...streams];
    for (const [stream] of open) stream.end();
    await Promise.all(
      open.map(async ([, res]) => {
        if (res.closed) return;
        await once(res, 'close', { signal: AbortSignal.timeout(STREAM_CLOSE_WAIT_MS) }).catch(() => {});
      }),
    );
  });

  r.post(
    '/v1/municipalities/:id/strategy/versions/:versionId/documents',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'requestStrategyDocument',
        summary: 'Generate the PDF of a strategy version',
        description:
          'Queues the council document (PDF) of the version and answers 202 with the document; follow `GET /v1/documents/{id}/events` (or poll `GET /v1/documents/{id}`) until it is `ready`. A version has one document: asking again answers 200 with it. A `failed` document, or one whose job was lost (queued or rendering without any change for 15 minutes), is queued again (202).',
        tags,
        params: requestDocumentParams,
        headers: idempotencyHeaders,
        response: {
          200: documentSchema.describe('The version already has this document.'),
          202: documentSchema.describe('The document is queued for rendering.'),
          ...writeErrors,
        },
      },
    },
    async (request, reply) => {
      const { id, versionId } = request.params;
      const { document, queued } = await service.requestDocument(
        request.ctx(),
        id,
        versionId,
        options.events.publish,
      );
      reply.code(queued ? 202 : 200).header('location', `/v1/documents/${document.id}`);
      return withEtag(reply, document);
    },
  );

  r.get(
    '/v1/municipalities/:id/documents',
    {
      schema: {
        operationId: 'listMunicipalityDocuments',
        summary: "List a municipality's documents",
        description:
          'The PDFs requested for the versions of its strategy, newest first, each with its status, page count and size and the number and label of its version. Needs read access to the municipality.',
        tags,
        params: municipalityDocumentsParams,
        querystring: listDocumentsQuery,
        response: { 200: municipalityDocumentPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.listMunicipalityDocuments(request.ctx(), request.params.id, request.query),
      ),
  );

  r.get(
    '/v1/documents/:id',
    {
      schema: {
        operationId: 'getDocument',
        summary: 'Get a document’s status',
        description: 'Status, progress and, once ready, page count, size and checksum of the PDF.',
        tags,
        params: documentParams,
        response: { 200: documentSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getDocument(request.ctx(), request.params.id)),
  );

  r.get(
    '/v1/documents/:id/events',
    {
      schema: {
        operationId: 'getDocumentEvents',
        summary: 'Follow a document’s status as server-sent events',
        description: [
          'A `text/event-stream` of the document’s status, for a progress display. At once the current status, then every change (status, progress, and page count, size and checksum once ready), each as an event `status` whose data is the `Document` as `GET /v1/documents/{id}` returns it. After `ready` or `failed` the stream ends; a document that is already there gets that one event.',
          'Same access as `GET /v1/documents/{id}`, with the `Authorization` header: read the stream with `fetch` and its body (a browser `EventSource` cannot send the header). A comment line every 15 seconds keeps the connection open. When the connection drops, connect again (with `Last-Event-ID` if you like): the stream starts with the current status. The stream ends early when the document or the session is gone.',
        ].join('\n\n'),
        tags,
        params: documentParams,
        headers: eventHeaders,
        response: {
          200: {
            description: 'The status events, until the document is ready or failed.',
            content: { 'text/event-stream': { schema: documentEventStream } },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { id } = request.params;
      // Access is checked here, before the stream opens: a refusal is an ordinary problem response.
      const first = await service.getDocument(ctx, id);
      const stream = openDocumentStream(id, first, {
        hub: options.events,
        read: () => service.getDocument(ctx, id),
        readShared: () => options.streamReader(first.municipalityId, id),
        authorize: (document) => service.visibleDocument(ctx, document),
        onReadError: (err) => request.log.info({ err, documentId: id }, 'document event stream ended early'),
        ...options.streamTiming,
      });
      streams.set(stream, reply.raw);
      reply.raw.once('close', () => {
        // The client went away (or the stream ended): the body's 'close' releases its subscription.
        stream.body.destroy();
        streams.delete(stream);
      });
      return sendEventStream(reply, stream.body);
    },
  );

  r.get(
    '/v1/documents/:id/content',
    {
      schema: {
        operationId: 'getDocumentContent',
        summary: 'Download the PDF',
        description:
          'The PDF as an attachment named like `Digitalstrategie-<Kommune>-<Datum>.pdf`. Its ETag is the SHA-256 of the file; with If-None-Match naming it the answer is 304. 409 `document_not_ready` until the document is ready.',
        tags,
        params: documentParams,
        headers: contentHeaders,
        response: {
          200: { description: 'The PDF.', content: { 'application/pdf': { schema: pdfContent } } },
          ...commonErrors,
          409: problemResponses[409],
        },
      },
    },
    async (request, reply) => {
      const inm = request.headers['if-none-match'];
      const content = await service.getDocumentContent(request.ctx(), request.params.id, (sha256) =>
        matches(inm, `"${sha256}"`),
      );
      return sendContent(reply, content);
    },
  );
}
