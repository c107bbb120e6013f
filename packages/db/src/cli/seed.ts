import { createDatabase, createPool } from '../client.js';
import { seedDemoData } from '../seed/demo.js';

const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must be set to seed demo data.');
  process.exit(1);
}
const pool = createPool({ connectionString: url, max: 1 });
const logins = await seedDemoData(createDatabase(pool));
await pool.end();
console.log(`Demo data ready. Logins (password ${logins[0]?.password}):`);
for (const l of logins) console.log(`  ${l.role.padEnd(20)} ${l.email}`);
