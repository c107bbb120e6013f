import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import { closeQueues, createProducerConnection, createQueues, type QueueSet } from '../src/queues.js';
import { seedDocument, seedStrategyVersion } from '../src/testing/index.js';
import { spawnWorker, type WorkerChild } from './support/child.js';
import { createWorkerTestContext, type WorkerTestContext, waitFor } from './support/harness.js';
import { contentRows, documentRow, pdfText } from './support/pdf.js';

let t: WorkerTestContext;
let redis: Redis;
let queues: QueueSet;
const children: WorkerChild[] = [];

beforeAll(async () => {
  t = await createWorkerTestContext();
  redis = createProducerConnection(t.config.REDIS_URL!, silentLogger);
  queues = createQueues(redis, t.config.QUEUE_PREFIX, silentLogger);
});

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await c.exited;
  }
});

afterAll(async () => {
  await closeQueues(queues);
  await redis.quit();
  await t.close();
});

function worker(env: Record<string, string>) {
  const child = spawnWorker(
    {
      ...t.env,
      // Short locks so a killed worker's job is noticed as stalled within about a second.
      JOB_LOCK_MS: '1000',
      STALLED_CHECK_MS: '500',
      OUTBOX_POLL_MS: '100',
      WORKER_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    'document-worker-process.ts',
  );
  children.push(child);
  return child;
}

describe('a document worker killed with -9 mid-render', () => {
  it('finishes the document after a restart, with exactly one stored result', async () => {
    const first = worker({ TEST_RENDER_DELAY_MS: '60000' });
    const version = await seedStrategyVersion(t.owner, { municipalityName: 'Stadt Zweibrücken' });
    const documentId = await seedDocument(t.owner, version);
    const jobId = await t.enqueue({
      queue: 'documents',
      name: 'document.render',
      payload: { documentId, municipalityId: version.municipalityId },
    });

    await first.waitForEvent('render-started');
    expect(await documentRow(t, documentId)).toMatchObject({ status: 'rendering', progress: 10 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(await queues.documents.getJobState(jobId)).toBe('active');

    const second = worker({ TEST_RENDER_DELAY_MS: '0' });
    await second.waitForEvent('render-finished');
    await expect.poll(() => queues.documents.getJobState(jobId), { timeout: 20_000 }).toBe('completed');

    const ready = await waitFor(
      async () => {
        const row = await documentRow(t, documentId);
        return row?.status === 'ready' ? row : null;
      },
      10_000,
      'document ready',
    );
    const contents = await contentRows(t, documentId);
    expect(contents).toHaveLength(1);
    expect(ready.sha256).toBe(createHash('sha256').update(contents[0]!.content).digest('hex'));
    expect(await pdfText(contents[0]!.content)).toContain('Stadt Zweibrücken');
  });
});
