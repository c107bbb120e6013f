import { type Name, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Tx } from './client.js';
import { commitAfterNextQuery } from './transaction.js';

/**
 * Several inserts (or updates) of one transaction sent as ONE statement, each a data-modifying CTE:
 * `with w0 as (…), w1 as (…) select 1`. For writes that follow a change under a row lock (a
 * registration's mail job, audit entry and webhook event), where every round trip is time others wait.
 * Postgres runs every CTE, on one snapshot; a statement may read what an earlier one returns through
 * the name add() gave it.
 */
export class Writes {
  private readonly ctes: SQL[] = [];

  constructor(readonly tx: Tx) {}

  /** Adds a statement; its name, for a later statement that selects from what it returns. */
  add(statement: SQLWrapper): Name {
    const name = sql.identifier(`w${this.ctes.length}`);
    // The SQL itself: drizzle would put an embedded builder in parentheses, which an insert may not have.
    this.ctes.push(sql`${name} as (${statement.getSQL()})`);
    return name;
  }

  /**
   * Sends the statement. With `last`, it is the transaction's last query: COMMIT goes out right
   * behind it (commitAfterNextQuery), so a lock is released without another round trip.
   */
  async run(options: { last?: boolean } = {}): Promise<void> {
    if (this.ctes.length === 0) return;
    if (options.last) commitAfterNextQuery(this.tx);
    await this.tx.execute(sql`with ${sql.join(this.ctes, sql`, `)} select 1`);
    this.ctes.length = 0;
  }
}
