import type { ApiKeyScope, DataScope, Principal, UserRole } from '@werkstatt/db';

export type Actor =
  | {
      type: 'user';
      id: string;
      role: UserRole;
      municipalityId: string | null;
      email: string;
      name: string;
      /** The session the access token belongs to (the refresh-token family of the sign-in). */
      sessionId: string;
    }
  | {
      type: 'api_key';
      id: string;
      name: string;
      scopes: ApiKeyScope[];
      municipalityId: string | null;
      /** The key's own requests per minute; null for the configured default (plugins/rate-limit.ts). */
      rateLimitPerMinute: number | null;
    };

export const isProgramOffice = (a: Actor): boolean =>
  a.type === 'user' && (a.role === 'program_admin' || a.role === 'moderator');

export const isProgramAdmin = (a: Actor): boolean => a.type === 'user' && a.role === 'program_admin';

export const actorKey = (a: Actor): string => `${a.type}:${a.id}`;

/** The RLS scope a request runs in, derived from who is asking. */
export function dataScopeOf(a: Actor): DataScope {
  if (a.municipalityId) return { kind: 'tenant', municipalityId: a.municipalityId };
  if (a.type === 'user') return { kind: 'platform' };
  // A key without a municipality reads everything only when it was given municipality scopes.
  return hasMunicipalityScope(a) ? { kind: 'platform' } : { kind: 'public' };
}

/** What every transaction of the request re-checks (see Principal). */
export const principalOf = (a: Actor): Principal =>
  a.type === 'user'
    ? { kind: 'user', id: a.id, role: a.role, municipalityId: a.municipalityId, sessionId: a.sessionId }
    : { kind: 'api_key', id: a.id, municipalityId: a.municipalityId };

export function hasScope(a: Actor, scope: ApiKeyScope): boolean {
  return a.type === 'api_key' && a.scopes.includes(scope);
}

/** A key that reaches a municipality's own data (municipality:read or municipality:write). */
export const hasMunicipalityScope = (a: Actor): boolean =>
  hasScope(a, 'municipality:read') || hasScope(a, 'municipality:write');

/**
 * Whether the actor may see personal data (participants, registrations, contact persons, who
 * created what): users as far as their role reaches, API keys only with personal:read.
 */
export const canReadPersonalData = (a: Actor): boolean =>
  a.type === 'user' || a.scopes.includes('personal:read');
