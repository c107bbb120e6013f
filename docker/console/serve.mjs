// The console's web server outside Docker: the security headers as an object (for `vite preview`),
// and nginx started with the image's server config on a built console and a running API (for the
// consistency test and the Lighthouse script). Needs an `nginx` binary on PATH for the latter.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const HEADERS_PATH = path.join(here, 'security-headers.conf');
export const TEMPLATE_PATH = path.join(here, 'default.conf.template');

/** The headers of security-headers.conf, `add_header Name "value" always;`, as name → value. */
export function securityHeaders() {
  const headers = {};
  for (const match of readFileSync(HEADERS_PATH, 'utf8').matchAll(/^add_header (\S+) "([^"]*)" always;$/gm)) {
    headers[match[1]] = match[2];
  }
  return headers;
}

/** The nginx binary, or null when there is none. */
export function nginxBinary() {
  const found = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  const bin = found.stdout.trim().split('\n')[0];
  return found.status === 0 && bin ? bin : null;
}

/**
 * The server config as the image's entrypoint writes it, with the paths of this machine: `root` the
 * built console, `apiUpstream` host:port of the API, `port` where nginx listens (127.0.0.1 only).
 */
export async function renderServerConfig({ root, apiUpstream, port }) {
  const template = await readFile(TEMPLATE_PATH, 'utf8');
  // What the entrypoint's envsubst fills in; the resolver goes unused with an address as upstream.
  const env = { API_UPSTREAM: apiUpstream, NGINX_LOCAL_RESOLVERS: '127.0.0.1' };
  return template
    .replace(/\$\{(API_UPSTREAM|NGINX_LOCAL_RESOLVERS)\}/g, (_, name) => env[name])
    .replaceAll('/etc/nginx/werkstatt/security-headers.conf', HEADERS_PATH)
    .replace('root /usr/share/nginx/html;', `root ${root};`)
    .replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${port};`);
}

async function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Checks the config (`nginx -t`), then starts nginx in the foreground; `stop()` ends it. */
export async function startNginx({ root, apiUpstream, port, bin = nginxBinary() }) {
  if (!bin) throw new Error('no nginx binary (Debian: apt-get install nginx-light)');
  const dir = await mkdtemp(path.join(tmpdir(), 'werkstatt-console-nginx-'));
  await writeFile(path.join(dir, 'server.conf'), await renderServerConfig({ root, apiUpstream, port }));
  await writeFile(
    path.join(dir, 'nginx.conf'),
    // The image's nginx.conf, in short: what matters is the server config it includes.
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path ${dir}/client;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/server.conf;
}
`,
  );
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'];
  const check = spawnSync(bin, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`nginx -t failed:\n${check.stderr}`);
  }
  const child = spawn(bin, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, 10_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://localhost:${port}`, stop, checkOutput: check.stderr };
}
