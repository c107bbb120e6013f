import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { publicUrl: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Werkstatt API',
          version: '1.0.0',
          description:
            'Multi-tenant API for municipal digital-strategy programs (Digital-Werkstatt): programs, action fields, municipalities, users and their audit trail. Errors are RFC 9457 problem documents.',
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
          { name: 'programs', description: 'Programs and their action-field catalogs' },
          { name: 'municipalities', description: 'Municipalities (tenants)' },
          { name: 'strategy', description: "A municipality's digital strategy and its frozen versions" },
          { name: 'ideas', description: 'Project ideas collected per action field, with dot votes' },
          { name: 'measures', description: 'Measures (fact sheets) with their steps' },
          { name: 'roadmap', description: 'Measures by action field over time' },
          { name: 'workshops', description: 'Workshop days (Werkstätten) and their schedule' },
          { name: 'registrations', description: 'Participants of a workshop, with the waitlist' },
          { name: 'audit', description: 'Who changed what' },
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } });
    app.get('/openapi.json', { schema: { hide: true }, config: { auth: 'none' } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
