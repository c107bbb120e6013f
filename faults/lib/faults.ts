// The faults, in the order they run. Each returns its figures and what it missed; the load goes on
// throughout, and the end state (every document and mail once, outbox empty) is checked by run.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { type AppProcess, signal, waitReady } from './apps.js';
import type { Load } from './load.js';
import { type Postgres, type RedisServer, redisCommand } from './services.js';

export interface Rig {
  apiUrl: string;
  postgres: Postgres;
  redis: RedisServer;
  api: AppProcess;
  worker: AppProcess;
  startApi(): AppProcess;
  startWorker(): AppProcess;
  /** The superuser's pool, for the counts. */
  db: pg.Pool;
  load: Load;
  /** Documents a killed worker held: their jobs wait for the stalled-job check. */
  killed: Set<string>;
  killedAt?: Date;
}

export interface FaultResult {
  fault: string;
  ms: number;
  figures: Record<string, string | number>;
  misses: string[];
}

export interface FaultOptions {
  phaseMs: number;
  redisDownMs: number;
}

export interface Fault {
  name: string;
  run(rig: Rig, o: FaultOptions): Promise<FaultResult>;
}

/**
 * The documents a worker has in hand and is rendering right now: an active BullMQ job of the documents
 * queue (job id = outbox id) that holds its lock, whose document is `rendering`. Neither alone tells:
 * a killed worker's jobs stay in the active list until the stalled-job check moves them (their lock
 * expires after JOB_LOCK_MS), and a document stays `rendering` while its job waits for a retry (an
 * attempt that failed with Postgres down could not reset it). Waits until there is one (empty after
 * `timeoutMs`); `exclude` leaves out the documents a killed worker held.
 */
async function inHand(
  rig: Rig,
  exclude: ReadonlySet<string> = new Set(),
  timeoutMs = 30_000,
): Promise<{ ids: string[]; renderingInDb: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const active = (await redisCommand(
      rig.redis.port,
      'LRANGE',
      'werkstatt:documents:active',
      '0',
      '-1',
    )) as string[];
    const locked: string[] = [];
    for (const job of active) {
      if (await redisCommand(rig.redis.port, 'EXISTS', `werkstatt:documents:${job}:lock`)) locked.push(job);
    }
    const { rows } = await rig.db.query<{ id: string; held: boolean }>(
      `select d.id, d.id::text = any(select o.payload->>'documentId' from outbox o where o.id::text = any($1::text[])) as held
       from documents d where d.status = 'rendering'`,
      [locked],
    );
    const ids = rows.filter((r) => r.held && !exclude.has(r.id)).map((r) => r.id);
    if (ids.length > 0 || Date.now() > deadline) return { ids, renderingInDb: rows.length };
    await sleep(20);
  }
}

/** Ms from `since` until a document became ready after it (the worker works), or -1 after the timeout. */
async function firstReadyAfter(db: pg.Pool, since: Date, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    const { rows } = await db
      .query<{ at: Date | null }>(
        `select min(updated_at) as at from documents where status = 'ready' and updated_at > $1`,
        [since],
      )
      .catch(() => ({ rows: [{ at: null }] }));
    const at = rows[0]?.at;
    if (at) return Math.max(0, at.getTime() - since.getTime());
    if (Date.now() - since.getTime() > timeoutMs) return -1;
    await sleep(200);
  }
}

const timed = async (fault: string, body: () => Promise<Omit<FaultResult, 'fault' | 'ms'>>) => {
  const started = Date.now();
  const result = await body();
  return { fault, ms: Date.now() - started, ...result };
};

const workerKilled: Fault = {
  name: 'worker kill -9 mid-render',
  run: (rig, o) =>
    timed('worker kill -9 mid-render', async () => {
      const { ids, renderingInDb } = await inHand(rig);
      const misses = ids.length
        ? []
        : ['no document was rendering within 30 s: the fault did not hit a render'];
      for (const id of ids) rig.killed.add(id);
      rig.killedAt = new Date();
      signal(rig.worker, 'SIGKILL');
      const exit = await rig.worker.exited;
      const restartedAt = new Date();
      rig.worker = rig.startWorker();
      await sleep(o.phaseMs);
      const { rows } = await rig.db.query<{ n: number }>(
        `select count(*)::int as n from documents where id = any($1::uuid[]) and status = 'ready'`,
        [ids],
      );
      const firstReady = await firstReadyAfter(rig.db, restartedAt);
      if (firstReady < 0) misses.push('no document became ready within 30 s of the restart');
      return {
        figures: {
          'in hand at signal': ids.length,
          'rendering in db at signal': renderingInDb,
          'of them ready after phase': rows[0]!.n,
          'worker exit': exit,
          'first ready after restart ms': firstReady,
        },
        misses,
      };
    }),
};

