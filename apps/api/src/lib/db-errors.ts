import { MUNICIPALITY_NOT_IN_USE } from '@werkstatt/db';

type DbError = { code?: string; constraint?: string; cause?: unknown };

/** The driver error with this SQLSTATE in err or its causes (drizzle wraps driver errors). */
function findDbError(err: unknown, code: string): DbError | undefined {
  for (let e = err as DbError | undefined; e; e = e.cause as DbError | undefined) {
    if (e.code === code) return e;
  }
  return undefined;
}

/** True when err is a unique violation of `constraint` (of any, without one). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = findDbError(err, '23505');
  return e !== undefined && (constraint === undefined || e.constraint === constraint);
}

/** True when err is a foreign-key violation (a referenced row does not exist or is not visible). */
export const isForeignKeyViolation = (err: unknown): boolean => findDbError(err, '23503') !== undefined;

// SQLSTATEs of a server going away or not there yet (class 08 connection exceptions; admin and
// crash shutdown, cannot connect now), and the socket errors of a connection that is refused or cut.
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03)$/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
];

/**
 * True when err (or a cause) says the database cannot be reached right now: Postgres restarting or
 * failing over, the pool unable to connect. Worth a retry, unlike any other failure.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as (DbError & { message?: unknown }) | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.test(e.code) || UNAVAILABLE_SOCKET.has(e.code))) {
      return true;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => e!.message === m)) return true;
  }
  return false;
}

/** True when a transaction's principal check failed (app_check_principal raises 28000). */
export const isCredentialRejected = (err: unknown): boolean => findDbError(err, '28000') !== undefined;

/** True when a transaction found the municipality of its route deleted (app_check_municipality_in_use). */
export const isMunicipalityNotInUse = (err: unknown): boolean =>
  findDbError(err, MUNICIPALITY_NOT_IN_USE) !== undefined;
