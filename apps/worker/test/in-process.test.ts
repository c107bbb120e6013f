import { createDatabase, createPool } from '@werkstatt/db';
import { simpleParser } from 'mailparser';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessRunner } from '../src/in-process.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';
import { welcomeOnly } from './support/mail-handlers.js';

let t: WorkerTestContext;
// Dev mode runs on PGlite with a single connection: the runner must work with a pool of one.
let pool: pg.Pool;

beforeAll(async () => {
  t = await createWorkerTestContext({ JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '200', OUTBOX_POLL_MS: '50' });
  pool = createPool({ connectionString: t.config.DATABASE_URL, max: 1 });
});

afterAll(async () => {
  await pool.end();
  await t.close();
});

describe('in-process runner (dev mode without Redis)', () => {
  it('runs the welcome mail straight from the outbox and marks the row done', async () => {
    const runner = createInProcessRunner({ db: createDatabase(pool), config: t.config });
    const m = await t.municipality('Ortsgemeinde Bärenbach');
    const user = await t.user('municipality_admin', m.id, { name: 'Anneliese Schäfer' });
    const id = await t.enqueue({
      queue: 'mail',
      name: 'user.welcome',
      payload: { userId: user.id, municipalityId: m.id },
    });

    expect(await runner.runOnce()).toBe(1);
    expect(await runner.runOnce()).toBe(0);

    const mail = await simpleParser(await t.readMail(`${id}.eml`));
    expect(mail.subject).toBe('Ihr Zugang zur Digital-Werkstatt');
    expect(mail.text).toContain('Guten Tag Anneliese Schäfer,');
    expect(mail.text).toContain('Kommune: Ortsgemeinde Bärenbach');
    expect(await t.outboxRow(id)).toMatchObject({ attempts: 1, lastError: null });
    expect((await t.outboxRow(id))?.dispatchedAt).toBeInstanceOf(Date);
  });

  it('leaves jobs of queues it has no handler for in the outbox', async () => {
    const runner = createInProcessRunner({
      db: createDatabase(pool),
      config: t.config,
      handlers: { mail: welcomeOnly(async () => {}) },
    });
    const m = await t.municipality();
    const id = await t.enqueue({
      queue: 'webhooks',
      name: 'webhook.deliver',
      payload: { deliveryId: '0190a5f2-7b1c-7cc4-9a51-5d6c9f1e2b3a', municipalityId: m.id },
    });
    expect(await runner.runOnce()).toBe(0);
    expect(await t.outboxRow(id)).toMatchObject({ dispatchedAt: null, attempts: 0 });
  });

  it('retries a failing job with backoff, then keeps and lists it as failed', async () => {
    const runs: number[] = [];
    const runner = createInProcessRunner({
      db: createDatabase(pool),
      config: t.config,
      handlers: {
        mail: welcomeOnly(async (_payload, ctx) => {
          runs.push(ctx.attempt);
          throw new Error('Postfach voll');
        }),
      },
    });
    const m = await t.municipality();
    const user = await t.user('municipality_viewer', m.id);
    const id = await t.enqueue({
      queue: 'mail',
      name: 'user.welcome',
      payload: { userId: user.id, municipalityId: m.id },
    });

    expect(await runner.runOnce()).toBe(1);
    const afterFirst = await t.outboxRow(id);
    expect(afterFirst).toMatchObject({ dispatchedAt: null, attempts: 1, lastError: 'Postfach voll' });
    // Not due again before the backoff has passed.
    expect(await runner.runOnce()).toBe(0);

    await waitFor(async () => (await runner.runOnce()) === 1, 5000, 'the retry');
    expect(runs).toEqual([1, 2]);
    expect(await runner.runOnce()).toBe(0);
    expect(await runner.failedJobs()).toEqual([
      {
        id,
        queue: 'mail',
        name: 'user.welcome',
        payload: { userId: user.id, municipalityId: m.id },
        attempts: 2,
        lastError: 'Postfach voll',
      },
    ]);
  });

  it('polls by itself once started and finishes the job in hand on stop', async () => {
    const runner = createInProcessRunner({ db: createDatabase(pool), config: t.config });
    runner.start();
    const m = await t.municipality();
    const user = await t.user('municipality_editor', m.id);
    const id = await t.enqueue({
      queue: 'mail',
      name: 'user.welcome',
      payload: { userId: user.id, municipalityId: m.id },
    });
    await waitFor(async () => (await t.outboxRow(id))?.dispatchedAt, 5000, 'the job to run');
    await runner.stop();
    expect(await t.mails()).toContain(`${id}.eml`);
  });
});
