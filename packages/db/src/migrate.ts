import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { watchClient } from './client.js';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/** Applies the SQL migrations as the connecting (owner) role. */
export async function runMigrations(connectionString: string): Promise<void> {
  const client = watchClient(new pg.Client({ connectionString }));
  await client.connect();
  try {
    // Silence NOTICEs like "schema drizzle already exists".
    await client.query('SET client_min_messages = warning');
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}
