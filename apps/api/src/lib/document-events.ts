import {
  createDocumentChangePublisher,
  documentChannel,
  type PublishDocumentChange,
  publishNothing,
} from '@werkstatt/jobs';
import type { Redis } from 'ioredis';

/**
 * What a subscription is told on each message: one object per message (and per catch-up read), the
 * same for every subscription of the document on this instance, so that they can share one read of
 * the document instead of each reading it (document-stream.ts).
 */
export type DocumentChangeNotice = object;

export interface DocumentSubscription {
  /** Stops the notifications; the channel is left when its last subscription closes. */
  close(): void;
}

/**
 * One instance's side of the document channels (packages/jobs, document-events): ONE subscriber
 * connection per instance, subscribed to the channel of each document that has at least one open
 * stream here, and the messages fanned out to those streams in memory.
 */
export interface DocumentEventHub {
  /** Publishes a committed change of a document (the API's own status changes). */
  publish: PublishDocumentChange;
  /**
   * Calls onChange for every message on the document's channel, and once more as soon as the channel
   * is subscribed (a change between the caller's read and the subscription is not lost). The notice is
   * the same object for all of the document's subscriptions called for one message.
   */
  subscribe(documentId: string, onChange: (notice: DocumentChangeNotice) => void): DocumentSubscription;
  /** Whether the document's messages arrive now; while not, its streams poll the database often. */
  isLive(documentId: string): boolean;
  /** Open subscriptions on this instance (streams), for tests and metrics. */
  readonly subscriptionCount: number;
  /** Channels this instance is subscribed to. */
  readonly channelCount: number;
  /** Drops every subscription and the subscriber connection. */
  close(): void;
}

/**
 * The hub on the API's Redis client; without Redis (dev mode on PGlite) it publishes nothing and
 * is never live, so the streams poll.
 */
export function createDocumentEventHub(redis: Redis | null, keyPrefix: string): DocumentEventHub {
  const listeners = new Map<string, Set<(notice: DocumentChangeNotice) => void>>();
  let subscriber: Redis | null = null;
  let subscribed = new Set<string>();
  let closed = false;
  const channelOf = (documentId: string) => documentChannel(keyPrefix, documentId);
  const notify = (documentId: string) => {
    const notice: DocumentChangeNotice = {};
    for (const listener of listeners.get(documentId) ?? []) listener(notice);
  };

  /** Subscribes the channels, then tells their streams to read once (messages may have been missed). */
  async function join(documentIds: string[]): Promise<void> {
    const conn = subscriber;
    if (conn?.status !== 'ready' || documentIds.length === 0) return;
    try {
      await conn.subscribe(...documentIds.map(channelOf));
    } catch {
      return; // the connection is down: the streams poll until it is back ('ready' joins again)
    }
    for (const id of documentIds) {
      if (listeners.has(id)) {
        subscribed.add(id);
        notify(id);
      } else if (conn.status === 'ready') {
        // Its last stream closed while the subscription was on its way.
        conn.unsubscribe(channelOf(id)).catch(() => {});
      }
    }
  }

  function connect(): Redis {
    if (subscriber) return subscriber;
    // A connection of its own: one in subscriber mode can run no other commands. Channels are not
    // prefixed by ioredis, documentChannel does that.
    // Named, so `CLIENT LIST` shows which connections hold the streams' subscriptions.
    const conn = redis!.duplicate({
      autoResubscribe: false,
      enableOfflineQueue: false,
      connectionName: `${keyPrefix}document-events`,
    });
    const [head, tail] = channelOf('\0').split('\0') as [string, string];
    conn.on('message', (channel: string) => notify(channel.slice(head.length, channel.length - tail.length)));
    // Outages are logged once by the main connection (app.ts, watchRedis); this one just reconnects.
    conn.on('error', () => {});
    conn.on('close', () => {
      subscribed = new Set();
    });
    conn.on('ready', () => void join([...listeners.keys()]));
    subscriber = conn;
    return conn;
  }

  /** Joins the channel now when connected; otherwise the connection's 'ready' joins every channel. */
  function joinWhenConnected(documentId: string): void {
    if (connect().status === 'ready') void join([documentId]);
  }

  function leave(documentId: string): void {
    subscribed.delete(documentId);
    if (subscriber?.status === 'ready') subscriber.unsubscribe(channelOf(documentId)).catch(() => {});
  }

  return {
    publish: redis ? createDocumentChangePublisher(redis, keyPrefix) : publishNothing,
    subscribe(documentId, onChange) {
      let set = listeners.get(documentId);
      const first = !set;
      if (!set) {
        set = new Set();
        listeners.set(documentId, set);
      }
      // A function of its own per subscription, so one stream closing never removes another.
      const listener = (notice: DocumentChangeNotice) => onChange(notice);
      set.add(listener);
      if (redis && !closed) {
        if (first) joinWhenConnected(documentId);
        // Another stream already subscribed the channel: this one reads once like the first did.
        else if (subscribed.has(documentId)) queueMicrotask(() => listener({}));
      }
      let open = true;
      return {
        close() {
          if (!open) return;
          open = false;
          const current = listeners.get(documentId);
          if (!current) return;
          current.delete(listener);
          if (current.size > 0) return;
          listeners.delete(documentId);
          leave(documentId);
        },
      };
    },
    isLive(documentId) {
      return subscriber?.status === 'ready' && subscribed.has(documentId);
    },
    get subscriptionCount() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
    get channelCount() {
      return subscribed.size;
    },
    close() {
      closed = true;
      listeners.clear();
      subscribed.clear();
      subscriber?.disconnect();
      subscriber = null;
    },
  };
}
