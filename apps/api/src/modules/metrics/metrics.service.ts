import type { Deps } from '../../deps.js';
import { unauthorized } from '../../lib/errors.js';
import { sameSecret } from '../../lib/metrics.js';

/**
 * A scrape must bring the metrics token. Like a bearer on /v1 (plugins/auth), each attempt counts
 * against the address's invalid-credential limit (AUTH_MAX_FAILURES_PER_IP, then 429 for every
 * attempt, the right token too, so guessing gains nothing) and the right token gives its count back.
 * The 401 never says what was wrong.
 */
export async function requireMetricsToken(
  throttle: Pick<Deps['throttle'], 'beforeBearer' | 'onBearerSuccess'>,
  ip: string,
  bearer: string | undefined,
  token: string,
): Promise<void> {
  if (bearer === undefined) throw unauthorized();
  await throttle.beforeBearer(ip);
  if (!sameSecret(bearer, token)) throw unauthorized();
  await throttle.onBearerSuccess(ip);
}
