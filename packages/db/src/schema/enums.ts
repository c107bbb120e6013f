import { pgEnum } from 'drizzle-orm/pg-core';

export const municipalityKinds = [
  'verbandsgemeinde',
  'verbandsfreie_gemeinde',
  'stadt',
  'grosse_kreisangehoerige_stadt',
  'kreisfreie_stadt',
  'landkreis',
  'ortsgemeinde',
] as const;
export type MunicipalityKind = (typeof municipalityKinds)[number];
export const municipalityKind = pgEnum('municipality_kind', municipalityKinds);

export const programOfficeRoles = ['program_admin', 'moderator'] as const;
export const municipalityRoles = [
  'municipality_admin',
  'municipality_editor',
  'municipality_viewer',
] as const;
export const userRoles = [...programOfficeRoles, ...municipalityRoles] as const;
export type UserRole = (typeof userRoles)[number];
export const userRole = pgEnum('user_role', userRoles);

/**
 * What an API key may do. personal:read (participants, registrations, contact persons, who made
 * what) is never implied by another scope: a key has it only when its creator asked for it.
 */
export const apiKeyScopes = [
  'public:read',
  'municipality:read',
  'municipality:write',
  'personal:read',
] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

// German state codes (ISO 3166-2:DE without the country prefix).
export const stateCodes = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type StateCode = (typeof stateCodes)[number];
