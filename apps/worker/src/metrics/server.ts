import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { errorMessage, type Logger } from '../logger.js';

export interface MetricsServerOptions {
  host: string;
  port: number;
  /** METRICS_TOKEN: when set, /metrics needs it as a bearer token. */
  token: string | undefined;
  registry: Registry;
  /** False once the runtime stops: /healthz then answers 503. */
  running: () => boolean;
  log: Logger;
}

export interface MetricsServer {
  /** The port it listens on, once listening; null while starting or when it could not listen. */
  port(): number | null;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The bearer matches the token, compared in constant time whatever the lengths. */
function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S{1,2048})$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

type Problem = { status: number; title: string; code: string; detail: string };

const notFound: Problem = {
  status: 404,
  title: 'Not Found',
  code: 'not_found',
  detail: 'Only GET /metrics and GET /healthz are served here.',
};
const unauthorized: Problem = {
  status: 401,
  title: 'Unauthorized',
  code: 'unauthorized',
  detail: 'Authentication is required.',
};
const internal: Problem = {
  status: 500,
  title: 'Internal Server Error',
  code: 'internal_error',
  detail: 'The metrics could not be collected.',
};

/** An RFC 9457 problem, shaped like the API's. */
function sendProblem(res: http.ServerResponse, { status, title, code, detail }: Problem): void {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ type: `/problems/${code}`, title, status, detail, code }));
}

/**
 * The worker's operations port: GET /metrics for Prometheus and GET /healthz for a container
 * healthcheck. Nothing else, and no request body is read. It must not keep the worker from running,
 * so a port that cannot be bound is logged, not thrown.
 */
export function startMetricsServer(options: MetricsServerOptions): MetricsServer {
  const { token, registry, running, log } = options;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || (path !== '/metrics' && path !== '/healthz')) {
      sendProblem(res, notFound);
      return;
    }
    if (path === '/healthz') {
      const ok = running();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'stopping' }));
      return;
    }
    if (token && !authorized(req.headers.authorization, token)) {
      sendProblem(res, unauthorized);
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      (err) => {
        log.error({ err }, `metrics not collected: ${errorMessage(err)}`);
        sendProblem(res, internal);
      },
    );
  });
  // A scraper keeps its connection; the close must not wait for it.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  let listening = false;
  server.on('error', (err) => log.error({ err }, `metrics server not listening: ${errorMessage(err)}`));
  server.listen(options.port, options.host, () => {
    listening = true;
    log.info(
      { host: options.host, port: (server.address() as AddressInfo).port },
      'metrics server listening',
    );
  });
  return {
    port: () => (listening ? (server.address() as AddressInfo).port : null),
    close: () =>
      new Promise<void>((resolve) => {
        if (!listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
