import { type BaseLogger, pino } from 'pino';
import type { Config } from './config.js';

/** The part of a pino logger the worker uses; Fastify's request-independent logger fits too. */
export type Logger = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });

type Level = 'debug' | 'info' | 'warn' | 'error';

/** The logger with `fields` in every line (a job's request id), whatever kind of logger it wraps. */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const at =
    (level: Level) =>
    (first: unknown, ...rest: unknown[]): void => {
      const call = log[level] as (obj: object, ...args: unknown[]) => void;
      if (first instanceof Error) call.call(log, { ...fields, err: first }, ...rest);
      else if (typeof first === 'object' && first !== null) call.call(log, { ...fields, ...first }, ...rest);
      else call.call(log, fields, first, ...rest);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as Logger;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
