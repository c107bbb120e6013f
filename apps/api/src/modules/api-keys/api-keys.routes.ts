import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagOf, sendCached } from '../../lib/http-cache.js';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { commonErrors, idParams, ifMatchHeaders, writeErrors } from '../../lib/schemas.js';
import type { CredentialCache } from '../auth/index.js';
import { apiKey, createApiKeyBody, createdApiKey } from './api-keys.schemas.js';
import type { ApiKeyService } from './api-keys.service.js';

const tags = ['api-keys'];
const whoMay =
  'Program administrators manage every key; municipality administrators only keys bound to their own municipality.';

/** `credentials`: a revoked key's cached look-up is forgotten here at once. */
export async function apiKeyRoutes(
  app: FastifyInstance,
  { credentials, service }: { credentials: CredentialCache; service: ApiKeyService },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/api-keys',
    {
      schema: {
        operationId: 'listApiKeys',
        summary: 'List API keys',
        description: `${whoMay} Revoked keys stay listed with \`revokedAt\`. The keys themselves are never shown.`,
        tags,
        querystring: z
          .object({
            ...pageQuery,
            municipalityId: z
              .uuid()
              .optional()
              .meta({ description: 'Only keys bound to this municipality.' }),
          })
          .strict(),
        response: { 200: pageSchema(apiKey).meta({ id: 'ApiKeyPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listApiKeys(request.ctx(), request.query)),
  );

  // No Idempotency-Key here: a replay would store and show the key a second time.
  r.post(
    '/v1/api-keys',
    {
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description: `${whoMay} The response carries the key once; only its hash is stored. \`rateLimitPerMinute\` sets the key's own limit; only program administrators may set it above the default for API keys (403 \`rate_limit_above_default\`).`,
        tags,
        body: createApiKeyBody,
        response: { 201: createdApiKey, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { key, ...stored } = await service.createApiKey(request.ctx(), request.body);
      // The ETag is that of the stored representation (as GET returns it), never derived from the key.
      reply.code(201).header('location', `/v1/api-keys/${stored.id}`).header('etag', etagOf(stored));
      return { ...stored, key };
    },
  );

  r.get(
    '/v1/api-keys/:id',
    {
      schema: {
        operationId: 'getApiKey',
        summary: 'Get an API key',
        description: whoMay,
        tags,
        params: idParams,
        response: { 200: apiKey, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getApiKey(request.ctx(), request.params.id)),
  );

  r.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description: `${whoMay} The key stops working at once and stays listed with \`revokedAt\`.`,
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Revoked'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.revokeApiKey(request.ctx(), request.params.id);
      credentials.forget(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
