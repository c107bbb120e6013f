import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrationsFolder, runMigrations } from '../src/migrate.js';

// Several containers may start the migration job at once: the runs take turns and all succeed.
const name = `werkstatt_m_${randomBytes(6).toString('hex')}`;
const adminUrl = () => inject('adminDatabaseUrl');
const url = () => {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
};

async function asAdmin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

afterAll(() => asAdmin(`drop database if exists ${name} with (force)`));

describe('runMigrations', () => {
  it('applies every migration once when three runs start at the same time on an empty database', async () => {
    await asAdmin(`create database ${name}`);
    await Promise.all([runMigrations(url()), runMigrations(url()), runMigrations(url())]);

    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      const applied = await client.query<{ n: number; distinct: number }>(
        'select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations',
      );
      const migrations = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length;
      expect(applied.rows[0]).toEqual({ n: migrations, distinct: migrations });
      const tables = await client.query(
        "select to_regclass('public.webhook_deliveries') is not null as present",
      );
      expect(tables.rows[0]).toEqual({ present: true });
    } finally {
      await client.end();
    }
  });
});
