/**
 * What docker/ must keep consistent with the code, checked without a Docker engine: the variables
 * the API and the worker require in production reach their services in compose.yaml, the build
 * targets exist, the files and package scripts the images and services use exist, every service runs
 * without root, reports its health (or exits once done) and has memory and CPU limits, and the
 * console's server (docker/console) forwards the API's paths to the api service at the origin APP_URL
 * names, with its security headers. When an `nginx` binary is on PATH, the console's server config
 * also runs against a stand-in API.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig as loadWorkerConfig } from '@werkstatt/worker';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { nginxBinary, securityHeaders, startNginx } from '../../../docker/console/serve.mjs';
import { loadConfig } from '../src/config.js';
import { browserOrigins } from '../src/modules/auth/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Service = {
  image?: string;
  build?: { target?: string };
  command?: string[] | string;
  user?: string;
  'x-runs-as'?: string;
  environment?: Record<string, string | number | null>;
  env_file?: string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  mem_limit?: string;
  cpus?: number | string;
  deploy?: unknown;
};
const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const dockerfile = read('docker/Dockerfile');
const initEnv = read('docker/init-env.sh');
const template = read('docker/console/default.conf.template');

/** Compose's interpolation: $$, $NAME, ${NAME}, ${NAME:-default} (nested), ${NAME-default}, ${NAME:?error}. */
function interpolate(text: string, vars: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '$') {
      out += text[i++];
    } else if (text[i + 1] === '$') {
      out += '$';
      i += 2;
    } else if (text[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '{') depth++;
        if (text[j] === '}') depth--;
      }
      const inner = text.slice(i + 2, j - 1);
      const m = /^([A-Za-z_]\w*)(?:(:?[-?])([\s\S]*))?$/.exec(inner);
      if (!m) throw new Error(`unsupported interpolation \${${inner}}`);
      const [, name, op, arg = ''] = m;
      const value = vars[name!];
      const missing = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('?') && missing) throw new Error(`${name} is required: ${arg}`);
      out += op?.endsWith('-') && missing ? interpolate(arg, vars) : (value ?? '');
      i = j;
    } else {
      const m = /^\$([A-Za-z_]\w*)/.exec(text.slice(i));
      out += m ? (vars[m[1]!] ?? '') : '$';
      i += m ? m[0].length : 1;
    }
  }
  return out;
}

