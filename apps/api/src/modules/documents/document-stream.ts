import { Readable } from 'node:stream';
import type { DocumentChangeNotice, DocumentEventHub } from '../../lib/document-events.js';
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
  /**
   * The document as the client may see it now, with the caller's credentials checked again; throws
   * when it may not (any more). Read every pollMs while no messages arrive, and every recheckMs while
   * they do.
   */
  read: () => Promise<DocumentDto>;
  /**
   * The document read once for all of its streams on this instance, without any caller's
   * credentials: what a message makes the streams read. Shared per message (the hub's notice).
   */
  readShared: () => Promise<DocumentDto>;
  /** The shared read as this stream's caller may see it; throws when they may not. */
  authorize: (document: DocumentDto) => DocumentDto;
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

/**
 * The read a message started, by the hub's notice: the first stream to act on a message reads the
 * document, its other streams on this instance take the same result. A read that starts after the
 * message is as good for every one of them, so N open streams of a document cost one query per
 * change, not N.
 */
const sharedReads = new WeakMap<DocumentChangeNotice, Promise<DocumentDto>>();

function sharedRead(notice: DocumentChangeNotice, load: () => Promise<DocumentDto>): Promise<DocumentDto> {
  let read = sharedReads.get(notice);
  if (!read) {
    read = load();
    read.catch(() => {}); // handled by each stream that awaits it
    sharedReads.set(notice, read);
  }
  return read;
}

/** The event's id: the document's updatedAt in epoch ms, which grows with every change. */
export const eventId = (document: DocumentDto): string => String(Date.parse(document.updatedAt));

/** One server-sent event; the JSON has no line breaks, so one data line carries it. */
export const statusEvent = (document: DocumentDto): string => serialized(document).event;

/**
 * A document's JSON and its event, made once per document object: a shared read hands the same object
 * to every stream of the document, which then compare and send it without serializing it again.
 */
const serializations = new WeakMap<DocumentDto, { json: string; event: string }>();

function serialized(document: DocumentDto): { json: string; event: string } {
  let done = serializations.get(document);
  if (!done) {
    const json = JSON.stringify(document);
    done = { json, event: `id: ${eventId(document)}\nevent: status\ndata: ${json}\n\n` };
    serializations.set(document, done);
  }
  return done;
}

/**
 * A document's status as server-sent events: `first` at once, then every change until the document is
 * ready or failed, then the end. Changes are noticed by the hub's messages (the document is read again
 * on each, once for all of its streams here, and each stream checks its caller's access to the result)
 * and by the stream's own reads, which check the caller's credentials in the database: every pollMs
 * while no messages arrive, every recheckMs while they do. A read that shows nothing new, or an older
 * state than the one sent, sends nothing. A read that fails (the document or the caller's session is
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
  let last = serialized(first).json;
  let lastUpdated = Date.parse(first.updatedAt);
  let closed = false;
  let reading: Promise<void> | null = null;
  /** The read to do next: the stream's own, or the one shared for a message; an own read serves both. */
  let next: 'own' | DocumentChangeNotice | null = null;
  /** When the stream last read with its caller's credentials (shared reads do not count). */
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

  /** Sends the document when it is new to this client; never an older state after a newer one. */
  function offer(document: DocumentDto) {
    const { json } = serialized(document);
    const updated = Date.parse(document.updatedAt);
    if (json === last || updated < lastUpdated) return;
    last = json;
    lastUpdated = updated;
    send(document);
  }

  /** Reads the document; a read asked for while one runs is done after it, never two at once. */
  function check(kind: 'own' | DocumentChangeNotice): void {
    if (closed) return;
    next = next === 'own' || kind === 'own' ? 'own' : kind;
    if (reading) return;
    reading = (async () => {
      while (next !== null && !closed) {
        const read = next;
        next = null;
        let document: DocumentDto;
        try {
          if (read === 'own') {
            lastRead = Date.now();
            document = await options.read();
          } else {
            document = options.authorize(await sharedRead(read, options.readShared));
          }
        } catch (err) {
          options.onReadError(err);
          finish();
          return;
        }
        if (closed) return;
        offer(document);
      }
    })().finally(() => {
      reading = null;
      // Asked for between the loop's end and here.
      if (next !== null) check(next);
    });
  }

  /** Ticks at the fast rate; reads when no messages arrive, or when the last read is recheckMs old. */
  function schedule() {
    poll = setTimeout(() => {
      if (!hub.isLive(documentId) || Date.now() - lastRead >= options.recheckMs) check('own');
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
