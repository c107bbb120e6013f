import { type Actor, hasMunicipalityScope } from '../../lib/actor.js';
import { forbidden, notFound } from '../../lib/errors.js';

/**
 * Who reaches a workshop:
 * - program_admin: every workshop, reads and writes;
 * - moderator: the workshops they are assigned to, reads and updates (never creates or cancels);
 * - municipality users and municipality-bound keys (municipality:read): the workshops their
 *   municipality takes part in, read only;
 * - keys of the program office without a municipality (municipality:read): every workshop, read only;
 * - public:read keys: nothing (a workshop's participants are personal data).
 * Participants themselves (registrations) also need personal:read from a key.
 * A workshop the actor cannot reach is reported as missing (404).
 */
export interface WorkshopScope {
  municipalityIds: string[];
  moderatorIds: string[];
}

export function requireWorkshopReader(actor: Actor): void {
  if (actor.type === 'api_key' && !hasMunicipalityScope(actor)) {
    throw forbidden('This API key needs the municipality:read scope.');
  }
}

/** Filters a list must apply for this actor (on top of RLS): the municipality or the moderator. */
export function listScopeOf(actor: Actor): { municipalityId?: string; moderatorId?: string } {
  if (actor.municipalityId) return { municipalityId: actor.municipalityId };
  if (actor.type === 'user' && actor.role === 'moderator') return { moderatorId: actor.id };
  return {};
}

export function canSeeWorkshop(actor: Actor, w: WorkshopScope): boolean {
  if (actor.municipalityId) return w.municipalityIds.includes(actor.municipalityId);
  if (actor.type === 'user' && actor.role === 'moderator') return w.moderatorIds.includes(actor.id);
  return true;
}

export function requireWorkshopVisible(
  actor: Actor,
  w: WorkshopScope | undefined,
): asserts w is WorkshopScope {
  if (!w || !canSeeWorkshop(actor, w)) throw notFound('Workshop');
}

export const isAssignedModerator = (actor: Actor, w: WorkshopScope): boolean =>
  actor.type === 'user' && actor.role === 'moderator' && w.moderatorIds.includes(actor.id);

/** Program admins, and the moderators assigned to the workshop (program-office work on the day). */
export function requireWorkshopStaff(actor: Actor, w: WorkshopScope): void {
  if (actor.type === 'user' && actor.role === 'program_admin') return;
  if (isAssignedModerator(actor, w)) return;
  throw forbidden('Only the program office may do this.');
}

/**
 * Registering and cancelling participants: the program office (admins, assigned moderators) for
 * every participating municipality; municipality admins and editors, and municipality:write keys,
 * for their own municipality.
 */
export function requireRegistrationWriter(actor: Actor, w: WorkshopScope, municipalityId: string): void {
  if (actor.municipalityId) {
    if (actor.municipalityId !== municipalityId) throw notFound('Municipality');
    if (actor.type === 'api_key') {
      if (!actor.scopes.includes('municipality:write')) {
        throw forbidden('This API key needs the municipality:write scope.');
      }
      return;
    }
    if (actor.role === 'municipality_viewer')
      throw forbidden('Your role may read participants but not register them.');
    return;
  }
  requireWorkshopStaff(actor, w);
}
