import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, problemResponses } from '../../lib/schemas.js';
import * as service from './logo.service.js';
import { logoMediaTypes, maxLogoBytes } from './logo-fns.js';
import { municipalityParams } from './strategy.schemas.js';

const tags = ['strategy'];

const logoSchema = z
  .object({
    mediaType: z.literal('image/png'),
    width: z.number().int().meta({ description: 'Pixels.' }),
    height: z.number().int().meta({ description: 'Pixels.' }),
    sizeBytes: z.number().int(),
  })
  .meta({ id: 'StrategyLogo', description: 'The stored coat of arms or logo, always as PNG.' });

const pngFile = z.string().meta({ id: 'PngFile', format: 'binary', description: 'A PNG image.' });

// The problem a refused upload gets, for the OpenAPI document.
const uploadErrors = {
  ...commonErrors,
  413: { ...problemResponses[422], description: `The file is larger than ${maxLogoBytes / 1024} KiB.` },
  415: { ...problemResponses[422], description: 'The Content-Type is neither image/png nor image/svg+xml.' },
  422: problemResponses[422],
} as const;

/** The coat of arms or logo on the cover of the strategy PDF. */
export async function logoRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Only these routes take images; the parser (and its size limit) stays inside this plugin.
  app.addContentTypeParser(
    [...logoMediaTypes],
    { parseAs: 'buffer', bodyLimit: maxLogoBytes },
    (_request, body, done) => done(null, body),
  );

  r.put(
    '/v1/municipalities/:id/strategy/logo',
    {
      schema: {
        operationId: 'putStrategyLogo',
        summary: "Upload the municipality's coat of arms or logo",
        description:
          `The request body is the image itself, sent as \`image/png\` or \`image/svg+xml\` (at most ${maxLogoBytes / 1024} KiB). ` +
          'The type is checked by the content, not only the header (422 `logo_type_mismatch`, `logo_unreadable`). ' +
          'An SVG with scripts, event handlers, DTDs or references to anything outside the file is refused (422 `logo_unsafe`); ' +
          'otherwise it is rasterised. Both are stored as a PNG of at most 600 pixels on the longer side, and ' +
          'strategy versions made from then on print it on the cover of their PDF. 404 while there is no strategy.',
        tags,
        params: municipalityParams,
        response: { 200: logoSchema, ...uploadErrors },
      },
    },
    async (request) =>
      service.putLogo(
        request.ctx(),
        request.params.id,
        request.body,
        request.headers['content-type']?.split(';')[0]?.trim().toLowerCase(),
      ),
  );

  r.get(
    '/v1/municipalities/:id/strategy/logo',
    {
      schema: {
        operationId: 'getStrategyLogo',
        summary: "Get the municipality's coat of arms or logo",
        description: 'The stored logo as PNG; 404 when none was uploaded. Readable like the strategy.',
        tags,
        params: municipalityParams,
        response: {
          200: { description: 'The logo.', content: { 'image/png': { schema: pngFile } } },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const png = await service.getLogo(request.ctx(), request.params.id);
      // The PNG is sent as it is, not through the JSON serializer of the typed reply.
      return (reply as FastifyReply).type('image/png').header('cache-control', 'private, no-cache').send(png);
    },
  );

  r.delete(
    '/v1/municipalities/:id/strategy/logo',
    {
      schema: {
        operationId: 'deleteStrategyLogo',
        summary: "Remove the municipality's coat of arms or logo",
        description: 'Later strategy versions print the cover without a logo. 404 when none was uploaded.',
        tags,
        params: municipalityParams,
        response: { 204: z.null().meta({ description: 'Removed.' }), ...commonErrors },
      },
    },
    async (request, reply) => {
      await service.deleteLogo(request.ctx(), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
