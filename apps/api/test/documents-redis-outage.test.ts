import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { documentContents, documents, outbox } from '@werkstatt/db';
import {
  createLogger,
  loadConfig as loadWorkerConfig,
  startWorkerRuntime,
  type WorkerRuntime,
} from '@werkstatt/worker';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import { createProgram, putStrategy, strategyBody } from './support/strategy-fixtures.js';
import { until } from './support/until.js';

// The API and a worker on a Redis of their own (never the shared one), which this test stops and starts.
let h: Harness | undefined;
let runtime: WorkerRuntime | undefined;
let redis: ChildProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function startRedis(port: number) {
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await until(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.end();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    'redis-server to listen',
    10_000,
  );
}

afterAll(async () => {
  await runtime?.stop();
  await h?.close();
  if (redis) {
    const server = redis;
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
  }
});

describe('with Redis down', () => {
  it('the API still accepts the request (202, outbox row) and the document is made once Redis is back', async () => {
    const port = await freePort();
    const redisUrl = `redis://127.0.0.1:${port}`;
    h = await createHarness({ REDIS_URL: redisUrl });
    const program = await createProgram(h, 2);
    const m = await h.municipality({ name: 'Ortsgemeinde Nußbach' });
    const admin = await h.user('municipality_admin', m.id);
    expect(
      (await putStrategy(h, admin.token, m.id, strategyBody(program.id, [program.fields[0]!.id]))).statusCode,
    ).toBe(201);
    const version = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${m.id}/strategy/versions`,
      token: admin.token,
      payload: { label: 'Ratsbeschluss' },
    });
    expect(version.statusCode).toBe(201);

    const res = await h.request({
      method: 'POST',
      url: `/v1/municipalities/${m.id}/strategy/versions/${version.json().id}/documents`,
      token: admin.token,
    });
    expect(res.statusCode, res.body).toBe(202);
    const documentId: string = res.json().id;
    const [job] = await h.owner.select().from(outbox).where(eq(outbox.municipalityId, m.id));
    expect(job).toMatchObject({ queue: 'documents', jobName: 'document.render', dispatchedAt: null });

    // The worker starts while Redis is still down: its relay keeps the row and records why.
    runtime = startWorkerRuntime(
      loadWorkerConfig({
        NODE_ENV: 'test',
        DATABASE_URL: h.config.DATABASE_URL,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: 'werkstatt-outage',
        OUTBOX_POLL_MS: '50',
        OUTBOX_RETRY_MAX_MS: '300',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'silent',
      }),
      { log: createLogger({ LOG_LEVEL: 'silent' }) },
    );
    const failed = await until(
      async () => {
        const [row] = await h!.owner.select().from(outbox).where(eq(outbox.id, job!.id));
        return row && row.attempts >= 1 ? row : null;
      },
      'a failed dispatch',
      30_000,
    );
    expect(failed).toMatchObject({ dispatchedAt: null });
    expect(failed.lastError).toBeTruthy();
    expect((await h.owner.select().from(documents).where(eq(documents.id, documentId)))[0]?.status).toBe(
      'queued',
    );

    await startRedis(port);

    const ready = await until(
      async () => {
        const [row] = await h!.owner.select().from(documents).where(eq(documents.id, documentId));
        return row?.status === 'ready' ? row : null;
      },
      'the document to be ready',
      30_000,
    );
    expect(ready).toMatchObject({ progress: 100, error: null });
    expect(
      await h.owner.select().from(documentContents).where(eq(documentContents.documentId, documentId)),
    ).toHaveLength(1);
    const [dispatched] = await h.owner.select().from(outbox).where(eq(outbox.id, job!.id));
    expect(dispatched?.dispatchedAt).toBeInstanceOf(Date);
    const content = await h.request({
      method: 'GET',
      url: `/v1/documents/${documentId}/content`,
      token: admin.token,
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
  });
});
