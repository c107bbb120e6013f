import pg from 'pg';
import { APP_ROLE, type Database, type Tx } from './client.js';
import { runTransaction, simpleQuery, type TransactionOptions } from './transaction.js';

/**
 * What a transaction may see under row-level security:
 * - platform: the program office (and authentication look-ups) — all rows;
 * - tenant: one municipality's rows;
 * - public: the public catalog only (programs, action fields, municipalities).
 */
export type DataScope =
  | { kind: 'platform' }
  | { kind: 'tenant'; municipalityId: string }
  | { kind: 'public' };

/**
 * Whose credentials a request's transactions run on. The API resolves a token or key once and caches
 * it; each transaction re-checks the principal in its first statement (app_check_principal,
 * migrations 0014 and 0019), which raises SQLSTATE 28000 when the key was revoked or expired, the
 * user disabled or deleted, the role or municipality changed, the user's session (`sessionId`, the
 * refresh-token family of one sign-in) ended, or the municipality was deleted.
 */
export type Principal =
  | { kind: 'user'; id: string; role: string; municipalityId: string | null; sessionId: string }
  | { kind: 'api_key'; id: string; municipalityId: string | null };

export interface ScopedDatabase {
  readonly scope: DataScope;
  /**
   * Runs fn in one transaction with the scope set for RLS (transaction-local, never string-built).
   * `config` sets e.g. the isolation level, for reads that must see one consistent snapshot, and
   * `oneStatement` for fn that sends exactly one (a read): one round trip with COMMIT (runTransaction).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, config?: TransactionOptions): Promise<T>;
  /**
   * The current tag of a municipality's representations (app_representation_tag, migration 0017), in
   * one statement that also sets the scope and re-checks the principal: one round trip, no
   * transaction block (the statement's own transaction ends the settings with it).
   */
  representationTag(municipalityId: string): Promise<string>;
  /**
   * Like transaction(), with the representation tag read in the statement that sets the scope, before
   * any data: what fn reads is at least as new as the tag.
   */
  taggedTransaction<T>(
    municipalityId: string,
    fn: (tx: Tx) => Promise<T>,
    config?: TransactionOptions,
  ): Promise<Tagged<T>>;
}

export interface Tagged<T> {
  tag: string;
  result: T;
}

/** SQLSTATE of app_check_municipality_in_use (migration 0020): the municipality is deleted or not visible. */
export const MUNICIPALITY_NOT_IN_USE = 'WK404';

/**
 * `municipalityInUse`: the municipality whose route the request is on. Each transaction's first
 * statement then also checks that it is not deleted (raising MUNICIPALITY_NOT_IN_USE), in the same
 * round trip.
 */
export function scopedDatabase(
  db: Database,
  scope: DataScope,
  principal?: Principal,
  municipalityInUse?: string,
): ScopedDatabase {
  const municipalityId = scope.kind === 'tenant' ? scope.municipalityId : '';
  // The role switch is transaction-local too: if it fails, the transaction fails, so no query can
  // ever run with the connecting user's rights (which bypass RLS on Postgres and PGlite). One
  // statement, so setting the scope and checking the principal cost one round trip; inside a
  // transaction it travels with BEGIN, and the first query follows without waiting (runTransaction).
  // Literals, not parameters, so that it can share BEGIN's simple-protocol message: every value is
  // escaped, and the ids are cast to uuid.
  const calls = [
    `set_config('role', ${lit(APP_ROLE)}, true)`,
    `set_config('app.scope', ${lit(scope.kind)}, true)`,
    `set_config('app.municipality_id', ${lit(municipalityId)}, true)`,
  ];
  if (principal) {
    const user = principal.kind === 'user' ? principal : undefined;
    calls.push(
      `app_check_principal(${lit(principal.kind)}, ${uuid(principal.id)}, ${lit(user?.role ?? '')}, ${uuid(principal.municipalityId)}, ${uuid(user?.sessionId ?? null)})`,
    );
  }
  if (municipalityInUse) calls.push(`app_check_municipality_in_use(${uuid(municipalityInUse)})`);
  const opening = `select ${calls.join(', ')}`;
  const withTag = (municipalityId: string) =>
    `${opening}, app_representation_tag(${uuid(municipalityId)}) as tag`;
  const tagOf = (rows: Record<string, unknown>[]) => rows[0]!.tag as string;
  return {
    scope,
    transaction: async (fn, config) => (await runTransaction(db, opening, fn, config)).result,
    // One statement of its own: its implicit transaction ends the transaction-local settings with it.
    representationTag: async (municipalityId) =>
      tagOf((await simpleQuery(db.$client, withTag(municipalityId))).rows),
    taggedTransaction: async (municipalityId, fn, config) => {
      const { result, opened } = await runTransaction(db, withTag(municipalityId), fn, config);
      return { tag: tagOf(opened), result };
    },
  };
}

const lit = (value: string): string => pg.escapeLiteral(value);
const uuid = (value: string | null): string => (value === null ? 'null::uuid' : `${lit(value)}::uuid`);
