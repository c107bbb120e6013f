/**
 * Live status of strategy documents over Redis pub/sub. Whoever changes a document's status (the
 * worker while rendering, the API when it queues a document again) publishes on the document's
 * channel after the change committed; every API instance with an open event stream of that document
 * is subscribed to it and reads the document afresh. A message only says "changed": the state is
 * always read from Postgres, so a lost or repeated message never shows a wrong state.
 */

/** The message; subscribers ignore it, it is there for someone watching with `redis-cli`. */
export const DOCUMENT_CHANGED = 'changed';

/**
 * The channel of one document, under the deployment's Redis key prefix (REDIS_KEY_PREFIX, the same
 * for the API and the worker). ioredis does not prefix channels, so this does.
 */
export const documentChannel = (keyPrefix: string, documentId: string): string =>
  `${keyPrefix}documents:${documentId}:events`;

/** Tells the subscribers that a document changed. Never throws: a lost message is caught up by polling. */
export type PublishDocumentChange = (documentId: string) => Promise<void>;

/** The part of a Redis client (ioredis) a publisher needs. */
export interface RedisPublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

export function createDocumentChangePublisher(
  redis: RedisPublisher,
  keyPrefix: string,
  onError: (err: unknown, documentId: string) => void = () => {},
): PublishDocumentChange {
  return async (documentId) => {
    try {
      await redis.publish(documentChannel(keyPrefix, documentId), DOCUMENT_CHANGED);
    } catch (err) {
      onError(err, documentId);
    }
  };
}

/** No Redis (dev mode on PGlite): nothing to publish, the streams poll the database. */
export const publishNothing: PublishDocumentChange = async () => {};