/** The variables docker/init-env.sh writes, by file (.env or api.env). */
function writtenByInitEnv(): Record<string, string[]> {
  const files: Record<string, string[]> = {};
  for (const line of initEnv.split('\n')) {
    const target = /printf\s+(["'])(.*?)\1.*>>?\s*(\S+)\s*$/.exec(line);
    if (!target) continue;
    const names = [...target[2]!.matchAll(/([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1]!);
    files[target[3]!] = [...(files[target[3]!] ?? []), ...names];
  }
  return files;
}

const signingKey = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/** Plausible values for what an operator has in docker/.env and docker/api.env; no shell variables. */
const secrets: Record<string, string> = {
  POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
  WERKSTATT_API_DB_PASSWORD: randomBytes(24).toString('hex'),
  LINK_SECRET: randomBytes(32).toString('hex'),
  WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
  // As init-env.sh writes it: one line with literal \n.
  JWT_PRIVATE_KEY: signingKey.trim().replaceAll('\n', '\\n'),
};
/** What the header of compose.yaml tells the operator to add to docker/.env. */
const operatorAdds: Record<string, string> = {
  SMTP_URL: 'smtps://werkstatt:secret@mail.example.org:465',
  MAIL_FROM: 'Digital-Werkstatt <no-reply@werkstatt.example.org>',
};

const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name} in docker/compose.yaml`);
  return found;
};

/** A service's environment as its container gets it: compose.yaml's entries, interpolated, and its env_file. */
function containerEnv(name: string): Record<string, string> {
  const initFiles = writtenByInitEnv();
  const dotEnv = Object.fromEntries(
    [...(initFiles['.env'] ?? []), ...Object.keys(operatorAdds)].map((k) => [
      k,
      secrets[k] ?? operatorAdds[k]!,
    ]),
  );
  const env: Record<string, string> = {};
  for (const file of service(name).env_file ?? []) {
    for (const key of initFiles[file] ?? []) env[key] = secrets[key]!;
  }
  for (const [key, value] of Object.entries(service(name).environment ?? {})) {
    // A key without a value is taken from docker/.env (or the shell) when set there.
    if (value === null) {
      if (dotEnv[key] !== undefined) env[key] = dotEnv[key];
    } else {
      env[key] = interpolate(String(value), dotEnv);
    }
  }
  return env;
}

/** host port (defaults applied) and container port of a `127.0.0.1:${X:-n}:m` mapping. */
function publishedPort(name: string): { host: number; container: number } {
  const [mapping] = service(name).ports ?? [];
  const m = /^127\.0\.0\.1:(.+):(\d+)$/.exec(interpolate(mapping ?? '', {}));
  if (!m) throw new Error(`${name}: expected one port published on 127.0.0.1, got ${mapping}`);
  return { host: Number(m[1]), container: Number(m[2]) };
}

/** The Dockerfile's stages: base (image or stage), name and instructions, continuation lines joined. */
const stages = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split(/^FROM\s+/m)
  .slice(1)
  .map((chunk) => {
    const [header = '', ...body] = chunk.split('\n');
    const [from = '', , name = ''] = header.trim().split(/\s+/);
    const instructions = body
      .filter((line) => /^[A-Z]+\s/.test(line))
      .map((line) => ({ op: line.split(/\s/, 1)[0]!, args: line.slice(line.indexOf(' ') + 1).trim() }));
    return { from, name, instructions };
  });

/** The last `op` instruction that applies to a target: its own stage first, then the stages it builds on. */
function inherited(target: string, op: string): string | undefined {
  for (let stage = stages.find((s) => s.name === target); stage; ) {
    const found = stage.instructions.filter((i) => i.op === op).at(-1);
    if (found) return found.args;
    const from = stage.from;
    stage = stages.find((s) => s.name === from);
  }
  return undefined;
}

/** Workspace packages by name: their directory and package.json. */
const workspacePackages = new Map<string, { dir: string; scripts: Record<string, string> }>();
for (const dir of ['apps', 'packages', 'examples'].flatMap((d) =>
  readdirSync(path.join(root, d)).map((name) => `${d}/${name}`),
)) {
  if (!existsSync(path.join(root, dir, 'package.json'))) continue;
  const pkg = JSON.parse(read(`${dir}/package.json`)) as { name: string; scripts?: Record<string, string> };
  workspacePackages.set(pkg.name, { dir, scripts: pkg.scripts ?? {} });
}

/** pnpm's own commands, which a `pnpm --filter <name> <word>` may call instead of a script. */
const PNPM_COMMANDS = new Set([
  'deploy',
  'install',
  'fetch',
  'exec',
  'list',
  'licenses',
  'add',
  'remove',
  'update',
]);

/** Every `pnpm --filter <package> [run] <script>` and `turbo run <task> --filter=<package>` in a command. */
function scriptCalls(command: string): { pkg: string; script: string }[] {
  const calls = [...command.matchAll(/\bpnpm\s+--filter[=\s]+(\S+)\s+(?:run\s+)?([\w:-]+)/g)]
    .filter((m) => !PNPM_COMMANDS.has(m[2]!))
    .map((m) => ({ pkg: m[1]!, script: m[2]! }));
  for (const m of command.matchAll(/\bturbo\s+run\s+([\w:-]+)((?:\s+--filter=\S+)+)/g)) {
    for (const f of m[2]!.matchAll(/--filter=([^\s.]+)/g)) calls.push({ pkg: f[1]!, script: m[1]! });
  }
  return calls;
}

/** Bytes of a Compose byte value (`768m`, `1g`). */
function bytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(value.trim());
  if (!m) throw new Error(`not a byte value: ${value}`);
  return Number(m[1]) * 1024 ** 'bkmg'.indexOf((m[2] || 'b').toLowerCase());
}

/** Every string in a parsed YAML value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

describe('docker/ images and services', () => {
  it('copies files that exist and that the build context does not leave out', () => {
    const ignored = read('docker/Dockerfile.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map(
        (glob) =>
          new RegExp(
            `^${glob
              .replace(/\./g, '\\.')
              .replace(/\*\*\//g, '(.*/)?')
              .replace(/\*/g, '[^/]*')}(/|$)`,
          ),
      );
    const copies = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
    expect(copies.length).toBeGreaterThan(0);
    for (const { args } of copies) {
      const sources = args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const source of sources.filter((s) => s !== '.')) {
        expect(existsSync(path.join(root, source)), `COPY ${source}`).toBe(true);
        for (const pattern of ignored)
          expect(pattern.test(source), `COPY ${source} is in the .dockerignore`).toBe(false);
      }
    }
  });

  it('mounts files that exist, and reads env files that init-env.sh writes', () => {
    const written = Object.keys(writtenByInitEnv());
    for (const [name, s] of Object.entries(compose.services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0]!;
        // Named volumes have no path.
        if (!/^\.{0,2}\//.test(source)) continue;
        expect(existsSync(path.resolve(root, 'docker', source)), `${name}: ${volume}`).toBe(true);
      }
      for (const file of s.env_file ?? []) {
        expect(
          existsSync(path.join(root, 'docker', file)) || written.includes(file),
          `${name}: ${file}`,
        ).toBe(true);
      }
    }
  });

  it('calls only package scripts that exist, and starts the entry file of the package start script', () => {
    const commands = [
      ...Object.values(compose.services).map((s) => [s.command ?? []].flat().join(' ')),
      ...stages
        .flatMap((s) => s.instructions)
        .filter((i) => i.op === 'RUN')
        .map((i) => i.args),
    ];
    const calls = commands.flatMap(scriptCalls);
    expect(calls).toContainEqual({ pkg: '@werkstatt/db', script: 'migrate' });
    for (const { pkg, script } of calls) {
      expect(workspacePackages.get(pkg)?.scripts[script], `${pkg} has no script "${script}"`).toBeDefined();
    }
    // The production images run what `pnpm start` runs (flags such as the heap cap aside).
    for (const stage of stages) {
      const deployedFrom = stage.instructions.find((i) => i.op === 'COPY' && i.args.startsWith('--from='));
      const deployStage = stages.find((s) => s.name === deployedFrom?.args.slice(7).split(/\s/)[0]);
      const pkg = deployStage?.instructions
        .map((i) => /pnpm --filter (\S+) deploy/.exec(i.args)?.[1])
        .find(Boolean);
      if (!pkg) continue;
      const cmd = JSON.parse(inherited(stage.name, 'CMD') ?? '[]') as string[];
      const start = workspacePackages.get(pkg)?.scripts.start ?? '';
      expect(start.split(/\s+/).at(-1), `${stage.name}: CMD ${cmd.join(' ')}`).toBe(cmd.at(-1));
    }
  });

  it('interpolates only variables init-env.sh writes or that have a default', () => {
    const written = new Set(Object.values(writtenByInitEnv()).flat());
    const found = strings(compose).flatMap((text) => [
      ...text.replaceAll('$$', '').matchAll(/\$\{([A-Za-z_]\w*)(:?[-?])?|\$([A-Za-z_]\w*)/g),
    ]);
    expect(found.length).toBeGreaterThan(0);
    for (const [whole, name, op, bare] of found) {
      const hasDefault = op?.endsWith('-');
      expect(hasDefault || written.has((name ?? bare)!), `${whole}... in compose.yaml`).toBe(true);
    }
  });

  it('lets every long-running service report its health; the one-shot ones exit and are waited for', () => {
    const waitedFor = Object.values(compose.services).flatMap((s) =>
      Object.entries(s.depends_on ?? {})
        .filter(([, d]) => d.condition === 'service_completed_successfully')
        .map(([name]) => name),
    );
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.restart === 'no') {
        expect(waitedFor, `${name} is one-shot: a service waits for it to complete`).toContain(name);
        continue;
      }
      const check = s.healthcheck && !s.healthcheck.disable ? s.healthcheck.test : undefined;
      const imageCheck = s.build?.target ? inherited(s.build.target, 'HEALTHCHECK') : undefined;
      expect(
        check ?? imageCheck,
        `${name}: healthcheck in compose.yaml or HEALTHCHECK in its stage`,
      ).toBeTruthy();
    }
  });

  it("checks the worker's health on the port of its metrics server", () => {
    const check = inherited('worker', 'HEALTHCHECK') ?? '';
    const fallback = Number(/process\.env\.WORKER_METRICS_PORT \|\| (\d+)/.exec(check)?.[1]);
    // The worker's metrics server (WORKER_METRICS_PORT, GET /healthz) listens on this port by default.
    const config = loadWorkerConfig(containerEnv('worker')) as { WORKER_METRICS_PORT?: number };
    expect(fallback).toBe(config.WORKER_METRICS_PORT ?? 9464);
    expect(check).toContain("/healthz'");
  });

  it('limits the memory and CPUs of every service, above the heap caps of the Node processes', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      // `docker compose up` applies mem_limit and cpus; deploy.resources would be a second place.
      expect(s.deploy, name).toBeUndefined();
      expect(s.mem_limit, `${name}: mem_limit`).toBeDefined();
      expect(Number(interpolate(String(s.cpus ?? ''), {})), `${name}: cpus`).toBeGreaterThan(0);
      const command = s.build?.target ? inherited(s.build.target, 'CMD') : undefined;
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(command ?? '')?.[1] ?? 0);
      // The heap cap leaves as much again for code, buffers and native memory (argon2, resvg).
      expect(bytes(s.mem_limit!), name).toBeGreaterThanOrEqual(2 * heapMb * 1024 ** 2);
    }
    // Node processes in production run with a heap cap: the default follows the whole memory limit.
    for (const target of ['api', 'worker'])
      expect(inherited(target, 'CMD'), target).toMatch(/--max-old-space-size=\d+/);
    const redis = [service('redis').command ?? []].flat().join(' ');
    const maxmemory = /--maxmemory (\S+)/.exec(redis)?.[1];
    expect(maxmemory, 'redis: --maxmemory').toBeDefined();
    expect(bytes(maxmemory!)).toBeLessThan(bytes(service('redis').mem_limit!));
  });

  it('runs no service as root', () => {
    const isRoot = (user: string | undefined) => user === undefined || /^(root|0)(:|$)/.test(user.trim());
    for (const [name, s] of Object.entries(compose.services)) {
      // x-runs-as: an official image whose entrypoint drops from root to its own user (postgres, redis).
      const user =
        s.user ?? s['x-runs-as'] ?? (s.build?.target ? inherited(s.build.target, 'USER') : undefined);
      expect(isRoot(user), `${name} runs as ${user ?? 'root'}`).toBe(false);
      if (s['x-runs-as']) expect(s.build, `${name}: x-runs-as is for images built elsewhere`).toBeUndefined();
    }
  });
});

describe('docker/compose.yaml', () => {
  it('builds only targets that docker/Dockerfile defines, and the Dockerfile copies files that exist', () => {
    const targets = new Set([...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]));
    const built = Object.entries(compose.services).filter(([, s]) => s.build);
    expect(built.map(([name]) => name).sort()).toEqual(['api', 'console', 'migrate', 'worker']);
    for (const [name, s] of built) expect(targets, name).toContain(s.build?.target);
    for (const [, source] of dockerfile.matchAll(/^COPY\s+(?!--from)(docker\/\S+)\s/gm)) {
      expect(() => read(source!), source).not.toThrow();
    }
  });

  it('gives the API every variable it requires in production', () => {
    const env = containerEnv('api');
    expect(env.NODE_ENV).toBe('production');
    // Throws with the missing or invalid variables named.
    const config = loadConfig(env);
    expect(config.JWT_PRIVATE_KEY).toContain('BEGIN PRIVATE KEY');
    // Browsers come through the console's nginx: the API counts the address it appends.
    expect(config.TRUST_PROXY).toBe(1);
  });

  it('gives the worker every variable it requires in production', () => {
    const env = containerEnv('worker');
    expect(env.NODE_ENV).toBe('production');
    const config = loadWorkerConfig(env);
    expect(config.MAIL_TRANSPORT).toBe('smtp');
    expect(config.LINK_SECRET).toBe(secrets.LINK_SECRET);
  });

  it('names in its header what the operator adds to docker/.env', () => {
    const header = read('docker/compose.yaml').split('\nname:')[0]!;
    for (const key of Object.keys(operatorAdds)) expect(header).toContain(key);
  });

  it('points APP_URL and PUBLIC_URL of the API and the worker to the console by default', () => {
    const consoleOrigin = `http://localhost:${publishedPort('console').host}`;
    const api = loadConfig(containerEnv('api'));
    const worker = loadWorkerConfig(containerEnv('worker'));
    expect(api.APP_URL).toBe(`${consoleOrigin}/`);
    expect(worker.APP_URL).toBe(api.APP_URL);
    expect(new URL(api.PUBLIC_URL).origin).toBe(consoleOrigin);
    // The refresh cookie's routes accept the console's Origin.
    expect(browserOrigins(api)).toContain(consoleOrigin);
  });

  it('runs the console in front of the api service, on the port its server listens on', () => {
    const consoleService = service('console');
    expect(consoleService.build?.target).toBe('console');
    expect(consoleService.depends_on?.api?.condition).toBe('service_healthy');
    expect(publishedPort('console').container).toBe(Number(/^\s*listen (\d+);/m.exec(template)?.[1]));
    // API_UPSTREAM is the api service by its Compose name and the port the API listens on in its image.
    const apiStage = dockerfile.split(/^FROM /m).find((stage) => /^\S+ AS api\n/.test(stage)) ?? '';
    const apiPort = Number(containerEnv('api').PORT ?? /\bPORT=(\d+)/.exec(apiStage)?.[1]);
    expect(apiPort).toBe(publishedPort('api').container);
    expect(containerEnv('console').API_UPSTREAM).toBe(`api:${apiPort}`);
  });
});

