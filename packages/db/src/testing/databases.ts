import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { watchClient } from '../client.js';
import { migrationsFolder, runMigrations } from '../migrate.js';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = watchClient(new pg.Client({ connectionString: adminUrl }));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Template name derived from the migrations, so a changed migration gets a fresh template. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return `werkstatt_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** Migrates a template database once (guarded by an advisory lock) and returns its name. */
export async function prepareTemplateDatabase(adminUrl: string): Promise<string> {
  const name = templateName();
  await withAdmin(adminUrl, async (client) => {
    await client.query('select pg_advisory_lock(727274)');
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount) return;
      const building = `${name}_build`;
      await client.query(`drop database if exists ${building}`);
      await client.query(`create database ${building}`);
      await runMigrations(withDatabase(adminUrl, building));
      await client.query(`alter database ${building} rename to ${name}`);
    } finally {
      await client.query('select pg_advisory_unlock(727274)');
    }
  });
  return name;
}

export interface TestDatabase {
  /** URL as the owner (superuser): for fixtures. The API switches to the app role per transaction. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: one per test file. */
export async function createTestDatabase(adminUrl: string, template: string): Promise<TestDatabase> {
  const name = `werkstatt_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name} template ${template}`));
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () =>
      withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/**
 * The URL of `url`'s database as a login role like production's (no superuser, no BYPASSRLS, owns
 * nothing, may switch to werkstatt_app), created when missing, with a fresh password. Roles belong to
 * the cluster: one name serves every database. For benchmarks that start the production processes,
 * which refuse a superuser login.
 */
export async function productionLoginUrl(url: string, role = 'werkstatt_bench_login'): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Not a plain role name: ${role}`);
  const password = randomBytes(18).toString('hex');
  await withAdmin(url, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
    if (!rowCount) {
      await client.query(`create role ${role} login nosuperuser nobypassrls nocreatedb nocreaterole inherit`);
    }
    await client.query(`alter role ${role} inherit password '${password}'`);
    await client.query(`grant werkstatt_app to ${role}`);
  });
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
}
