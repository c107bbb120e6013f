import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, type Logger } from './logger.js';

export interface PollingLoop {
  start(): void;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

export interface PollingLoopOptions {
  name: string;
  intervalMs: number;
  /** Upper bound of the wait after consecutive errors (doubling from intervalMs). */
  maxBackoffMs: number;
  log: Logger;
  /** One round; returns true when more work is waiting, so the next round starts at once. */
  round(): Promise<boolean>;
}

export function createPollingLoop({
  name,
  intervalMs,
  maxBackoffMs,
  log,
  round,
}: PollingLoopOptions): PollingLoop {
  let stopping: AbortController | null = null;
  let running: Promise<void> | null = null;

  async function run(signal: AbortSignal) {
    let errors = 0;
    while (!signal.aborted) {
      let more = false;
      try {
        more = await round();
        errors = 0;
      } catch (err) {
        errors += 1;
        log.error({ err, loop: name }, `${name} round failed: ${errorMessage(err)}`);
      }
      if (signal.aborted || more) continue;
      const wait = errors ? Math.min(maxBackoffMs, intervalMs * 2 ** errors) : intervalMs;
      await sleep(wait, undefined, { signal }).catch(() => {});
    }
  }

  return {
    start() {
      if (running) return;
      stopping = new AbortController();
      running = run(stopping.signal);
    },
    async stop() {
      stopping?.abort();
      await running;
      running = null;
    },
  };
}
