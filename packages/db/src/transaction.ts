import { DrizzleQueryError } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Database, Tx } from './client.js';

/** drizzle's own parts of a Database, needed to bind a transaction object to one connection. */
interface DrizzleInternals {
  dialect: ConstructorParameters<typeof NodePgTransaction>[0];
  session: { schema: ConstructorParameters<typeof NodePgTransaction>[2]; options: object };
}

/** A pooled connection's drizzle transaction object and what the transaction on it has sent. */
interface Bound {
  tx: Tx;
  afterQuery: (() => void) | undefined;
  /** Queries sent on the connection so far (sendInOrder checks that one went out). */
  sent: number;
  /** COMMIT is to follow the next query at once (commitAfterNextQuery). */
  commitNext: boolean;
  /** The COMMIT sent behind a query, which runTransaction awaits instead of sending its own. */
  commit: Promise<pg.QueryResult> | undefined;
}

/** drizzle's transaction settings, and whether fn sends exactly one statement (see runTransaction). */
export type TransactionOptions = PgTransactionConfig & { oneStatement?: boolean };

// Made on a connection's first transaction and kept: drizzle's transaction() builds a new one each
// time, with a relational query builder for every table.
const bound = new WeakMap<pg.PoolClient, Bound>();
const boundTx = new WeakMap<Tx, Bound>();

function bindTo(db: Database, client: pg.PoolClient): Bound {
  let b = bound.get(client);
  if (!b) {
    const { dialect, session } = db as unknown as DrizzleInternals;
    const state: Bound = {
      tx: undefined as unknown as Tx,
      afterQuery: undefined,
      sent: 0,
      commitNext: false,
      commit: undefined,
    };
    // Told of each query fn sends: the opening leaves in the same write as the first, and a COMMIT
    // asked for leaves in the same write as the query it follows.
    const watched = {
      query: (...args: Parameters<pg.PoolClient['query']>) => {
        // Anything after the COMMIT would run outside the transaction, without its scope.
        if (state.commit)
          throw new Error('The transaction was committed with its last statement; nothing may follow.');
        const last = state.commitNext;
        const flush = last ? holdWrites(client) : undefined;
        const result = (client.query as (...a: unknown[]) => unknown)(...args);
        state.sent++;
        if (last) {
          state.commitNext = false;
          state.commit = client.query('commit');
          // Awaited by runTransaction; this only keeps a failure from counting as unhandled meanwhile.
          state.commit.catch(() => {});
          flush!();
        }
        const after = state.afterQuery;
        state.afterQuery = undefined;
        after?.();
        return result;
      },
    };
    const own = new NodePgSession(watched as never, dialect, session.schema, session.options);
    state.tx = new NodePgTransaction(dialect, own, session.schema) as unknown as Tx;
    bound.set(client, state);
    boundTx.set(state.tx, state);
    b = state;
  }
  return b;
}

/**
 * Holds back the connection's writes until `release` is called: the opening message and the first
 * query then go out in one write (one system call, and one wake-up of the backend instead of two).
 */
function holdWrites(client: pg.PoolClient): () => void {
  const stream = (
    client as unknown as {
      connection: { stream: NodeJS.WritableStream & { cork?(): void; uncork?(): void } };
    }
  ).connection.stream;
  if (!stream.cork || !stream.uncork) return () => {};
  stream.cork();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    stream.uncork!();
  };
}

