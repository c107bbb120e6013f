// Where the CPU time of a run goes: the worker, the Postgres backends serving it, Redis and this
// process (the receiver), each as user + system time from /proc (Linux only). On a small machine these
// share the same cores, so their sum per delivery bounds the throughput.
import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type pg from 'pg';

export interface CpuTime {
  user: number;
  system: number;
}

const TICK_MS = 10;

/** utime and stime of a process in ms; zero for a process that is gone. */
export async function cpuTime(pid: number): Promise<CpuTime> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
  } catch {
    return { user: 0, system: 0 };
  }
}

const add = (a: CpuTime, b: CpuTime): CpuTime => ({ user: a.user + b.user, system: a.system + b.system });
const sub = (a: CpuTime, b: CpuTime): CpuTime => ({ user: a.user - b.user, system: a.system - b.system });

export type CpuParts = Record<'worker' | 'postgres' | 'redis' | 'receiver', CpuTime>;

export interface CpuProbe {
  /** The CPU time of each part since the probe was made. */
  read(workerPid: number): Promise<CpuParts>;
}

/**
 * Starts counting. Postgres: the backends of `role` on `database` (a pool that opens a connection
 * mid-run is counted from its start; one closed mid-run is missed). Redis: the whole server, which
 * other users of it on the machine add to.
 */
export async function startCpuProbe(
  pool: pg.Pool,
  redis: Redis,
  database: string,
  role: string,
  workerPid: number,
): Promise<CpuProbe> {
  const backends = async () =>
    (
      await pool.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and usename = $2',
        [database, role],
      )
    ).rows.map((r) => r.pid);
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  const postgresBefore = new Map<number, CpuTime>();
  for (const pid of await backends()) postgresBefore.set(pid, await cpuTime(pid));
  const workerBefore = await cpuTime(workerPid);
  const redisBefore = await cpuTime(redisPid);
  const receiverBefore = process.cpuUsage();
  return {
    async read(pid) {
      let postgres: CpuTime = { user: 0, system: 0 };
      for (const backend of await backends()) {
        postgres = add(
          postgres,
          sub(await cpuTime(backend), postgresBefore.get(backend) ?? { user: 0, system: 0 }),
        );
      }
      const receiver = process.cpuUsage(receiverBefore);
      return {
        worker: sub(await cpuTime(pid), pid === workerPid ? workerBefore : { user: 0, system: 0 }),
        postgres,
        redis: sub(await cpuTime(redisPid), redisBefore),
        receiver: { user: receiver.user / 1000, system: receiver.system / 1000 },
      };
    },
  };
}
