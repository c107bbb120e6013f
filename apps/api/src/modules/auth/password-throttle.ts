import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import { tooManyRequests } from '../../lib/errors.js';

/**
 * Limits of the password flows, each an atomic consume (one Lua call in Redis), counted before any
 * look-up, so parallel requests cannot all pass and an answer never depends on whether an account
 * exists: an unknown address is counted exactly like a known one.
 */
export interface PasswordThrottle {
  /** A reset asked for `email` from `ip`: per client address and per e-mail address. */
  beforeResetRequest(ip: string, email: string): Promise<void>;
  /** A password set with a link's secret from `ip` (guessing secrets). */
  beforeTokenUse(ip: string): Promise<void>;
  /** A signed-in user's attempt to change their password (guessing the current one). */
  beforeChange(userId: string): Promise<void>;
}

type PasswordThrottleConfig = Pick<
  Config,
  | 'PASSWORD_FLOW_MAX_PER_IP'
  | 'PASSWORD_RESET_MAX_PER_ADDRESS'
  | 'PASSWORD_CHANGE_MAX_PER_USER'
  | 'PASSWORD_FLOW_WINDOW_SECONDS'
>;

/** Redis keys name the address by a hash, so no e-mail address is kept there. */
const addressOf = (email: string) =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

export function createPasswordThrottle(
  config: PasswordThrottleConfig,
  redis: Redis | null,
): PasswordThrottle {
  const duration = config.PASSWORD_FLOW_WINDOW_SECONDS;
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration,
          // A Redis outage must not open the flows to unlimited requests: count in this process meanwhile.
          insuranceLimiter: new RateLimiterMemory({ points, duration }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  const perIp = make('password-ip', config.PASSWORD_FLOW_MAX_PER_IP);
  const perAddress = make('password-address', config.PASSWORD_RESET_MAX_PER_ADDRESS);
  const perUser = make('password-change', config.PASSWORD_CHANGE_MAX_PER_USER);

  const consume = async (limiter: RateLimiterAbstract, key: string) => {
    try {
      await limiter.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes)
        throw tooManyRequests(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  };

  return {
    async beforeResetRequest(ip, email) {
      await consume(perIp, ip);
      await consume(perAddress, addressOf(email));
    },
    beforeTokenUse: (ip) => consume(perIp, ip),
    beforeChange: (userId) => consume(perUser, userId),
  };
}
