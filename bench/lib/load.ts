// One autocannon measurement of a server process: throughput, latency, errors, and the process's RSS
// and CPU time per request.
import autocannon from 'autocannon';
import { cpuMs, rssMb } from './process.js';

export interface Measured {
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
  rssMb: number;
  cpuMsPerRequest: number;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The server process whose RSS and CPU time are read. */
  pid: number;
  /**
   * Where each request goes, when the URLs rotate (a cache miss, a crawler): `url` then gives only
   * the origin, and every request asks for the next path.
   */
  nextPath?: () => string;
}

// autocannon rewrites a request before it is sent when a request template has setupRequest.
const rotating = (nextPath?: () => string) =>
  nextPath
    ? {
        requests: [
          {
            setupRequest: (req: { path?: string }) => {
              req.path = nextPath();
              return req;
            },
          },
        ],
      }
    : {};

/**
 * Warms up (JIT, connection pool, Postgres caches) without measuring: for `duration` seconds, or
 * for `amount` requests.
 */
export async function warmUp(
  o: Omit<LoadOptions, 'pid' | 'duration'> & ({ duration: number } | { amount: number }),
): Promise<void> {
  await autocannon({
    url: o.url,
    headers: o.headers,
    connections: o.connections,
    ...rotating(o.nextPath),
    ...('amount' in o ? { amount: o.amount } : { duration: o.duration }),
  });
}

/**
 * Loads the URL for the duration and measures. `during` runs alongside the load until told to stop;
 * what it returns is handed back as `background`.
 */
export async function measure<B = undefined>(
  o: LoadOptions,
  during?: (stop: { done: boolean }) => Promise<B>,
): Promise<Measured & { background: B | undefined }> {
  const cpuBefore = await cpuMs(o.pid);
  const stop = { done: false };
  const background = during?.(stop);
  const result = await autocannon({
    url: o.url,
    headers: o.headers,
    connections: o.connections,
    duration: o.duration,
    ...rotating(o.nextPath),
  });
  stop.done = true;
  const backgroundResult = await background;
  const cpuAfter = await cpuMs(o.pid);
  const requests = result.requests.total;
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests,
    rssMb: await rssMb(o.pid),
    cpuMsPerRequest:
      requests === 0 ? Number.NaN : Math.round(((cpuAfter - cpuBefore) / requests) * 100) / 100,
    background: backgroundResult,
  };
}
