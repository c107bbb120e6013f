import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';

export type Scope = Schema<'ApiKeyScope'>;

/** From the least to the most a key may see; personal data last, as it needs asking for. */
export const scopeOrder: readonly Scope[] = [
  'public:read',
  'municipality:read',
  'municipality:write',
  'personal:read',
];

export const scopeLabel = (scope: Scope): string => de.apiKeys.scopes[scope].label;

/** The API's rule: personal data only together with a municipality scope. */
export const personalWithoutMunicipality = (scopes: readonly Scope[]): boolean =>
  scopes.includes('personal:read') &&
  !scopes.includes('municipality:read') &&
  !scopes.includes('municipality:write');
