import type { Config } from '../config.js';

export type BackoffConfig = Pick<Config, 'WEBHOOK_BACKOFF_BASE_MS' | 'WEBHOOK_BACKOFF_MAX_MS'>;

/**
 * The wait after failed attempt `attempt` (1-based) before the next one: exponential from
 * WEBHOOK_BACKOFF_BASE_MS, capped at WEBHOOK_BACKOFF_MAX_MS, times a random factor in [0.5, 1) so
 * that deliveries failing together (a receiver that was down) do not come back all at once. With
 * the defaults (10 s, 4 h, 18 attempts) the 17 waits add up to 14.8–29.7 h, about 22 h on average.
 */
export function retryDelayMs(attempt: number, config: BackoffConfig, random: () => number = Math.random) {
  const full = Math.min(config.WEBHOOK_BACKOFF_BASE_MS * 2 ** (attempt - 1), config.WEBHOOK_BACKOFF_MAX_MS);
  return Math.round(full * (0.5 + random() * 0.5));
}
