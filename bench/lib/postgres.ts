// CPU time of the Postgres backends serving one database (Linux, Postgres on the same machine).
import pg from 'pg';
import { cpuMs } from './process.js';

/** CPU ms used so far by each backend connected to the database, by pid (this connection left out). */
export async function backendCpu(url: string, database: string): Promise<Map<number, number>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(
      `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [database],
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows as { pid: number }[]) {
      // A backend may end between the listing and the read.
      const ms = await cpuMs(pid).catch(() => undefined);
      if (ms !== undefined) cpu.set(pid, ms);
    }
    return cpu;
  } finally {
    await db.end();
  }
}

/** CPU ms the backends used between two readings (backends that ended in between are not counted). */
export const backendCpuBetween = (before: Map<number, number>, after: Map<number, number>): number =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

export interface BenchDatabase {
  /** The server's maintenance database (DATABASE_URL). */
  adminUrl: string;
  /** The bench's own database on the same server. */
  benchUrl: string;
  dbName: string;
  /** Rebuild it even if it is seeded (--reseed). */
  reseed: boolean;
  /** A cheap probe that the seed finished; any error counts as not seeded. */
  isSeeded(db: pg.Client): Promise<boolean>;
  /** Fills the freshly migrated database. */
  seed(db: pg.Client): Promise<void>;
  /** Applies the migrations (the seeds run against the current schema). */
  migrate(url: string): Promise<void>;
}

/**
 * Reuses the bench database when it is seeded (with migrations added since applied, idempotent by
 * their journal), otherwise drops, recreates, migrates and seeds it, then vacuums and analyses it as
 * autovacuum would soon do: the seed's large transactions leave dead row versions behind.
 */
export async function prepareBenchDatabase(o: BenchDatabase): Promise<void> {
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  try {
    const exists =
      (await admin.query('select 1 from pg_database where datname = $1', [o.dbName])).rowCount === 1;
    if (exists && !o.reseed) {
      const db = new pg.Client({ connectionString: o.benchUrl });
      await db.connect();
      const seeded = await o.isSeeded(db).catch(() => false);
      await db.end();
      if (seeded) {
        await o.migrate(o.benchUrl);
        console.log(`Using the seeded database ${o.dbName} (pass --reseed to rebuild it).`);
        return;
      }
    }
    await admin.query(`drop database if exists ${pg.escapeIdentifier(o.dbName)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(o.dbName)}`);
  } finally {
    await admin.end();
  }
  await o.migrate(o.benchUrl);
  const db = new pg.Client({ connectionString: o.benchUrl });
  await db.connect();
  const started = Date.now();
  try {
    await o.seed(db);
    await db.query('vacuum analyze');
  } finally {
    await db.end();
  }
  console.log(`Seeded ${o.dbName} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
