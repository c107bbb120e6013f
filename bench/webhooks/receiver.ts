// The webhook receiver of the benchmark: one HTTP server on 127.0.0.1 for every subscription (paths
// /s/<n>), answering 200 at once. It keeps as little as it can per request (the webhook-id and when
// it first came), since it shares the machine's CPUs with the worker it measures.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SampledRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  origin: string;
  /** First arrival of each webhook-id, in ms since the epoch. */
  firstSeen: Map<string, number>;
  /** Every request, repeats included. */
  received(): number;
  /** Every `sampleEvery`-th request with its body and signature headers, for verification. */
  samples: SampledRequest[];
  /** Requests without a webhook-id header (must stay 0). */
  malformed(): number;
  /** Calls `fn` once, synchronously, when the `count`-th distinct webhook-id arrives. */
  onDistinct(count: number, fn: () => void): void;
  /** Forgets everything received (between runs). */
  reset(): void;
  close(): Promise<void>;
}

export async function startReceiver(sampleEvery: number): Promise<Receiver> {
  const firstSeen = new Map<string, number>();
  const samples: SampledRequest[] = [];
  let received = 0;
  let malformed = 0;
  let trigger: { count: number; fn: () => void } | null = null;

  const server = http.createServer((req, res) => {
    const sampled = received % sampleEvery === 0;
    received += 1;
    const chunks: Buffer[] = [];
    if (sampled) req.on('data', (c: Buffer) => chunks.push(c));
    else req.resume();
    req.on('end', () => {
      const now = Date.now();
      const id = req.headers['webhook-id'];
      if (typeof id !== 'string') malformed += 1;
      else if (!firstSeen.has(id)) firstSeen.set(id, now);
      if (sampled) {
        samples.push({
          path: req.url ?? '/',
          headers: {
            'webhook-id': String(req.headers['webhook-id']),
            'webhook-timestamp': String(req.headers['webhook-timestamp']),
            'webhook-signature': String(req.headers['webhook-signature']),
          },
          body: Buffer.concat(chunks).toString('utf8'),
        });
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
      if (trigger && firstSeen.size >= trigger.count) {
        const { fn } = trigger;
        trigger = null;
        fn();
      }
    });
  });
  // Longer than the worker's keep-alive agent keeps idle sockets (30 s): otherwise the server closes a
  // socket the agent is about to reuse, and that delivery fails with ECONNRESET and waits for a retry.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    firstSeen,
    received: () => received,
    samples,
    malformed: () => malformed,
    onDistinct(count, fn) {
      trigger = { count, fn };
    },
    reset() {
      firstSeen.clear();
      samples.length = 0;
      received = 0;
      malformed = 0;
      trigger = null;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
