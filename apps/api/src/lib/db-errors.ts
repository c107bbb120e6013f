import { findDbError, MUNICIPALITY_NOT_IN_USE } from '@werkstatt/db';

/** True when err is a unique violation of `constraint` (of any, without one). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = findDbError(err, '23505');
  return e !== undefined && (constraint === undefined || e.constraint === constraint);
}

/** True when err is a foreign-key violation (a referenced row does not exist or is not visible). */
export const isForeignKeyViolation = (err: unknown): boolean => findDbError(err, '23503') !== undefined;

/** True when a transaction's principal check failed (app_check_principal raises 28000). */
export const isCredentialRejected = (err: unknown): boolean => findDbError(err, '28000') !== undefined;

/** True when a transaction found the municipality of its route deleted (app_check_municipality_in_use). */
export const isMunicipalityNotInUse = (err: unknown): boolean =>
  findDbError(err, MUNICIPALITY_NOT_IN_USE) !== undefined;
