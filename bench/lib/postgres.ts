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