const ISOLATION = new Set(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

/** BEGIN with the config's characteristics; only the values Postgres accepts pass. */
export function beginStatement(config?: TransactionOptions): string {
  const parts = ['begin'];
  if (config?.isolationLevel) {
    if (!ISOLATION.has(config.isolationLevel)) throw new Error(`isolation level ${config.isolationLevel}`);
    parts.push(`isolation level ${config.isolationLevel}`);
  }
  if (config?.accessMode) {
    if (config.accessMode !== 'read only' && config.accessMode !== 'read write') {
      throw new Error(`access mode ${config.accessMode}`);
    }
    parts.push(config.accessMode);
  }
  if (typeof config?.deferrable === 'boolean')
    parts.push(config.deferrable ? 'deferrable' : 'not deferrable');
  return parts.join(' ');
}

/**
 * Runs fn in a transaction opened by ONE simple-protocol message: BEGIN and `opening`, the statement
 * that sets the scope (literals only, escaped by the caller). On a pipelining pool (createPool) fn's
 * first query is written right behind it, without waiting for its answer, so a read of one query takes
 * two round trips (with COMMIT) where drizzle's transaction() takes four. That is safe because BEGIN
 * comes first in the message: if the scope statement fails, the transaction is aborted and every query
 * behind it fails unexecuted; the opening's error is the one thrown, and nothing fn did counts until
 * the opening has succeeded. Returns fn's result and the opening statement's rows. On any failure the
 * transaction is rolled back; a connection on which even ROLLBACK fails is destroyed instead of
 * returned to the pool, so no connection in an aborted or unknown state is handed out again.
 *
 * `oneStatement`: fn sends exactly one statement (most reads), and COMMIT goes right behind it
 * (commitAfterNextQuery): the opening, the statement and COMMIT leave in one write and cost one round
 * trip. A second statement throws instead of running outside the transaction.
 */
export async function runTransaction<T>(
  db: Database,
  opening: string,
  fn: (tx: Tx) => Promise<T>,
  config?: TransactionOptions,
): Promise<{ result: T; opened: Record<string, unknown>[] }> {
  const text = `${beginStatement(config)}; ${opening}`;
  const client = await db.$client.connect();
  const b = bindTo(db, client);
  // Set afresh for each transaction on the connection: COMMIT is sent at most once per transaction.
  b.commitNext = config?.oneStatement === true;
  b.commit = undefined;
  try {
    const release = holdWrites(client);
    b.afterQuery = release;
    // Should fn not query at once (a check before its first read), the opening leaves anyway.
    setImmediate(release);
    const opened = simpleQuery(client, text).then(
      (results) => ({ rows: (results as unknown as pg.QueryResult[])[1]!.rows }),
      (err: unknown) => ({ err }),
    );
    const ran = await fn(b.tx).then(
      (result) => ({ result }),
      (err: unknown) => ({ err }),
    );
    b.afterQuery = undefined;
    const committing = b.commit;
    const open = await opened;
    if ('err' in open) throw open.err;
    if ('err' in ran) throw ran.err;
    const done = await (committing ?? client.query('commit'));
    // Postgres answers COMMIT of an aborted transaction with ROLLBACK, not an error: a failed query
    // whose error fn swallowed must not pass as written.
    if (done.command !== 'COMMIT') throw new Error(`The transaction was rolled back at ${done.command}.`);
    client.release();
    return { result: ran.result, opened: open.rows };
  } catch (err) {
    try {
      await client.query('rollback');
      client.release();
    } catch (failed) {
      client.release(failed as Error);
    }
    throw err;
  }
}

/**
 * A statement without parameters in the simple protocol (several may share one message), its error
 * wrapped as drizzle wraps those of its own queries, so callers see one shape of error.
 */
export async function simpleQuery(on: pg.Pool | pg.PoolClient, text: string): Promise<pg.QueryResult> {
  try {
    return await on.query(text);
  } catch (err) {
    throw new DrizzleQueryError(text, [], err as Error);
  }
}

function boundOf(tx: Tx): Bound {
  const b = boundTx.get(tx);
  if (!b) throw new Error('Not a transaction of runTransaction().');
  return b;
}

/**
 * The next query on tx is the transaction's last: COMMIT is written right behind it, in the same
 * write, without waiting for its answer. Under a row lock that saves the round trip everyone queued
 * behind the lock would wait for. Postgres answers the COMMIT with a rollback when the query fails,
 * so its error is thrown and nothing is written. Only for a query that is the last thing fn does:
 * nothing may be queried after it (that throws), and in a transaction that writes nothing may throw
 * after it either: what it wrote is committed by then. A read may still throw (a 404).
 */
export function commitAfterNextQuery(tx: Tx): void {
  boundOf(tx).commitNext = true;
}

/**
 * Starts `first`, then `second` behind it without waiting for first's answer, so that Postgres runs
 * second the moment first is done (a row lock granted, say) with no round trip through this process
 * in between. Their order is what makes that safe, so second starts only once first's query has
 * gone out. first must therefore send its query synchronously, as a builder's `.execute()` does
 * (`await builder` defers the query to a microtask); should it not have, second waits for first's
 * answer instead.
 * second's promise is marked handled: a caller that throws on first's answer (a failed check) rolls
 * the transaction back, second's work with it, and need not await it.
 */
export function sendInOrder<A, B>(
  tx: Tx,
  first: () => Promise<A>,
  second: () => Promise<B>,
): [Promise<A>, Promise<B>] {
  const b = boundOf(tx);
  const before = b.sent;
  const a = first();
  const then = b.sent > before ? second() : a.then(second);
  then.catch(() => {});
  return [a, then];
}
