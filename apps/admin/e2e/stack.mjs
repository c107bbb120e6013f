import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a process in its own group (so its children stop with it) and waits for a line of output. */
function start(name, command, args, { cwd, env, ready, timeoutMs = 90_000 }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      output += chunk;
      // Tools colour their output under CI=true (picocolors); the escapes split words like "Local:".
      if (ready.test(stripVTControlCharacters(output))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return { started, stop, output: () => output };
}

/**
 * The console at `port`: Vite's dev server, or with `built` a production build served by `vite
 * preview` with the production server's security headers (docker/console), strict CSP included.
 */
function consoleServer({ built, port, env, outDir }) {
  const cwd = path.join(appsDir, 'admin');
  const vite = path.join(cwd, 'node_modules/.bin/vite');
  if (!built) {
    return start('console', vite, ['--port', String(port), '--strictPort', '--bypass-lock'], {
      cwd,
      env,
      ready: /ready in/,
    });
  }
  execFileSync(vite, ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd, env });
  return start('console', vite, ['preview', '--port', String(port), '--strictPort', '--outDir', outDir], {
    cwd,
    env,
    ready: /Local:/,
  });
}

/**
 * The real thing for a journey: a fresh database on the PostgreSQL of DATABASE_URL, the API (migrated,
 * with its demo data), the worker on REDIS_URL with its own queue prefix writing mails to a temporary
 * folder, and the console forwarding /v1 to the API: its dev server, or with `built: true` the
 * production build under the production CSP.
 */
export async function startStack({ built = false } = {}) {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const id = `e2e_${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `werkstatt_${id}`;
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const mailDir = await mkdtemp(path.join(tmpdir(), 'werkstatt-e2e-mail-'));
  const outDir = path.join(mailDir, 'console');
  const [apiPort, consolePort] = [await freePort(), await freePort()];
  const apiUrl = `http://localhost:${apiPort}`;
  const appUrl = `http://localhost:${consolePort}`;
  execFileSync('psql', [adminUrl, '-qc', `CREATE DATABASE ${database}`]);

  const shared = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    APP_URL: `${appUrl}/`,
    LINK_SECRET: randomBytes(32).toString('base64url'),
    // Every journey's people sign in from 127.0.0.1, more often in one run than the per-address
    // throttle lets one real client; the throttle itself is covered by the API's tests.
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
  };
  const node = process.execPath;
  const source = ['--import', 'tsx', '--conditions=@werkstatt/source'];
  const processes = [];
  const stopAll = async () => {
    for (const p of processes.reverse()) await p.stop();
    execFileSync('psql', [adminUrl, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    // The API's and the worker's keys share the run's prefix.
    const keys = execFileSync('redis-cli', ['-u', redisUrl, '--scan', '--pattern', `${id}*`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    if (keys.length > 0) execFileSync('redis-cli', ['-u', redisUrl, 'DEL', ...keys]);
    await rm(mailDir, { recursive: true, force: true });
  };
  try {
    const api = start('API', node, [...source, 'src/dev.ts'], {
      cwd: path.join(appsDir, 'api'),
      env: { ...shared, PORT: String(apiPort), REDIS_KEY_PREFIX: `${id}:`, LOG_LEVEL: 'warn' },
      ready: /Werkstatt API is running/,
    });
    processes.push(api);
    await api.started;
    const worker = start('worker', node, [...source, 'src/main.ts'], {
      cwd: path.join(appsDir, 'worker'),
      env: {
        ...shared,
        NODE_ENV: 'development',
        MAIL_TRANSPORT: 'file',
        MAIL_OUTBOX_DIR: mailDir,
        QUEUE_PREFIX: id,
      },
      ready: /worker (started|ready|running)/i,
    });
    processes.push(worker);
    await worker.started;
    const vite = consoleServer({ built, port: consolePort, env: { ...shared, API_ORIGIN: apiUrl }, outDir });
    processes.push(vite);
    await vite.started;
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { apiUrl, appUrl, mailDir, stop: stopAll };
}
