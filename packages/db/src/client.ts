import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export const APP_ROLE = 'werkstatt_app';

export type Database = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface PoolOptions {
  connectionString: string;
  max?: number;
}

export function createPool({ connectionString, max = 10 }: PoolOptions): pg.Pool {
  // A request waits at most 10 s for a connection: an exhausted pool becomes an error, never a hang.
  return new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
}

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema, casing: 'snake_case' });
}
