import type { Schema } from '@werkstatt/api-client';
import { isProblem } from '../../api/problems';
import { createEventStreamParser } from './sse';

export type DocumentDto = Schema<'Document'>;
export type FollowMode = 'stream' | 'polling';

export const isFinished = (d: Pick<DocumentDto, 'status'>): boolean =>
  d.status === 'ready' || d.status === 'failed';

export interface FollowOptions {
  documentId: string;
  /** Sends a request to the API (with its credentials); the origin is taken from `baseUrl`. */
  fetch: (request: Request) => Promise<Response>;
  baseUrl: string;
  /** Every status the API reports, in order. */
  onUpdate: (document: DocumentDto) => void;
  /** When the follower gives up the stream and polls instead. */
  onModeChange?: (mode: FollowMode) => void;
  signal: AbortSignal;
  /** Between two polls (2 s). */
  pollMs?: number;
  /** Before connecting again after the stream was cut (1 s, or what the server asked for). */
  reconnectMs?: number;
  /** How often a cut stream is opened again before polling takes over (1). */
  maxReconnects?: number;
}

class StreamUnavailable extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** The API's problem document of a refused request, or a plain error. */
async function failure(response: Response): Promise<unknown> {
  try {
    const body = await response.json();
    if (isProblem(body)) return body;
  } catch {
    // not JSON: fall through
  }
  return new Error(`HTTP ${response.status}`);
}

/** A refusal that polling will not cure (gone, not allowed); a lost connection or a 5xx may pass. */
const isFinal = (error: unknown) =>
  isProblem(error) && error.status >= 400 && error.status < 500 && error.status !== 429;

/**
 * Follows a document until it is ready or failed: reads the API's event stream
 * (`GET /v1/documents/{id}/events`, with fetch, since it needs the Authorization header), opens it
 * again once when it is cut (with Last-Event-ID), and then falls back to polling
 * `GET /v1/documents/{id}` every 2 seconds. Resolves with the finished document, or null when
 * aborted; rejects when the API refuses the document (e.g. 404).
 */
export async function followDocument(options: FollowOptions): Promise<DocumentDto | null> {
  const { documentId, signal, onUpdate } = options;
  const pollMs = options.pollMs ?? 2000;
  const maxReconnects = options.maxReconnects ?? 1;
  const base = options.baseUrl.replace(/\/$/, '');
  const id = encodeURIComponent(documentId);
  let lastEventId = '';
  let serverRetryMs: number | undefined;

  /** One connection: resolves with the finished document, or undefined when the stream ended early. */
  async function readStream(): Promise<DocumentDto | undefined> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const response = await options.fetch(
      new Request(`${base}/v1/documents/${id}/events`, { headers, signal, cache: 'no-store' }),
    );
    if (!response.ok) throw isFinal(await failure(response)) ? new StreamUnavailable() : new Error();
    if (!response.body) throw new StreamUnavailable();
    let finished: DocumentDto | undefined;
    const parser = createEventStreamParser((event) => {
      if (event.event !== 'status' || finished) return;
      let document: DocumentDto;
      try {
        document = JSON.parse(event.data) as DocumentDto;
      } catch {
        return;
      }
      onUpdate(document);
      if (isFinished(document)) finished = document;
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    // fetch ends the body on abort; a body from elsewhere may not, so cancel it too.
    const stop = () => reader.cancel().catch(() => {});
    signal.addEventListener('abort', stop, { once: true });
    try {
      while (!finished) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } finally {
      lastEventId = parser.lastEventId || lastEventId;
      serverRetryMs = parser.retryMs ?? serverRetryMs;
      signal.removeEventListener('abort', stop);
      stop();
    }
    if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
    return finished;
  }

  for (let attempt = 0; attempt <= maxReconnects && !signal.aborted; attempt++) {
    try {
      const finished = await readStream();
      if (finished) return finished;
    } catch (error) {
      if (signal.aborted) return null;
      // A refused stream (e.g. 404) is not opened again: polling reports the refusal.
      if (error instanceof StreamUnavailable) break;
    }
    if (attempt < maxReconnects) await sleep(serverRetryMs ?? options.reconnectMs ?? 1000, signal);
  }
  if (signal.aborted) return null;

  options.onModeChange?.('polling');
  while (!signal.aborted) {
    try {
      const response = await options.fetch(
        new Request(`${base}/v1/documents/${id}`, { signal, cache: 'no-store' }),
      );
      if (!response.ok) throw await failure(response);
      const document = (await response.json()) as DocumentDto;
      onUpdate(document);
      if (isFinished(document)) return document;
    } catch (error) {
      if (signal.aborted) return null;
      if (isFinal(error)) throw error;
    }
    await sleep(pollMs, signal);
  }
  return null;
}
