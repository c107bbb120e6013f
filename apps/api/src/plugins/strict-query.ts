import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';

/** What a route without query parameters takes: none. */
const noQuery = z.object({}).strict();

/** A zod object whose unknown keys are an error (`.strict()`), so `?bust=1` is a 400, not ignored. */
function isStrictObject(schema: unknown): boolean {
  return schema instanceof z.ZodObject && schema._zod.def.catchall?._zod.def.type === 'never';
}

/**
 * Unknown query parameters are a 400 on every route registered after this plugin: a route without a
 * querystring schema gets an empty strict one, and a route whose querystring schema is not a strict
 * zod object is refused at registration. A parameter nobody reads would otherwise be accepted and,
 * where the URL keys a cache, let any reader fill it with copies of one page.
 */
export const strictQueryPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema ?? {};
      if (schema.querystring === undefined) {
        route.schema = { ...schema, querystring: noQuery };
        return;
      }
      if (!isStrictObject(schema.querystring)) {
        const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
        throw new Error(
          `${method} ${route.url}: its querystring schema must be a strict zod object (z.object({...}).strict()), so that unknown parameters are refused.`,
        );
      }
    });
  },
  { name: 'strict-query' },
);
