import { runMigrations } from '../migrate.js';

const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL (or MIGRATION_DATABASE_URL) must be set to migrate.');
  process.exit(1);
}
await runMigrations(url);
console.log('Migrations applied.');
