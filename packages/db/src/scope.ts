import { sql } from 'drizzle-orm';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import { APP_ROLE, type Database, type Tx } from './client.js';

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

export interface ScopedDatabase {
  readonly scope: DataScope;
  /**
   * Runs fn in one transaction with the scope set for RLS (transaction-local, never string-built).
   * `config` sets e.g. the isolation level, for reads that must see one consistent snapshot.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T>;
}

export function scopedDatabase(db: Database, scope: DataScope): ScopedDatabase {
  const municipalityId = scope.kind === 'tenant' ? scope.municipalityId : '';
  return {
    scope,
    transaction: (fn, config) =>
      db.transaction(async (tx) => {
        // The role switch is transaction-local too: if it fails, the transaction fails, so no query
        // can ever run with the connecting user's rights (which bypass RLS on Postgres and PGlite).
        await tx.execute(
          sql`select set_config('role', ${APP_ROLE}, true), set_config('app.scope', ${scope.kind}, true), set_config('app.municipality_id', ${municipalityId}, true)`,
        );
        return fn(tx);
      }, config),
  };
}
