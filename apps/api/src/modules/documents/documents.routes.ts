import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached, withEtag } from '../../lib/http-cache.js';
import { commonErrors, idempotencyHeaders, problemResponses, writeErrors } from '../../lib/schemas.js';
import {
  contentHeaders,
  documentParams,
  documentSchema,
  pdfContent,
  requestDocumentParams,
} from './documents.schemas.js';
import * as service from './documents.service.js';
import { contentDisposition } from './documents-fns.js';

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

export async function documentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/municipalities/:id/strategy/versions/:versionId/documents',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'requestStrategyDocument',
        summary: 'Generate the PDF of a strategy version',
        description:
          'Queues the council document (PDF) of the version and answers 202 with the document; poll `GET /v1/documents/{id}` until it is `ready`. A version has one document: asking again answers 200 with it. A `failed` document, or one whose job was lost (queued or rendering without any change for 15 minutes), is queued again (202).',
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
      const { document, queued } = await service.requestDocument(request.ctx(), id, versionId);
      reply.code(queued ? 202 : 200).header('location', `/v1/documents/${document.id}`);
      return withEtag(reply, document);
    },
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