describe('docker/console (the console server config)', () => {
  it('forwards /v1/ (and the OpenAPI document) to API_UPSTREAM', () => {
    expect(template).toMatch(/^\s*set \$api_upstream \$\{API_UPSTREAM\};$/m);
    const proxied = /location ~ \^\/\((.+)\) \{\n\s+proxy_pass http:\/\/\$api_upstream;/.exec(template);
    const pattern = new RegExp(`^/(${proxied?.[1]})`);
    for (const url of ['/v1/auth/refresh', '/v1/workshops', '/openapi.json', '/docs', '/docs/static/x.js']) {
      expect(pattern.test(url), url).toBe(true);
    }
    for (const url of ['/', '/anmelden', '/einladung/abc', '/assets/index.js', '/docsx', '/v1']) {
      expect(pattern.test(url), url).toBe(false);
    }
  });

  it('sends the security headers with every file it serves itself', () => {
    const locations = template.split(/\n\s*location /).slice(1);
    expect(locations.length).toBe(5);
    for (const location of locations) {
      if (location.includes('proxy_pass')) continue;
      expect(location, location.split('\n')[0]).toContain(
        'include /etc/nginx/werkstatt/security-headers.conf;',
      );
    }
    expect(dockerfile).toContain('/etc/nginx/werkstatt/security-headers.conf');
  });

  it('has a Content-Security-Policy without inline script or style, and the app needs none', () => {
    const csp = securityHeaders()['Content-Security-Policy'] ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'font-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
    const html = read('apps/admin/index.html');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(securityHeaders()).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    expect(securityHeaders()['Permissions-Policy']).toMatch(/camera=\(\)/);
  });
});

const nginx = nginxBinary();
if (!nginx) {
  console.warn(
    'docker.test.ts: no nginx binary on PATH, the console server config is not run (Debian: apt-get install nginx-light)',
  );
}

describe.skipIf(!nginx)('docker/console served by nginx', () => {
  type Seen = { method: string; url: string; headers: IncomingHttpHeaders };
  const seen: Seen[] = [];
  let api: Server;
  let server: { url: string; stop: () => Promise<void> };
  let dir: string;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'werkstatt-console-'));
    // nginx started by root reads as nobody.
    await chmod(dir, 0o755);
    await mkdir(path.join(dir, 'assets'));
    await writeFile(
      path.join(dir, 'index.html'),
      '<!doctype html><html lang="de"><script type="module" src="/assets/index-abc123.js"></script></html>',
    );
    await writeFile(path.join(dir, 'assets/index-abc123.js'), script);
    api = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      res.setHeader('set-cookie', 'werkstatt_refresh=t; Path=/v1/auth; HttpOnly; Secure; SameSite=Strict');
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiPort = (api.address() as AddressInfo).port;
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    server = await startNginx({ root: dir, apiUpstream: `127.0.0.1:${apiPort}`, port });
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => api?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers client routes with index.html, not cached, with the security headers', async () => {
    expect((await fetch(`${server.url}/favicon.ico`)).status).toBe(204);
    for (const route of ['/', '/anmelden', '/einladung/abc.def_123']) {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(await res.text()).toContain('/assets/index-abc123.js');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      for (const [name, value] of Object.entries(securityHeaders())) {
        expect(res.headers.get(name), name).toBe(value);
      }
    }
  });

  it('serves hashed assets for a year, compressed, and a missing one as 404 without caching', async () => {
    const res = await fetch(`${server.url}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-security-policy')).toBe(securityHeaders()['Content-Security-Policy']);
    expect(await res.text()).toBe(script);
    const missing = await fetch(`${server.url}/assets/index-gone.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });

  it('forwards the API paths with Origin, client header, cookie and the client address', async () => {
    const res = await fetch(`${server.url}/v1/auth/refresh?x=1`, {
      method: 'POST',
      headers: {
        origin: server.url,
        'x-werkstatt-client': 'browser',
        cookie: 'werkstatt_refresh=old',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('set-cookie')).toContain('Path=/v1/auth');
    // The API's own headers only: the static files' CSP is not added to its responses.
    expect(res.headers.get('content-security-policy')).toBeNull();
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/auth/refresh?x=1' });
    expect(request.headers).toMatchObject({
      origin: server.url,
      'x-werkstatt-client': 'browser',
      cookie: 'werkstatt_refresh=old',
      host: new URL(server.url).host,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
    expect(seen.at(-1)?.url).toBe('/openapi.json');
  });
});

describe('the Grafana dashboard (docker/grafana)', () => {
  /** Every werkstatt_ metric the code defines: quoted names in the sources, and the default set. */
  async function definedMetrics(): Promise<Set<string>> {
    const names = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const file = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          for (const [, name] of read(file).matchAll(/'(werkstatt_[a-z0-9_]+)'/g)) names.add(name!);
        }
      }
    };
    for (const dir of ['apps/api/src', 'apps/worker/src', 'packages/jobs/src']) walk(dir);
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'werkstatt_' });
    for (const metric of await registry.getMetricsAsJSON()) names.add(metric.name);
    return names;
  }

  it('queries only metrics the API and the worker export, and lists the jobs of the scrape example', async () => {
    const dashboard = JSON.parse(read('docker/grafana/werkstatt-dashboard.json')) as {
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
      templating: { list: { name: string; query: unknown }[] };
    };
    const defined = await definedMetrics();
    const queries = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => String(v.query)),
    ];
    const used = new Set(
      queries.flatMap((q) =>
        [...q.matchAll(/werkstatt_[a-z0-9_]+/g)].map(([m]) => m.replace(/_(bucket|sum|count)$/, '')),
      ),
    );
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
    // Every panel that is not a row shows something.
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
    const scrape = parse(read('docker/grafana/prometheus.yml')) as {
      scrape_configs: { job_name: string; metrics_path: string }[];
    };
    expect(scrape.scrape_configs.map((c) => [c.job_name, c.metrics_path])).toEqual([
      ['werkstatt-api', '/metrics'],
      ['werkstatt-worker', '/metrics'],
    ]);
  });
});
