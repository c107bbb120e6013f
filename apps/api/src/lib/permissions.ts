import { type Actor, canReadPersonalData } from './actor.js';
import { forbidden } from './errors.js';

/** Program administrators only (users; API keys never administer the program). */
export function requireProgramAdmin(actor: Actor): void {
  if (!(actor.type === 'user' && actor.role === 'program_admin')) {
    throw forbidden('Only program administrators may do this.');
  }
}

/** Any signed-in user, or an API key with at least public read access, may read the public catalog. */
export function requireCatalogRead(actor: Actor): void {
  if (actor.type === 'api_key' && actor.scopes.length === 0)
    throw forbidden('This API key has no read scope.');
}

/** Personal data (participants, registrations, application contacts): API keys need personal:read. */
export function requirePersonalRead(actor: Actor): void {
  if (!canReadPersonalData(actor)) throw forbidden('This API key needs the personal:read scope.');
}
