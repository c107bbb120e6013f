/**
 * `pnpm dev`: the API in development mode on a fresh machine with nothing configured.
 * Without DATABASE_URL it serves an embedded Postgres (PGlite over the wire protocol) whose data lives
 * in `.data/pglite` at the repository root; either way it applies migrations and demo data first.
 * Background jobs run in this process (the worker's in-process runner, e-mails as files in
 * `.data/mail`) unless REDIS_URL and DATABASE_URL are set: then the separate worker runs them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import {
  createDatabase,
  createPool,
  type DemoLogin,
  municipalities,
  runMigrations,
  scopedDatabase,
  seedDemoData,
} from '@werkstatt/db';
import {
  createInProcessRunner,
  type InProcessRunner,
  loadConfig as loadWorkerConfig,
  ConfigError as WorkerConfigError,
} from '@werkstatt/worker';
import { count } from 'drizzle-orm';
import { ConfigError } from './config.js';
import type { Deps } from './deps.js';
import { type RunningServer, startServer } from './server.js';

// src/dev.ts and dist/dev.js both sit two levels below the repository root's apps/.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataRoot = path.join(repoRoot, '.data');
const pgliteDir = path.join(dataRoot, 'pglite');
const lockFile = path.join(dataRoot, 'pglite.pid');
const mailDir = path.join(dataRoot, 'mail');

const PGLITE_HOST = '127.0.0.1';
const PGLITE_FIRST_PORT = 54329;
const PGLITE_PORT_ATTEMPTS = 20;
const SHUTDOWN_GRACE_MS = 10_000;
// A start-up step (creating or migrating PGlite) is let finish; this bounds one that hangs.
const STARTUP_ABORT_GRACE_MS = 30_000;

interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

class DevError extends Error {}

/** PGlite keeps its files open in this process; a second process on the same directory would corrupt it. */
function acquireLock(): () => void {
  mkdirSync(dataRoot, { recursive: true });
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new DevError(
        `Another \`pnpm dev\` (process ${holder}) is using ${path.relative(repoRoot, pgliteDir)}. Stop it first.`,
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const release = acquireLock();
  let db: PGlite | undefined;
  try {
    console.log(`Starting the embedded PostgreSQL (PGlite) in ${path.relative(repoRoot, pgliteDir)} …`);
    db = await PGlite.create({ dataDir: pgliteDir });
    for (let port = PGLITE_FIRST_PORT; port < PGLITE_FIRST_PORT + PGLITE_PORT_ATTEMPTS; port++) {
      // The API uses one connection at a time (DATABASE_POOL_MAX=1). The second slot only bridges the
      // moment in which a closed connection is still being detached while the next one connects.
      const server = new PGLiteSocketServer({ db, host: PGLITE_HOST, port, maxConnections: 2 });
      try {
        await server.start();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
        throw err;
      }
      const pglite = db;
      return {
        url: `postgres://postgres@${PGLITE_HOST}:${port}/postgres`,
        async stop() {
          try {
            await server.stop();
            await pglite.close();
          } finally {
            release();
          }
        },
      };
    }
    throw new DevError(
      `No free port for the embedded PostgreSQL in ${PGLITE_FIRST_PORT}–${PGLITE_FIRST_PORT + PGLITE_PORT_ATTEMPTS - 1}.`,
    );
  } catch (err) {
    await db?.close().catch(() => {});
    release();
    throw err;
  }
}

/**
 * Migrations, demo data, and a check that a tenant transaction really runs under row-level security
 * (PGlite's default user, like any superuser, would bypass it). One short-lived connection.
 */
async function prepareDatabase(url: string): Promise<DemoLogin[]> {
  await runMigrations(url);
  const pool = createPool({ connectionString: url, max: 1 });
  try {
    const db = createDatabase(pool);
    const logins = await seedDemoData(db);
    const stranger = scopedDatabase(db, { kind: 'tenant', municipalityId: randomUUID() });
    const [visible] = await stranger.transaction((tx) => tx.select({ n: count() }).from(municipalities));
    if (visible?.n !== 0) {
      throw new DevError(
        'Row-level security is not enforced: a tenant transaction saw other municipalities. Refusing to start.',
      );
    }
    return logins;
  } finally {
    await pool.end();
  }
}

/** The URL without its password, for printing. */
function displayUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Who runs the background jobs. In process unless Redis and a real Postgres are both configured:
 * PGlite is one session inside this process, and a worker process next to it would have to share
 * that session through the socket server's multiplexer.
 */
type JobMode = { kind: 'in-process'; runner: InProcessRunner } | { kind: 'worker' };

/**
 * The worker's in-process runner on the API's own pool: on PGlite that pool is its single
 * connection, so requests and jobs take turns on it. The runner holds it only for short claim and
 * finish transactions (the job itself runs outside any transaction), so a request waits at most
 * for one of those, never for an e-mail being sent.
 */
function startJobRunner(deps: Deps, log: RunningServer['app']['log']): InProcessRunner {
  const config = loadWorkerConfig({
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: deps.config.DATABASE_URL,
    MAIL_TRANSPORT: 'file',
    MAIL_OUTBOX_DIR: mailDir,
  });
  const runner = createInProcessRunner({
    db: deps.db,
    config,
    log: log.child({ service: 'jobs' }),
    // With Redis (on PGlite) the document event streams hear the renders; without, they poll.
    publishDocumentChange: deps.documentEvents.publish,
  });
  runner.start();
  return runner;
}

function printBanner(
  publicUrl: string,
  consoleUrl: string,
  database: string,
  logins: DemoLogin[],
  jobs: JobMode,
): void {
  const base = publicUrl.replace(/\/$/, '');
  const mails = path.relative(repoRoot, mailDir);
  const jobLines =
    jobs.kind === 'in-process'
      ? [`  Jobs       in this process; e-mails are written to ${mails}/<job id>.eml`]
      : [
          '  Jobs       by the worker (BullMQ), a separate process as in production. Start it with the',
          '             same DATABASE_URL and REDIS_URL; its e-mails go to the same folder:',
          `               NODE_ENV=development MAIL_OUTBOX_DIR=${mailDir} pnpm --filter @werkstatt/worker dev`,
        ];
  const lines = [
    '',
    'Werkstatt API is running (development mode).',
    // The root `pnpm dev` starts the console's dev server next to the API; it forwards /v1 here.
    `  Console    ${consoleUrl}`,
    `  API        ${base}`,
    `  API docs   ${base}/docs`,
    `  OpenAPI    ${base}/openapi.json`,
    `  Database   ${database}`,
    ...jobLines,
    '',
    `Demo logins (password ${logins[0]?.password ?? '-'}):`,
    ...logins.map((l) => `  ${l.role.padEnd(20)} ${l.email.padEnd(34)} ${l.municipality ?? ''}`.trimEnd()),
    '',
    `Sign in:  curl -s ${base}/v1/auth/login -H 'content-type: application/json' \\`,
    `            -d '{"email":"${logins[0]?.email}","password":"${logins[0]?.password}"}'`,
    'Stop with Ctrl-C.',
    '',
  ];
  console.log(lines.join('\n'));
}

/** A stop signal that arrived while starting: the current step ends, then everything is closed. */
class StopRequested extends Error {}

interface StopSignals {
  /** Throws StopRequested once a signal came; called between the start-up steps. */
  check(): void;
  /** From now on a signal calls stop (repeats included; stop ignores them). */
  onSignal(stop: (signal: NodeJS.Signals) => void): void;
}

/**
 * Listens from the first moment. Without a listener, a Ctrl-C while PGlite is being created or
 * migrated would end the process in the middle of writing its files. The listeners stay for the
 * whole run (`on`, not `once`): tsx relays SIGTERM, so it often arrives twice, and a second one
 * without a listener would kill the process before PGlite is closed.
 */
function watchStopSignals(): StopSignals {
  let received: NodeJS.Signals | null = null;
  let stop: ((signal: NodeJS.Signals) => void) | null = null;
  const listener = (signal: NodeJS.Signals) => {
    if (stop) return stop(signal);
    if (received) return;
    received = signal;
    console.log('Stopping once the current start-up step has finished …');
    setTimeout(() => process.exit(1), STARTUP_ABORT_GRACE_MS).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, listener);
  return {
    check() {
      if (received) throw new StopRequested();
    },
    onSignal(fn) {
      stop = fn;
    },
  };
}

async function main(): Promise<void> {
  const signals = watchStopSignals();
  let embedded: EmbeddedPostgres | null = null;
  let server: RunningServer | undefined;
  try {
    embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres();
    signals.check();
    const databaseUrl = embedded?.url ?? process.env.DATABASE_URL!;
    const logins = await prepareDatabase(databaseUrl);
    signals.check();

    const env: Record<string, string | undefined> = {
      // localhost binds the loopback addresses only: demo accounts are not for the network.
      HOST: 'localhost',
      LOG_LEVEL: 'info',
      CORS_ORIGINS: 'http://localhost:5173',
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      // PGlite is one Postgres session; the API (and the job runner on its pool) must never hold
      // more than one connection to it.
      // PGlite serves one connection; its socket server is not trusted with named statements.
      ...(embedded ? { DATABASE_POOL_MAX: '1', DATABASE_PREPARED_STATEMENTS: 'false' } : {}),
    };
    env.PUBLIC_URL ??= `http://localhost:${env.PORT ?? 3000}`;
    // The console's dev server (apps/admin, port 5173), where the links in e-mails lead.
    env.APP_URL ??= 'http://localhost:5173/';

    // startServer would exit as soon as the API is closed; the runner must stop before the API's
    // pool ends, and PGlite close after the API's last connection, so dev mode handles the signals.
    server = await startServer(env, { handleSignals: false });
    signals.check();
    const { app, deps } = server;
    const jobs: JobMode =
      deps.config.REDIS_URL && !embedded
        ? { kind: 'worker' }
        : { kind: 'in-process', runner: startJobRunner(deps, app.log) };

    const stopEmbedded = embedded;
    let closing = false;
    signals.onSignal(async (signal) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
      try {
        if (jobs.kind === 'in-process') await jobs.runner.stop();
        await app.close();
        await stopEmbedded?.stop();
        console.log(stopEmbedded ? 'Stopped; the embedded PostgreSQL was closed cleanly.' : 'Stopped.');
        process.exit(0);
      } catch (err) {
        console.error('Shutdown failed:', err);
        process.exit(1);
      }
    });

    const database = embedded ? `PGlite in .data/pglite, served at ${embedded.url}` : displayUrl(databaseUrl);
    printBanner(env.PUBLIC_URL, env.APP_URL, database, logins, jobs);
  } catch (err) {
    await server?.app.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw err;
  }
}

main().catch((err) => {
  if (err instanceof StopRequested) {
    console.log('Stopped during start-up.');
    process.exit(0);
  }
  if (err instanceof ConfigError || err instanceof WorkerConfigError || err instanceof DevError) {
    console.error(err.message);
  } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `${err.message}\nThe API port is taken: stop the other process or set PORT, e.g. PORT=3001 pnpm dev.`,
    );
  } else console.error(err);
  process.exit(1);
});
