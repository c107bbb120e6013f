/**
 * `pnpm dev`: the API in development mode on a fresh machine with nothing configured.
 * Without DATABASE_URL it serves an embedded Postgres (PGlite over the wire protocol) whose data lives
 * in `.data/pglite` at the repository root; either way it applies migrations and demo data first.
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
import { count } from 'drizzle-orm';
import { ConfigError } from './config.js';
import { startServer } from './server.js';

// src/dev.ts and dist/dev.js both sit two levels below the repository root's apps/.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataRoot = path.join(repoRoot, '.data');
const pgliteDir = path.join(dataRoot, 'pglite');
const lockFile = path.join(dataRoot, 'pglite.pid');

const PGLITE_HOST = '127.0.0.1';
const PGLITE_FIRST_PORT = 54329;
const PGLITE_PORT_ATTEMPTS = 20;
const SHUTDOWN_GRACE_MS = 10_000;

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

function printBanner(publicUrl: string, database: string, logins: DemoLogin[]): void {
  const base = publicUrl.replace(/\/$/, '');
  const lines = [
    '',
    'Werkstatt API is running (development mode).',
    `  API        ${base}`,
    `  API docs   ${base}/docs`,
    `  OpenAPI    ${base}/openapi.json`,
    `  Database   ${database}`,
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

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres();
  try {
    const databaseUrl = embedded?.url ?? process.env.DATABASE_URL!;
    const logins = await prepareDatabase(databaseUrl);

    const env: Record<string, string | undefined> = {
      // localhost binds the loopback addresses only: demo accounts are not for the network.
      HOST: 'localhost',
      LOG_LEVEL: 'info',
      CORS_ORIGINS: 'http://localhost:5173',
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      // PGlite is one Postgres session; the API must never hold more than one connection to it.
      ...(embedded ? { DATABASE_POOL_MAX: '1' } : {}),
    };
    env.PUBLIC_URL ??= `http://localhost:${env.PORT ?? 3000}`;

    if (!embedded) {
      await startServer(env);
      printBanner(env.PUBLIC_URL, displayUrl(databaseUrl), logins);
      return;
    }

    const installed = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const app = await startServer(env);
    // startServer exits the process as soon as the API is closed; PGlite must be closed after the
    // API's last connection, so dev mode takes over the signal handlers startServer installed.
    let closing = false;
    const shutdown = async (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
      try {
        await app.close();
        await embedded.stop();
        console.log('Stopped; the embedded PostgreSQL was closed cleanly.');
        process.exit(0);
      } catch (err) {
        console.error('Shutdown failed:', err);
        process.exit(1);
      }
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) {
        if (!installed[signal].includes(listener)) process.removeListener(signal, listener);
      }
      process.once(signal, () => void shutdown(signal));
    }
    printBanner(env.PUBLIC_URL, `PGlite in .data/pglite, served at ${embedded.url}`, logins);
  } catch (err) {
    await embedded?.stop().catch(() => {});
    throw err;
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DevError) console.error(err.message);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `${err.message}\nThe API port is taken: stop the other process or set PORT, e.g. PORT=3001 pnpm dev.`,
    );
  } else console.error(err);
  process.exit(1);
});
