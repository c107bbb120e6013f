// The fault run's own PostgreSQL cluster and Redis server: each on a free port in a temporary
// directory, started, stopped and restarted by the run, and removed at the end.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chown, mkdir, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The newest /usr/lib/postgresql/<version>/bin, unless FAULTS_PG_BIN names one. */
async function postgresBin(): Promise<string> {
  if (process.env.FAULTS_PG_BIN) return process.env.FAULTS_PG_BIN;
  const versions = (await readdir('/usr/lib/postgresql').catch(() => [] as string[]))
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('No PostgreSQL under /usr/lib/postgresql; set FAULTS_PG_BIN.');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

// initdb and postgres refuse to run as root: as root they run as the postgres user.
const asRoot = process.getuid?.() === 0;
const asPostgres = (command: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

export interface Postgres {
  port: number;
  /** The superuser's URL of database `werkstatt`. */
  adminUrl: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(dir: string): Promise<Postgres> {
  const bin = await postgresBin();
  const data = path.join(dir, 'pg');
  await mkdir(data, { recursive: true });
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
    await chown(data, uid, gid);
  }
  const pg = (tool: string, args: string[]) => run(...asPostgres(path.join(bin, tool), args));
  await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // fsync off: the run restarts Postgres with a clean (fast) shutdown, never a crash, so nothing is lost.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ctl = (args: string[]) => pg('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), ...args]);
  await ctl(['-o', options, '-w', 'start']);
  let running = true;
  return {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/werkstatt`,
    restart: async () => {
      await ctl(['-o', options, '-m', 'fast', '-w', 'restart']);
    },
    stop: async () => {
      if (!running) return;
      running = false;
      await ctl(['-m', 'immediate', '-w', 'stop']).catch(() => {});
    },
  };
}

export interface RedisServer {
  port: number;
  url: string;
  /** Shuts Redis down (SIGTERM: it writes its append-only file and exits). */
  shutdown(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Resolves once Redis answers PING on the port. */
async function waitForRedis(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error('redis-server did not answer');
    await sleep(100);
  }
}

/**
 * Redis as in docker/compose.yaml: append-only file on, no eviction. The queues survive the shutdown
 * and restart of the Redis fault, as they do in production; without persistence a restart would lose
 * the jobs the relay had already handed over, which no application can recover.
 */
export async function startRedis(dir: string): Promise<RedisServer> {
  const data = path.join(dir, 'redis');
  await mkdir(data, { recursive: true });
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    data,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--logfile',
    path.join(dir, 'redis.log'),
  ];
  let child: ChildProcess | undefined;
  const exited = (c: ChildProcess) =>
    new Promise<void>((resolve) =>
      c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()),
    );
  const start = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForRedis(port, child);
  };
  const shutdown = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    c.kill('SIGTERM');
    await exited(c);
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, shutdown, start, stop: shutdown };
}

type Reply = string | number | null | Reply[];

/** Parses one RESP reply from `buf` at `at`; undefined while incomplete. */
function parseReply(buf: string, at: number): [Reply, number] | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const head = buf[at];
  const rest = buf.slice(at + 1, eol);
  if (head === '+') return [rest, eol + 2];
  if (head === '-') throw new Error(`Redis: ${rest}`);
  if (head === ':') return [Number(rest), eol + 2];
  if (head === '$') {
    const n = Number(rest);
    if (n < 0) return [null, eol + 2];
    if (buf.length < eol + 2 + n + 2) return undefined;
    return [buf.slice(eol + 2, eol + 2 + n), eol + 2 + n + 2];
  }
  const items: Reply[] = [];
  let next = eol + 2;
  for (let i = 0; i < Number(rest); i++) {
    const item = parseReply(buf, next);
    if (!item) return undefined;
    items.push(item[0]);
    next = item[1];
  }
  return [items, next];
}

/** One Redis command on a connection of its own (ASCII keys and values; enough for a few reads). */
export function redisCommand(port: number, ...args: string[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = '';
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.on('data', (d) => {
      buf += d.toString();
      try {
        const parsed = parseReply(buf, 0);
        if (!parsed) return;
        socket.destroy();
        resolve(parsed[0]);
      } catch (err) {
        socket.destroy();
        reject(err);
      }
    });
  });
}
