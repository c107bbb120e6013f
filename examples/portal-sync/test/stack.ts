import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const apps = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp) {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  return { started, stop, output: () => output };
}

export interface Stack {
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * A live Werkstatt: a fresh database on DATABASE_URL's server, the API (migrated, with its demo
 * data) and the worker on REDIS_URL, with webhook deliveries allowed to `allowedTarget` on 127.0.0.1.
 */
export async function startStack(allowedTarget: string): Promise<Stack> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const id = `portal_${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `werkstatt_${id}`;
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const mailDir = await mkdtemp(path.join(tmpdir(), 'werkstatt-portal-mail-'));
  const apiPort = await freePort();
  execFileSync('psql', [adminUrl, '-qc', `CREATE DATABASE ${database}`]);
  const shared = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    APP_URL: 'http://localhost:5173/',
    LINK_SECRET: randomBytes(32).toString('base64url'),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64url'),
    WEBHOOK_ALLOWED_TARGETS: allowedTarget,
  };
  const source = ['--import', 'tsx', '--conditions=@werkstatt/source'];
  const processes: ReturnType<typeof start>[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
    execFileSync('psql', [adminUrl, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    const keys = execFileSync('redis-cli', ['-u', redisUrl, '--scan', '--pattern', `${id}*`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    if (keys.length > 0) execFileSync('redis-cli', ['-u', redisUrl, 'DEL', ...keys]);
    await rm(mailDir, { recursive: true, force: true });
  };
  try {
    const api = start(
      'API',
      [...source, 'src/dev.ts'],
      path.join(apps, 'api'),
      { ...shared, PORT: String(apiPort), REDIS_KEY_PREFIX: `${id}:`, LOG_LEVEL: 'warn' },
      /Werkstatt API is running/,
    );
    processes.push(api);
    await api.started;
    const worker = start(
      'worker',
      [...source, 'src/main.ts'],
      path.join(apps, 'worker'),
      {
        ...shared,
        NODE_ENV: 'development',
        MAIL_TRANSPORT: 'file',
        MAIL_OUTBOX_DIR: mailDir,
        QUEUE_PREFIX: id,
        // The relay picks up outbox rows quickly, so the test does not wait on the poll interval.
        OUTBOX_POLL_MS: '100',
      },
      /worker (started|ready|running)/i,
    );
    processes.push(worker);
    await worker.started;
  } catch (err) {
    await stop();
    throw err;
  }
  return { apiUrl: `http://127.0.0.1:${apiPort}`, stop };
}
