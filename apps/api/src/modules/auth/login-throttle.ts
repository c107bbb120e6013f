import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import { tooManyRequests } from '../../lib/errors.js';
import { memoryLoginAttempts, redisLoginAttempts } from './login-attempts.js';

export interface LoginThrottle {
  /**
   * Counts a sign-in attempt before the password is checked, and refuses it (429) when the client's
   * address or the client on this account is over its limit, or the account is slowed down.
   */
  beforeAttempt(ip: string, email: string): Promise<void>;
  /** The client signed in: its attempts on the account start from zero again. */
  onSuccess(ip: string, email: string): Promise<void>;
  /**
   * Counts a credential check for the caller's address before it runs (one atomic consume), and
   * refuses it (429) when the address has used up its failures: parallel guesses cannot all pass a
   * read made before any of them was counted.
   */
  beforeBearer(ip: string): Promise<void>;
  /** The check did not find the credential invalid: the attempt counted in beforeBearer is given back. */
  onBearerSuccess(ip: string): Promise<void>;
  /** Refuses (429) an address that has used up its failures, without counting anything. */
  refuseIfBlocked(ip: string): Promise<void>;
  /**
   * Counts a credential found invalid after its check (an access token, whose signature a guess
   * cannot pass, is checked before it counts); 429 when this failure used up the address's limit.
   */
  onBearerFailure(ip: string): Promise<void>;
}

type ThrottleConfig = Pick<
  Config,
  | 'LOGIN_MAX_ATTEMPTS_PER_IP'
  | 'LOGIN_MAX_FAILURES_PER_ACCOUNT'
  | 'LOGIN_THROTTLE_WINDOW_SECONDS'
  | 'LOGIN_ACCOUNT_SLOWDOWN_AFTER'
  | 'LOGIN_ACCOUNT_SLOWDOWN_INTERVAL_MS'
  | 'AUTH_MAX_FAILURES_PER_IP'
>;

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Per-IP attempts (any account), per account and client attempts, and the per-account slow-down
 * (login-attempts.ts), in Redis when there is one, so every API instance agrees.
 */
export function createLoginThrottle(config: ThrottleConfig, redis: Redis | null): LoginThrottle {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration: config.LOGIN_THROTTLE_WINDOW_SECONDS,
          insuranceLimiter: new RateLimiterMemory({ points, duration: config.LOGIN_THROTTLE_WINDOW_SECONDS }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration: config.LOGIN_THROTTLE_WINDOW_SECONDS });
  const perIp = make('login-ip', config.LOGIN_MAX_ATTEMPTS_PER_IP);
  const limits = {
    perClient: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    slowdownAfter: config.LOGIN_ACCOUNT_SLOWDOWN_AFTER,
    slowdownMs: config.LOGIN_ACCOUNT_SLOWDOWN_INTERVAL_MS,
    windowMs: config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
  };
  const inProcess = memoryLoginAttempts(limits);
  const attempts = redis ? redisLoginAttempts(redis, limits, inProcess) : inProcess;
  const bearerFailures = make('auth-fail-ip', config.AUTH_MAX_FAILURES_PER_IP);

  return {
    async beforeAttempt(ip, email) {
      try {
        await perIp.consume(ip);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw tooManyRequests(retryAfter(res));
        throw res;
      }
      const waitMs = await attempts.admit(email, ip);
      if (waitMs > 0) throw tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
    },
    async onSuccess(ip, email) {
      await attempts.succeeded(email, ip);
    },
    async beforeBearer(ip) {
      try {
        await bearerFailures.consume(ip);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw tooManyRequests(retryAfter(res));
        throw res;
      }
    },
    async onBearerSuccess(ip) {
      await bearerFailures.reward(ip, 1);
    },
    async refuseIfBlocked(ip) {
      const res = await bearerFailures.get(ip);
      if (res && res.consumedPoints >= config.AUTH_MAX_FAILURES_PER_IP)
        throw tooManyRequests(retryAfter(res));
    },
    async onBearerFailure(ip) {
      try {
        await bearerFailures.consume(ip);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw tooManyRequests(retryAfter(res));
        throw res;
      }
    },
  };
}
