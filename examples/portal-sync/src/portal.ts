import { createWerkstattClient } from '@werkstatt/api-client';
import { loadMirror, type Mirror, saveMirror } from './mirror.js';
import { createReceiver, type ReceivedEvent } from './receiver.js';
import { type SyncResult, syncFeeds } from './sync.js';

export interface PortalOptions {
  /** The Werkstatt server, e.g. http://localhost:3000. */
  baseUrl: string;
  /** An API key with public:read. */
  apiKey: string;
  /** The JSON file the mirror is kept in. */
  file: string;
  /** The subscription's signing secrets (whsec_…); without them no webhooks are received. */
  webhookSecrets?: string[];
  log?: (line: string) => void;
}

export interface Portal {
  /** Brings the mirror up to date now. Calls made while one runs share the next run. */
  sync(): Promise<SyncResult>;
  /** Listens for webhooks; each one starts a sync. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  mirror(): Mirror;
  /** Webhooks handled (each webhook id once). */
  received: ReceivedEvent[];
}

const SEEN_KEPT = 1000;

export async function createPortal(options: PortalOptions): Promise<Portal> {
  const log = options.log ?? (() => {});
  const api = createWerkstattClient({ baseUrl: options.baseUrl, getAccessToken: () => options.apiKey });
  const mirror = await loadMirror(options.file);
  const received: ReceivedEvent[] = [];

  // One sync at a time; a request during a run queues exactly one more run after it.
  let running: Promise<SyncResult> | undefined;
  let queued: Promise<SyncResult> | undefined;
  const runOnce = async () => {
    const result = await syncFeeds(api, mirror);
    await saveMirror(options.file, mirror);
    log(`sync: ${JSON.stringify(result.upserted)} upserted, ${JSON.stringify(result.removed)} removed`);
    return result;
  };
  const sync = (): Promise<SyncResult> => {
    if (!running) {
      running = runOnce().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return sync();
      });
    return queued;
  };

  const server = createReceiver(options.webhookSecrets ?? [], (event) => {
    if (mirror.seenWebhookIds.includes(event.id)) return;
    mirror.seenWebhookIds = [...mirror.seenWebhookIds, event.id].slice(-SEEN_KEPT);
    received.push(event);
    log(`webhook ${event.type} (${event.id})`);
    // The webhook says something changed; the feed says exactly what, in order.
    void sync().catch((err: Error) => log(`sync failed: ${err.message}`));
  });

  return {
    sync,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve) => {
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await running?.catch(() => undefined);
    },
    mirror: () => mirror,
    received,
  };
}
