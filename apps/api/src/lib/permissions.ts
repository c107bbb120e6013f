import type { Actor } from './actor.js';
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
