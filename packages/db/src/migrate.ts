import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { watchClient } from './client.js';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

// Any fixed number: the key of the session lock that lets one run of the migrations in at a time.
const MIGRATION_LOCK = 7_305_146_218;

/**
 * Applies the SQL migrations as the connecting (owner) role. Runs started at once (several
 * containers, a deploy that overlaps the last) take turns on a session advisory lock: the first
 * applies what is missing, the others then find nothing left to do, rather than failing halfway on
 * objects the first created.
 */
export async function runMigrations(connectionString: string): Promise<void> {
  const client = watchClient(new pg.Client({ connectionString }));
  await client.connect();
  try {
    // Silence NOTICEs like "schema drizzle already exists".
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}
