import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { addSharedResponses, isRateLimited, RATE_LIMITED } from './openapi-responses.js';
import { webhookOperations, webhookPayloadSchemas } from './openapi-webhooks.js';

type OpenApiDoc = ReturnType<typeof jsonSchemaTransformObject>;

/**
 * The zod provider registers an input and an output copy of every named schema; only those a path
 * reaches (directly, through the shared responses or through other schemas) belong in the document,
 * so the client has no dead types.
 */
function pruneUnusedSchemas(doc: OpenApiDoc): OpenApiDoc {
  const components =
    (doc as { components?: { schemas?: Record<string, unknown>; responses?: unknown; headers?: unknown } })
      .components ?? {};
  const schemas = components.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node && typeof node === 'object') {
      const ref = (node as { $ref?: unknown }).$ref;
      if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const name = ref.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      }
      for (const value of Object.values(node)) visit(value);
    }
  };
  visit((doc as { paths?: unknown }).paths);
  visit((doc as { webhooks?: unknown }).webhooks);
  visit(components.responses);
  visit(components.headers);
  return {
    ...doc,
    components: {
      ...components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  } as OpenApiDoc;
}

type Body = { required?: boolean; content?: Record<string, { schema?: { anyOf?: unknown[] } }> };

/**
 * A body schema that allows null (`.nullish()` in zod) means the body may be left out: the document
 * says so with `required: false` and the plain schema, so clients need not send `null`.
 */
/** Adds the webhooks a subscriber receives, with their named payload schemas (openapi-webhooks.ts). */
function addWebhooks(doc: OpenApiDoc): OpenApiDoc {
  const components = (doc as { components?: { schemas?: Record<string, unknown> } }).components ?? {};
  return {
    ...doc,
    webhooks: webhookOperations(),
    components: { ...components, schemas: { ...components.schemas, ...webhookPayloadSchemas() } },
  } as OpenApiDoc;
}

function optionalBodies(doc: OpenApiDoc): OpenApiDoc {
  const paths = (doc as { paths?: Record<string, Record<string, { requestBody?: Body }>> }).paths ?? {};
  for (const operation of Object.values(paths).flatMap((ops) => Object.values(ops))) {
    const body = operation.requestBody;
    for (const media of Object.values(body?.content ?? {})) {
      const variants = media.schema?.anyOf;
      const isNull = (v: unknown) => (v as { type?: unknown }).type === 'null';
      if (variants?.length !== 2 || !variants.some(isNull)) continue;
      media.schema = variants.find((v) => !isNull(v)) as typeof media.schema;
      body!.required = false;
    }
  }
  return doc;
}

export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { publicUrl: string; contact: { name: string; email?: string } }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Werkstatt API',
          version: '1.0.0',
          description:
            'Multi-tenant API for municipal digital-strategy programs (Digital-Werkstatt): programs, action fields, municipalities, users and their audit trail. Errors are RFC 9457 problem documents. Every request counts against a per-minute rate limit (see the X-RateLimit-* headers); lists are cursor-paginated or have a documented maximum.',
          contact: opts.contact,
          license: { name: 'Proprietary: use only under an agreement with the program office' },
        },
        servers: [{ url: opts.publicUrl }],
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              description: 'A JWT access token from POST /v1/auth/login, or an API key (wst_…).',
            },
          },
        },
        security: [{ bearer: [] }],
        tags: [
          { name: 'auth', description: 'Sign-in, token refresh and the current user' },
          { name: 'users', description: 'User accounts of the program office and municipalities' },
          { name: 'api-keys', description: 'Keys for third-party portals' },
          {
            name: 'webhooks',
            description:
              'Subscriptions of third-party portals to events, their signing secrets and delivery log',
          },
          { name: 'programs', description: 'Programs and their action-field catalogs' },
          { name: 'municipalities', description: 'Municipalities (tenants)' },
          { name: 'strategy', description: "A municipality's digital strategy and its frozen versions" },
          { name: 'ideas', description: 'Project ideas collected per action field, with dot votes' },
          { name: 'measures', description: 'Measures (fact sheets) with their steps' },
          { name: 'roadmap', description: 'Measures by action field over time' },
          {
            name: 'peers',
            description: 'Measures of other municipalities with a public strategy (knowledge exchange)',
          },
          { name: 'reports', description: 'Progress across all municipalities, for the program office' },
          {
            name: 'feeds',
            description:
              'Everything public across all municipalities, in commit order, for portals that mirror it exactly',
          },
          { name: 'workshops', description: 'Workshop days (Werkstätten) and their schedule' },
          { name: 'registrations', description: 'Participants of a workshop, with the waitlist' },
          {
            name: 'workshop-applications',
            description: "Municipalities' applications for a workshop and the program office's decisions",
          },
          { name: 'invitations', description: 'Invitation links a municipality hands to its participants' },
          {
            name: 'public',
            description: 'For invitees without an account: the secret of a link is the only credential',
          },
          {
            name: 'open-data',
            description:
              'Published strategies and measures as CSV and JSON downloads, and their DCAT-AP.de catalogue, without credentials',
          },
          {
            name: 'documents',
            description: 'Council documents (PDF) of strategy versions, rendered in the background',
          },
          { name: 'audit', description: 'Who changed what' },
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      // Marks each operation with whether its route passes the rate limiter; the document transform
      // turns the mark into the 429 response and the rate-limit headers.
      transform: (input) => {
        const result = jsonSchemaTransform(input);
        if (!result.schema) return result;
        return { ...result, schema: { ...result.schema, [RATE_LIMITED]: isRateLimited(input.route) } };
      },
      transformObject: (doc) =>
        pruneUnusedSchemas(addWebhooks(addSharedResponses(optionalBodies(jsonSchemaTransformObject(doc))))),
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } });
    app.get('/openapi.json', { schema: { hide: true }, config: { auth: 'none' } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
