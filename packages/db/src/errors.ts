import pg from 'pg';
import { watchClient } from './client.js';

/** A driver error, or an error wrapping one in `cause` (drizzle wraps every driver error). */
export type DbError = { code?: string; constraint?: string; message?: unknown; cause?: unknown };

/** The driver error with this SQLSTATE in err or its causes. */
export function findDbError(err: unknown, code: string): DbError | undefined {
  for (let e = err as DbError | undefined; e; e = e.cause as DbError | undefined) {
    if (e.code === code) return e;
  }
  return undefined;
}

// SQLSTATEs of a server going away or not there yet (class 08 connection exceptions; admin and
// crash shutdown, cannot connect now), and the socket errors of a connection that is refused or cut.
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03)$/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  // A pooled client whose connection failed, used once more before the pool dropped it.
  'Client has encountered a connection error and is not queryable',
];

/**
 * True when err (or a cause) says the database cannot be reached right now: Postgres restarting or
 * failing over, the pool unable to connect. Worth trying again later, unlike any other failure.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as DbError | undefined; e; e = e.cause as DbError | undefined) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.test(e.code) || UNAVAILABLE_SOCKET.has(e.code))) {
      return true;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.includes(e.message)) return true;
  }
  return false;
}

/**
 * Whether Postgres answers a fresh connection right now, if only with an error of its own. Its own
 * client, not a pooled one, so a pool that is merely full is no outage. For deciding after a failure
 * that isDatabaseUnavailable matched: a timed-out socket of another server (SMTP, say) carries the
 * same error codes.
 */
export async function databaseAnswers(connectionString: string, timeoutMs = 5000): Promise<boolean> {
  // Watched: a connection Postgres ends while this runs must not become an uncaught 'error' event.
  const client = watchClient(
    new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs }),
  );
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    // An error the server sent (too many clients, a rejected password) means it is there; a refused
    // or timed-out connection, a shutdown or a start-up in progress means it is not.
    return err instanceof pg.DatabaseError && !isDatabaseUnavailable(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}
