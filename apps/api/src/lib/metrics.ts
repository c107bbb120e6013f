import { createHash, timingSafeEqual } from 'node:crypto';
import { type PoolMetrics, registerPoolMetrics } from '@werkstatt/jobs';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** How a representation-cache lookup ended (lib/representation-cache.ts). */
export type CacheLookup = 'hit' | 'joined' | 'miss';

/**
 * The instruments code pushes into, on a registry of this instance's own: prom-client's default
 * registry is shared by the process, and tests run several API instances in one.
 * The pool's gauges are read at scrape time; what else is (cache size, streams, outbox) is registered
 * by plugins/metrics.ts.
 */
export interface ApiMetrics {
  registry: Registry;
  httpDuration: Histogram<'operation_id' | 'method' | 'status_code'>;
  /** The database pool's gauges and checkout waits. */
  pool: PoolMetrics;
  cacheLookups: Counter<'result'>;
}

export function createApiMetrics(maxPoolConnections: number): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'werkstatt_' });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'werkstatt_http_request_duration_seconds',
      help: "Time from a request's arrival to its response, by the route's operationId (or URL pattern), method and status code.",
      labelNames: ['operation_id', 'method', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    pool: registerPoolMetrics(registry, maxPoolConnections),
    cacheLookups: new Counter({
      name: 'werkstatt_representation_cache_lookups_total',
      help: 'Reads through the representation cache: hit (stored response sent), joined (shared a full read in flight), miss (read in full).',
      labelNames: ['result'],
      registers,
    }),
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares two secrets in constant time, whatever their lengths (hashed to equal length first). */
export const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));
