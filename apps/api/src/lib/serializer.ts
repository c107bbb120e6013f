import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';

type SerializerCompiler = Parameters<FastifyInstance['setSerializerCompiler']>[0];

/**
 * Responses are the plain JSON of what the handler returns: the mappers build each representation
 * field by field, and the ETag hashes the same text (see http-cache). With `check` (development and
 * tests) every response is also encoded with its zod schema first: a value the schema rejects, or a
 * field it does not declare (the encoded text comes out shorter), fails the request with 500, so the
 * test suite proves the contract that production then skips re-checking on every request.
 */
export function responseSerializer({ check }: { check: boolean }): SerializerCompiler {
  if (!check) return () => (data) => JSON.stringify(data);
  return (route) => {
    const encode = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
    return (data) => {
      const text = JSON.stringify(data);
      if (encode(data).length !== text.length) {
        throw new Error(
          `The response of ${route.method} ${route.url} has fields its schema does not declare.`,
        );
      }
      return text;
    };
  };
}
