import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import { tooManyRequests } from '../../lib/errors.js';

export interface LoginThrottle {
  /** Counts an attempt from this IP and refuses when the IP or the account is over its limit. */
  beforeAttempt(ip: string, email: string): Promise<void>;
  onFailure(email: string): Promise<void>;
  onSuccess(email: string): Promise<void>;
  /** Refuses a caller whose address sent too many invalid tokens or keys, before any database work. */
  beforeBearer(ip: string): Promise<void>;
  onBearerFailure(ip: string): Promise<void>;
}

type ThrottleConfig = Pick<
  Config,
  | 'LOGIN_MAX_ATTEMPTS_PER_IP'
  | 'LOGIN_MAX_FAILURES_PER_ACCOUNT'
  | 'LOGIN_THROTTLE_WINDOW_SECONDS'
  | 'AUTH_MAX_FAILURES_PER_IP'
>;

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Per-IP attempts and per-account failures, in Redis when there is one (so every API instance agrees). */
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
  const perAccount = make('login-account', config.LOGIN_MAX_FAILURES_PER_ACCOUNT);
  const bearerFailures = make('auth-fail-ip', config.AUTH_MAX_FAILURES_PER_IP);
  const account = (email: string) => email.toLowerCase();

  return {
    async beforeAttempt(ip, email) {
      const failures = await perAccount.get(account(email));
      if (failures && failures.consumedPoints >= config.LOGIN_MAX_FAILURES_PER_ACCOUNT) {
        throw tooManyRequests(retryAfter(failures));
      }
      try {
        await perIp.consume(ip);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw tooManyRequests(retryAfter(res));
        throw res;
      }
    },
    async onFailure(email) {
      await perAccount.penalty(account(email), 1);
    },
    async onSuccess(email) {
      await perAccount.delete(account(email));
    },
    async beforeBearer(ip) {
      const failures = await bearerFailures.get(ip);
      if (failures && failures.consumedPoints >= config.AUTH_MAX_FAILURES_PER_IP) {
        throw tooManyRequests(retryAfter(failures));
      }
    },
    async onBearerFailure(ip) {
      await bearerFailures.penalty(ip, 1);
    },
  };
}
