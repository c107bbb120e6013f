import { hasScope } from '../../lib/actor.js';
import type { RequestContext } from '../../lib/context.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { readsPublishedOnly, requireMunicipalityRead } from '../../lib/municipality-access.js';
import * as data from './strategy.data.js';

/**
 * The context a read of a municipality's strategy, chosen fields, measures, steps or roadmap runs
 * in. Whoever may read the municipality reads in their own scope. An API key without a municipality
 * scope but with public:read reads what the municipality published (visibility: public) in the
 * 'public' RLS scope, which shows nothing else (0005 and 0021); an unpublished strategy is missing.
 */
export async function strategyReader(ctx: RequestContext, municipalityId: string): Promise<RequestContext> {
  if (!readsPublishedOnly(ctx.actor)) {
    requireMunicipalityRead(ctx.actor, municipalityId);
    return ctx;
  }
  if (!hasScope(ctx.actor, 'public:read')) {
    throw forbidden('This API key needs the public:read or municipality:read scope.');
  }
  const published = ctx.inScope({ kind: 'public' });
  if (!(await published.transaction((tx) => data.findStrategy(tx, municipalityId))))
    throw notFound('Strategy');
  return { ...ctx, db: published };
}
