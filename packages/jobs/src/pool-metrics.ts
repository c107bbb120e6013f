import { Gauge, Histogram, type Registry } from 'prom-client';

/** What pg.Pool tells about its connections. */
type PoolCounts = { totalCount: number; idleCount: number; waitingCount: number };

/**
 * The database pool's metrics, the same in the API and the worker: gauges read at scrape time and
 * a histogram of the checkouts that had to wait (fed by createPool's onWait). Registered before the
 * pool exists, since the pool is made with onWait; `watch` attaches it once it does.
 */
export function registerPoolMetrics(registry: Registry, maxConnections: number) {
  let pool: PoolCounts | undefined;
  // Built again if metrics are registered twice on one registry (an app built twice in a test).
  const gauge = (name: string, help: string, read: (p: PoolCounts) => number) => {
    registry.removeSingleMetric(name);
    return new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (pool) this.set(read(pool));
      },
    });
  };
  gauge(
    'werkstatt_db_pool_connections',
    'Open database connections of this process, busy or idle.',
    (p) => p.totalCount,
  );
  gauge(
    'werkstatt_db_pool_idle_connections',
    'Open database connections waiting for a checkout.',
    (p) => p.idleCount,
  );
  gauge(
    'werkstatt_db_pool_waiting_clients',
    'Checkouts queued for a database connection right now.',
    (p) => p.waitingCount,
  );
  gauge(
    'werkstatt_db_pool_max_connections',
    'DATABASE_POOL_MAX: the most connections this process opens.',
    () => maxConnections,
  );
  registry.removeSingleMetric('werkstatt_db_pool_wait_seconds');
  const wait = new Histogram({
    name: 'werkstatt_db_pool_wait_seconds',
    help: 'Time a database checkout waited because every connection of the pool was busy; its count is the number of such waits.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [registry],
  });
  return {
    /** createPool's onWait. */
    observeWait: (seconds: number) => wait.observe(seconds),
    /** The pool the gauges read. */
    watch(p: PoolCounts) {
      pool = p;
    },
  };
}

export type PoolMetrics = ReturnType<typeof registerPoolMetrics>;
