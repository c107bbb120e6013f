import type { Deps } from '../../deps.js';
import { pingPostgres } from './health.data.js';

export type Check = 'ok' | 'failing' | 'not_configured';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

const probe = (p: Promise<unknown>): Promise<Check> =>
  withTimeout(p, 2000).then(
    () => 'ok' as const,
    () => 'failing' as const,
  );

/** Whether Postgres and Redis answer within two seconds; a missing Redis is not a failure. */
export async function checkReadiness(deps: Pick<Deps, 'db' | 'redis'>) {
  const [postgres, redis] = await Promise.all([
    probe(pingPostgres(deps.db)),
    deps.redis ? probe(deps.redis.ping()) : ('not_configured' as const),
  ]);
  return { ok: postgres === 'ok' && redis !== 'failing', checks: { postgres, redis } };
}
