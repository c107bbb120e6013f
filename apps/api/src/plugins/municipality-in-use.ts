import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Every route of one municipality's data lives under this path, its id in `:id`. */
const MUNICIPALITY_ROUTES = '/v1/municipalities/:id/';

/**
 * One check for all of a municipality's routes instead of one per route: once the municipality is
 * deleted, its strategy, ideas, measures, versions, roadmap, calendar feed and peers answer 404 and
 * nothing more is written for it. The request names the municipality, and every transaction it opens
 * checks it in the statement that sets the scope (app_check_municipality_in_use), so the check costs
 * no round trip of its own, and a deletion committed while the request runs stops its later writes.
 * Set after validation (the id is a UUID), before the Idempotency-Key bookkeeping and the handler.
 */
export const municipalityInUsePlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      if (!request.routeOptions.url?.startsWith(MUNICIPALITY_ROUTES)) return;
      request.municipalityInUse = (request.params as { id: string }).id;
    });
  },
  { name: 'municipality-in-use', dependencies: ['auth'] },
);
