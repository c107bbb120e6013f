import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import { createHarness, FIXTURE_PASSWORD, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness({
    HEADERS_TIMEOUT_MS: '500',
    REQUEST_TIMEOUT_MS: '2000',
    KEEP_ALIVE_TIMEOUT_MS: '1500',
  });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => h.close());

const portOf = (server: { address(): net.AddressInfo | string | null }) =>
  (server.address() as net.AddressInfo).port;

describe('server timeouts', () => {
  it('come from the configuration', () => {
    expect(h.app.server.headersTimeout).toBe(500);
    expect(h.app.server.requestTimeout).toBe(2000);
    expect(h.app.server.keepAliveTimeout).toBe(1500);
  });

  it('close a connection that trickles its headers', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: portOf(h.app.server) });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    // One header line every 100 ms, never the blank line that ends them: 10 s of this unless closed.
    const started = Date.now();
    let line = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Trickle-${line++}: ${'a'.repeat(8)}\r\n`);
    }, 100);
    try {
      await Promise.race([
        closed,
        new Promise((_, reject) => setTimeout(() => reject(new Error('still open after 10 s')), 10_000)),
      ]);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(Date.now() - started).toBeLessThan(3000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('leave a prompt request alone', async () => {
    const res = await fetch(`http://127.0.0.1:${portOf(h.app.server)}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('in production, the database login', () => {
  const jwtKey = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const suffix = randomBytes(4).toString('hex');
  const login = `werkstatt_test_login_${suffix}`;
  const bypass = `werkstatt_test_bypass_${suffix}`;
  const urlAs = (role: string) => {
    const url = new URL(h.config.DATABASE_URL);
    url.username = role;
    url.password = '';
    return url.toString();
  };
  const production = (databaseUrl: string) =>
    startServer(
      {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: databaseUrl,
        REDIS_URL: h.config.REDIS_URL,
        REDIS_KEY_PREFIX: h.config.REDIS_KEY_PREFIX,
        JWT_PRIVATE_KEY: jwtKey,
        LINK_SECRET: 'server-test-link-secret-of-32-characters',
        WEBHOOK_SECRET_KEY: 'server-test-webhook-secret-key-of-32-characters',
        APP_URL: 'https://werkstatt.example/',
        LOG_LEVEL: 'silent',
      },
      { handleSignals: false },
    );

  beforeAll(async () => {
    // Roles belong to the cluster, not to this file's database: names of their own, dropped after.
    await h.owner.execute(
      sql.raw(`create role ${login} login nosuperuser nobypassrls inherit;
        grant werkstatt_app to ${login};
        create role ${bypass} nologin nosuperuser bypassrls`),
    );
  });
  afterAll(async () => {
    await h.owner.execute(sql.raw(`drop role if exists ${login}; drop role if exists ${bypass}`));
  });

  it('as a superuser is refused, with a message naming the fix', async () => {
    // The harness connects as the superuser that owns the test database.
    await expect(production(h.config.DATABASE_URL)).rejects.toThrow(
      /is a superuser or has BYPASSRLS: row-level security would not bind it\. .*GRANT werkstatt_app TO/,
    );
  });

  it('as a role that does not inherit werkstatt_app is refused, with a message naming the fix', async () => {
    await h.owner.execute(sql.raw(`alter role ${login} noinherit`));
    try {
      await expect(production(urlAs(login))).rejects.toThrow(`ALTER ROLE ${login} INHERIT`);
    } finally {
      await h.owner.execute(sql.raw(`alter role ${login} inherit`));
    }
  });

  it('as a role that may become a BYPASSRLS role is refused', async () => {
    await h.owner.execute(sql.raw(`grant ${bypass} to ${login}`));
    try {
      await expect(production(urlAs(login))).rejects.toThrow(`(through ${bypass})`);
    } finally {
      await h.owner.execute(sql.raw(`revoke ${bypass} from ${login}`));
    }
  });

  it('as a role that owns nothing and may only switch to werkstatt_app serves requests', async () => {
    const { app } = await production(urlAs(login));
    try {
      const res = await fetch(`http://127.0.0.1:${portOf(app.server)}/readyz`);
      expect(res.status).toBe(200);
      // A look-up as werkstatt_app (SET ROLE from the login role): unknown user, so 401, not 500.
      const login = await fetch(`http://127.0.0.1:${portOf(app.server)}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'niemand@werkstatt.example', password: 'falsches-passwort' }),
      });
      expect(login.status).toBe(401);
      // A signed-in request: the principal check runs in the statement that switches role.
      const user = await h.user('program_admin');
      const signedIn = await fetch(`http://127.0.0.1:${portOf(app.server)}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: FIXTURE_PASSWORD }),
      });
      expect(signedIn.status).toBe(200);
      const { accessToken } = (await signedIn.json()) as { accessToken: string };
      const me = await fetch(`http://127.0.0.1:${portOf(app.server)}/v1/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(me.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('SIGTERM', () => {
  /** The API as `node dist/server.js` runs it (from source here), on this file's database and Redis. */
  async function serverProcess(graceMs: number) {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = portOf(s);
        s.close(() => resolve(p));
      });
    });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@werkstatt/source', 'src/server.ts'],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: h.config.DATABASE_URL,
          REDIS_URL: h.config.REDIS_URL,
          REDIS_KEY_PREFIX: h.config.REDIS_KEY_PREFIX,
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'silent',
          SHUTDOWN_GRACE_MS: String(graceMs),
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    return { child, port, exited };
  }

  it('with nothing in flight: exits 0 at once', async () => {
    const { child, exited } = await serverProcess(5000);
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a request that does not finish keeps it no longer than SHUTDOWN_GRACE_MS, then it exits 1', async () => {
    const { child, port, exited } = await serverProcess(800);
    // A request whose body never arrives in full: in flight until the grace period is over.
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    socket.destroy();
    expect(code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
