import { type Actor, hasMunicipalityScope } from './actor.js';
import { forbidden, notFound } from './errors.js';

/**
 * Access to one municipality's own data (strategy, ideas, measures, …):
 * - program office: program_admin reads and writes every municipality, moderator reads every one;
 * - municipality users: their own municipality only — admin and editor write, viewer reads;
 * - API keys: municipality:read reads, municipality:write reads and writes; a key bound to a
 *   municipality reaches only that one, a key without one (issued by the program office) all;
 *   public:read reaches nothing here.
 * Another municipality is reported as missing (404), so its existence is not confirmed.
 */
export type MunicipalityAccess = 'read' | 'write';

function outsideTenant(actor: Actor, municipalityId: string): boolean {
  return actor.municipalityId !== null && actor.municipalityId !== municipalityId;
}

export function requireMunicipalityAccess(
  actor: Actor,
  municipalityId: string,
  access: MunicipalityAccess,
): void {
  if (outsideTenant(actor, municipalityId)) throw notFound('Municipality');
  if (actor.type === 'api_key') {
    const canWrite = actor.scopes.includes('municipality:write');
    const canRead = canWrite || actor.scopes.includes('municipality:read');
    if (access === 'write' ? !canWrite : !canRead) {
      throw forbidden(
        access === 'write'
          ? 'This API key needs the municipality:write scope.'
          : 'This API key needs the municipality:read scope.',
      );
    }
    return;
  }
  switch (actor.role) {
    case 'program_admin':
    case 'municipality_admin':
    case 'municipality_editor':
      return;
    case 'moderator':
    case 'municipality_viewer':
      if (access === 'write') throw forbidden('Your role may read this municipality but not change it.');
      return;
  }
}

export const requireMunicipalityRead = (actor: Actor, municipalityId: string) =>
  requireMunicipalityAccess(actor, municipalityId, 'read');

export const requireMunicipalityWrite = (actor: Actor, municipalityId: string) =>
  requireMunicipalityAccess(actor, municipalityId, 'write');

/**
 * Dot votes are cast by people: moderators (entering the workshop's dots), program admins and any
 * user of the municipality, viewers included. API keys do not vote.
 */
export function requireVote(actor: Actor, municipalityId: string): void {
  if (outsideTenant(actor, municipalityId)) throw notFound('Municipality');
  if (actor.type === 'api_key') throw forbidden('Votes are cast by signed-in users, not by API keys.');
}

/**
 * An API key without a municipality scope: of a municipality's strategy it reads only what the
 * municipality published (visibility: public), in the 'public' RLS scope.
 */
export const readsPublishedOnly = (actor: Actor): boolean =>
  actor.type === 'api_key' && !hasMunicipalityScope(actor);
