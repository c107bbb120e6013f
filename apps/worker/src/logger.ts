import { type BaseLogger, pino } from 'pino';
import type { Config } from './config.js';

/** The part of a pino logger the worker uses; Fastify's request-independent logger fits too. */
export type Logger = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
