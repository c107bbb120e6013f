import { Readable } from 'node:stream';
import type { DocumentEventHub } from '../../lib/document-events.js';
import type { DocumentDto } from './documents.schemas.js';

export interface DocumentStreamTiming {
  /** Reads while the hub does not deliver this document's messages (no Redis, or Redis down). */
  pollMs: number;
  /** Reads although messages arrive, in case one was lost. */
  recheckMs: number;
  heartbeatMs: number;
}

export interface DocumentStreamOptions extends DocumentStreamTiming {
  hub: DocumentEventHub;
  /** The document as the client may see it now; throws when it may not (any more). */
  read: () => Promise<DocumentDto>;
  /** Why a stream ended early (its read failed). */
  onReadError: (err: unknown) => void;
}

export interface DocumentStream {
  /** The text/event-stream body. */
  body: Readable;
  /** Ends the stream (server shutdown): timers and the subscription go at once, the body ends. */
  end(): void;
}

const terminal = new Set<DocumentDto['status']>(['ready', 'failed']);

/** The event's id: the document's updatedAt in epoch ms, which grows with every change. */
export const eventId = (document: DocumentDto): string => String(Date.parse(document.updatedAt));

/** One server-sent event; the JSON has no line breaks, so one data line carries it. */
export const statusEvent = (document: DocumentDto): string =>
  `id: ${eventId(document)}\nevent: status\ndata: ${JSON.stringify(document)}\n\n`;

/**
 * A document's status as server-sent events: `first` at once, then every change until the document is
 * ready or failed, then the end. Changes are noticed by the hub's messages (the document is read again
 * on each) and by reading every pollMs while no messages arrive, every recheckMs while they do; a read
 * that shows nothing new sends nothing. A read that fails (the document or the caller's session is
 * gone) ends the stream. Everything the stream holds is released when it closes, however it closes:
 * by the client, at the end, or by end().
 */
export function openDocumentStream(
  documentId: string,
  first: DocumentDto,
  options: DocumentStreamOptions,
): DocumentStream {
  const { hub } = options;
  const body = new Readable({ read() {} });
  let last = JSON.stringify(first);
  let closed = false;
  let reading: Promise<void> | null = null;
  let readAgain = false;
  let lastRead = Date.now();
  let poll: NodeJS.Timeout | undefined;

  function release() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(poll);
    subscription.close();
  }

  function finish() {
    release();
    body.push(null);
  }

  function send(document: DocumentDto) {
    body.push(statusEvent(document));
    if (terminal.has(document.status)) finish();
  }

  /** Reads the document; a read asked for while one runs is done after it, never two at once. */
  function check(): void {
    if (closed) return;
    if (reading) {
      readAgain = true;
      return;
    }
    reading = (async () => {
      do {
        readAgain = false;
        lastRead = Date.now();
        let document: DocumentDto;
        try {
          document = await options.read();
        } catch (err) {
          options.onReadError(err);
          finish();
          return;
        }
        if (closed) return;
        const json = JSON.stringify(document);
        if (json !== last) {
          last = json;
          send(document);
        }
      } while (readAgain && !closed);
    })().finally(() => {
      reading = null;
    });
  }

  /** Ticks at the fast rate; reads when no messages arrive, or when the last read is recheckMs old. */
  function schedule() {
    poll = setTimeout(() => {
      if (!hub.isLive(documentId) || Date.now() - lastRead >= options.recheckMs) check();
      schedule();
    }, options.pollMs);
  }

  if (terminal.has(first.status)) {
    // Nothing will change any more: the one event, and no subscription at all.
    closed = true;
    body.push(statusEvent(first));
    body.push(null);
    return { body, end: () => {} };
  }
  const subscription = hub.subscribe(documentId, check);
  const heartbeat = setInterval(() => body.push(': heartbeat\n\n'), options.heartbeatMs);
  body.on('close', release);
  body.push(statusEvent(first));
  schedule();
  return { body, end: finish };
}
