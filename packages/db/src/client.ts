import { createHash } from 'node:crypto';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export const APP_ROLE = 'werkstatt_app';

/** `$client` is the pool: scoped transactions check out their connection themselves (transaction.ts). */
export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface PoolOptions {
  connectionString: string;
  max?: number;
  /**
   * Keep each parameterised statement prepared on its connection. Under row-level security planning
   * costs more than running a typical query (policies add subplans), and a request runs several;
   * prepared once per connection, later executions skip parsing and, with generic plans, planning.
   */
  preparedStatements?: boolean;
  /**
   * Told when a pooled connection fails outside a query (Postgres restarted, backend terminated): an
   * idle one, which the pool drops and replaces on the next checkout, or one checked out with no
   * query running. Without a listener pg's 'error' event would be an uncaught exception that ends
   * the process.
   */
  onIdleError?: (err: Error) => void;
  /** Told how long, in seconds, each checkout waited that found every connection busy (metrics). */
  onWait?: (seconds: number) => void;
  /**
   * Write each query as soon as it is made, without waiting for the answers to those before it (pg's
   * pipelining; each query keeps its own Sync, so one failing does not take the next with it). A
   * transaction's first query then travels right behind the BEGIN that sets its scope
   * (runTransaction). On by default; queries that keep a portal open (cursors) are refused.
   */
  pipelining?: boolean;
}

// Statements with more parameters are mostly IN-lists of varying length: many shapes, rarely repeated.
const MAX_PREPARED_PARAMS = 32;

type QueryConfig = { text: string; name?: string; values?: unknown[] };

// Statement names by text: the set of texts is the code's query shapes, so it stays small.
const statementNames = new Map<string, string>();
const statementName = (text: string): string => {
  let name = statementNames.get(text);
  if (!name) {
    name = `w${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    statementNames.set(text, name);
  }
  return name;
};

/** A pg client that names every parameterised statement after its text, so pg prepares it once. */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this only adds a name.
  override query(config: any, values?: any, callback?: any): any {
    if (config && typeof config === 'object' && typeof config.text === 'string' && !config.name) {
      const params = (values ?? (config as QueryConfig).values ?? []) as unknown[];
      if (params.length > 0 && params.length <= MAX_PREPARED_PARAMS) {
        return super.query({ ...config, name: statementName(config.text) }, values, callback);
      }
    }
    return super.query(config, values, callback);
  }
}

export function createPool({
  connectionString,
  max = 10,
  preparedStatements = false,
  onIdleError,
  onWait,
  pipelining = true,
}: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    // pg's option is named `pipeline`; its types do not list it yet.
    ...({ pipeline: pipelining } as object),
    idleTimeoutMillis: 30_000,
    // A request waits at most 10 s for a connection: an exhausted pool becomes an error, never a hang.
    connectionTimeoutMillis: 10_000,
    ...(preparedStatements ? { Client: PreparingClient } : {}),
  });
  pool.on('error', (err) => onIdleError?.(err));
  // A connection can also fail while checked out with no query running, e.g. after drizzle's
  // transaction() saw its BEGIN fail on a terminated backend: it then keeps the client without
  // releasing it, and the socket's close arrives as an 'error' event nobody listens to, which would
  // end the process. Every client gets a listener of its own; the pool's idle listener still drops
  // idle ones. (The client kept by that failed BEGIN stays out of the pool: one connection fewer
  // until the process restarts.)
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) =>
    client.on('error', (err) => {
      // Idle clients are the pool's listener's to report.
      if (checkedOut.has(client)) onIdleError?.(err);
    }),
  );
  if (onWait) timeWaits(pool, max, onWait);
  return pool;
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: () => void) => void;

/**
 * pg's pool tells nobody that a checkout queued, so connect() (which query() uses too) is wrapped: a
 * checkout that finds no idle connection and no room for a new one is timed until it gets one or
 * times out. The others pass straight through.
 */
function timeWaits(pool: pg.Pool, max: number, onWait: (seconds: number) => void): void {
  const connect = pool.connect.bind(pool) as (cb?: ConnectCallback) => Promise<pg.PoolClient> | undefined;
  pool.connect = ((cb?: ConnectCallback) => {
    if (pool.idleCount > 0 || pool.totalCount < max) return connect(cb);
    const started = performance.now();
    const waited = () => onWait((performance.now() - started) / 1000);
    if (cb) {
      return connect((err, client, done) => {
        waited();
        cb(err, client, done);
      });
    }
    return connect()!.finally(waited);
  }) as typeof pool.connect;
}

/**
 * For a client of its own (one-off scripts): an error while a query runs rejects that query, but one
 * while the client is idle is emitted as 'error', which without a listener ends the process. The
 * next query then fails (the client is not queryable after a connection error), so nothing goes
 * unnoticed.
 */
export function watchClient(client: pg.Client, onError: (err: Error) => void = () => {}): pg.Client {
  client.on('error', onError);
  return client;
}

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema, casing: 'snake_case' });
}
