import type { JobName } from '@werkstatt/jobs';
import type { JobsOptions } from 'bullmq';
import type { Handlers } from './handlers.js';
import { runJob } from './handlers.js';
import { errorMessage, type Logger } from './logger.js';
import { createPollingLoop, type PollingLoop } from './polling.js';
import type { QueueSet } from './queues.js';

/**
 * Recurring jobs, shared by both modes: production registers them as BullMQ job schedulers (one
 * scheduler per id, however many workers start), dev mode without Redis polls them in process.
 * Their handlers must be idempotent per day, because dev polling runs them more often than the cron.
 */
export interface Schedule {
  id: string;
  queue: 'reminders';
  name: JobName<'reminders'>;
  /** Cron pattern in Europe/Berlin time, for BullMQ. */
  pattern: string;
  /** How often dev mode runs it. */
  devIntervalMs: number;
}

export const schedules: Schedule[] = [
  {
    id: 'strategy-review-reminders',
    queue: 'reminders',
    name: 'strategy.reviewScan',
    // Every morning at 7, before the working day starts.
    pattern: '0 7 * * *',
    devIntervalMs: 15 * 60 * 1000,
  },
  {
    id: 'registration-retention',
    queue: 'reminders',
    name: 'registrations.retentionScan',
    // Every night at 3: anonymise what has passed its retention period (DSGVO).
    pattern: '0 3 * * *',
    devIntervalMs: 60 * 60 * 1000,
  },
  {
    id: 'webhook-retention',
    queue: 'reminders',
    name: 'webhooks.retentionScan',
    // Every night at 3:30, after the registrations' scan.
    pattern: '30 3 * * *',
    devIntervalMs: 60 * 60 * 1000,
  },
];

const TIME_ZONE = 'Europe/Berlin';
const RETRY_MS = 5000;

/**
 * Upserts every schedule into BullMQ. Redis may be down at boot (the producer connection fails
 * fast), so each failed attempt is retried until it succeeds or `stop` is called.
 */
export function registerJobSchedulers(
  queues: QueueSet,
  jobOptions: JobsOptions,
  log: Logger,
): { stop(): void; ready: Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve) => {
    const attempt = async () => {
      try {
        for (const s of schedules) {
          await queues[s.queue].upsertJobScheduler(
            s.id,
            { pattern: s.pattern, tz: TIME_ZONE },
            { name: s.name, data: { municipalityId: null }, opts: jobOptions },
          );
        }
        log.info({ schedules: schedules.map((s) => s.id) }, 'job schedulers registered');
        resolve();
      } catch (err) {
        if (stopped) return resolve();
        log.warn(`job schedulers not registered yet: ${errorMessage(err)}`);
        timer = setTimeout(attempt, RETRY_MS);
      }
    };
    void attempt();
  });
  return {
    ready,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Dev mode: one polling loop per schedule, running its handler in process. */
export function startInProcessSchedules(handlers: Handlers, log: Logger): PollingLoop {
  const loops = schedules
    .filter((s) => handlers[s.queue]?.[s.name as never] !== undefined)
    .map((s) =>
      createPollingLoop({
        name: `schedule ${s.id}`,
        intervalMs: s.devIntervalMs,
        maxBackoffMs: s.devIntervalMs,
        log,
        round: async () => {
          await runJob(
            handlers,
            s.queue,
            s.name,
            { municipalityId: null },
            {
              jobId: `${s.id}-${Date.now()}`,
              attempt: 1,
              log,
            },
          );
          return false;
        },
      }),
    );
  return {
    start: () => {
      for (const l of loops) l.start();
    },
    stop: async () => {
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}