/** Runs `outage`, then checks the same API and worker processes are up and working again. */
async function survived(rig: Rig, outage: () => Promise<void>): Promise<Omit<FaultResult, 'fault' | 'ms'>> {
  const api = rig.api;
  const worker = rig.worker;
  await outage();
  const over = new Date();
  const misses: string[] = [];
  const readyMs = await waitReady(rig.apiUrl, api, 30_000).catch((err: Error) => {
    misses.push(err.message);
    return -1;
  });
  const firstReady = await firstReadyAfter(rig.db, over);
  if (firstReady < 0) misses.push('the worker rendered no document within 30 s after the fault');
  if (!api.alive()) misses.push(`the API exited (${await api.exited}): no manual restart is expected`);
  if (!worker.alive())
    misses.push(`the worker exited (${await worker.exited}): no manual restart is expected`);
  // A miss is reported, and the run goes on with fresh processes so the later faults still run.
  if (!api.alive()) rig.api = rig.startApi();
  if (!worker.alive()) rig.worker = rig.startWorker();
  return {
    figures: {
      'API pid kept': api.alive() ? 'yes' : 'NO',
      'worker pid kept': worker.alive() ? 'yes' : 'NO',
      '/readyz ok after ms': readyMs,
      'first ready after ms': firstReady,
    },
    misses,
  };
}

const redisDown: Fault = {
  name: 'Redis down',
  run: (rig, o) =>
    timed('Redis down', async () => {
      let readyzDuring = '';
      const result = await survived(rig, async () => {
        await rig.redis.shutdown();
        await sleep(o.redisDownMs / 2);
        readyzDuring = String(
          await fetch(`${rig.apiUrl}/readyz`).then(
            (r) => r.status,
            (e: Error) => e.message,
          ),
        );
        await sleep(o.redisDownMs / 2);
        await rig.redis.start();
      });
      await sleep(o.phaseMs);
      return { ...result, figures: { ...result.figures, '/readyz while down': readyzDuring } };
    }),
};

const postgresRestart: Fault = {
  name: 'Postgres restart',
  run: (rig, o) =>
    timed('Postgres restart', async () => {
      const result = await survived(rig, () => rig.postgres.restart());
      await sleep(o.phaseMs);
      return result;
    }),
};

const apiTerminated: Fault = {
  name: 'API SIGTERM',
  run: (rig, o) =>
    timed('API SIGTERM', async () => {
      // Two requests in flight at once if they come within 5 s, else the next moment with one: with
      // two paced clients and requests of a few milliseconds, both may rarely be in flight together.
      const twoBy = Date.now() + 5_000;
      const oneBy = twoBy + 10_000;
      while (rig.load.inFlight.size < 2 && Date.now() < twoBy) await sleep(1);
      while (rig.load.inFlight.size < 1 && Date.now() < oneBy) await sleep(1);
      const inFlight = [...rig.load.inFlight];
      signal(rig.api, 'SIGTERM');
      const exit = await rig.api.exited;
      while (inFlight.some((a) => !a.done)) await sleep(10);
      const failed = inFlight.filter((a) => a.status === undefined || a.status >= 500);
      rig.api = rig.startApi();
      const readyMs = await waitReady(rig.apiUrl, rig.api, 30_000);
      await sleep(o.phaseMs);
      const misses = [
        ...(inFlight.length ? [] : ['no request was in flight at the signal']),
        ...failed.map((a) => `in-flight request failed: ${a.status ?? a.error}`),
        ...(exit === 0 ? [] : [`the API exited with ${exit}, not 0`]),
      ];
      return {
        figures: {
          'in flight at signal': inFlight.length,
          'in flight failed': failed.length,
          'API exit': exit,
          'new API ready ms': readyMs,
        },
        misses,
      };
    }),
};

const workerTerminated: Fault = {
  name: 'worker SIGTERM',
  run: (rig, o) =>
    timed('worker SIGTERM', async () => {
      const { ids, renderingInDb } = await inHand(rig, rig.killed);
      signal(rig.worker, 'SIGTERM');
      const exit = await rig.worker.exited;
      const { rows } = await rig.db.query<{ id: string; status: string }>(
        `select id, status from documents where id = any($1::uuid[])`,
        [ids],
      );
      const unfinished = rows.filter((r) => r.status !== 'ready');
      rig.worker = rig.startWorker();
      await sleep(o.phaseMs);
      const misses = [
        ...(ids.length ? [] : ['no document was rendering within 30 s: the fault did not hit a render']),
        ...(exit === 0 ? [] : [`the worker exited with ${exit}, not 0`]),
        ...unfinished.map(
          (r) => `document ${r.id} in hand at SIGTERM was ${r.status} when the worker had exited`,
        ),
      ];
      return {
        figures: {
          'in hand at signal': ids.length,
          'rendering in db at signal': renderingInDb,
          'unfinished at exit': unfinished.length,
          'worker exit': exit,
        },
        misses,
      };
    }),
};

export const faults: Fault[] = [workerKilled, redisDown, postgresRestart, apiTerminated, workerTerminated];
