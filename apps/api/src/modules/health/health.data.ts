import type { Database } from '@werkstatt/db';
import { sql } from 'drizzle-orm';

/** One round trip to Postgres, outside any scope: it reads no table. */
export const pingPostgres = (db: Database) => db.execute(sql`select 1`);
