import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are SQL files applied by src/migrate.ts.
// `drizzle-kit push` is never used because it drops policy conditions and RLS flags.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
});
