import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DocumentDto, followDocument } from './document-follow';

afterEach(() => vi.useRealTimers());

const doc = (
  status: DocumentDto['status'],
  progress: number,
  extra: Partial<DocumentDto> = {},
): DocumentDto => ({
  id: 'd1',
  municipalityId: 'm1',
  strategyVersionId: 'v1',
  status,
  progress,
  pageCount: status === 'ready' ? 12 : null,
  sizeBytes: status === 'ready' ? 1_400_000 : null,
  sha256: status === 'ready' ? 'abc' : null,
  error: null,
  filename: 'Digitalstrategie.pdf',
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: `2026-11-21T10:00:0${progress % 10}.000Z`,
  ...extra,
});

const event = (d: DocumentDto, id = String(d.progress)) =>
  `id: ${id}\nevent: status\ndata: ${JSON.stringify(d)}\n\n`;

/** A text/event-stream response sending the pieces, then (unless `hang`) ending. */
function streamResponse(pieces: string[], { hang = false } = {}) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      if (!hang) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

/** A fake fetch answering the events path and the status path from queues, recording the requests. */
function fakeFetch(events: (() => Response | Promise<Response>)[], polls: (() => Response)[] = []) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    const path = new URL(request.url).pathname;
    const next = path.endsWith('/events') ? events.shift() : polls.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next();
  });
  return { fetch, requests };
}

const follow = (fetch: (r: Request) => Promise<Response>, extra = {}) => {
  const updates: DocumentDto[] = [];
  const modes: string[] = [];
  const controller = new AbortController();
  const result = followDocument({
    documentId: 'd1',
    fetch,
    baseUrl: 'http://localhost',
    onUpdate: (d) => updates.push(d),
    onModeChange: (m) => modes.push(m),
    signal: controller.signal,
    pollMs: 5,
    reconnectMs: 1,
    ...extra,
  });
  return { result, updates, modes, controller };
};

describe('followDocument', () => {
  it('reports each status from the stream and resolves with the ready document', async () => {
    const api = fakeFetch([
      () =>
        streamResponse([
          event(doc('queued', 0)),
          ': heartbeat\n\n',
          event(doc('rendering', 40)).slice(0, 30),
          event(doc('rendering', 40)).slice(30),
          event(doc('ready', 100)),
        ]),
    ]);
    const { result, updates, modes } = follow(api.fetch);

    await expect(result).resolves.toMatchObject({ status: 'ready', pageCount: 12 });
    expect(updates.map((d) => [d.status, d.progress])).toEqual([
      ['queued', 0],
      ['rendering', 40],
      ['ready', 100],
    ]);
    expect(modes).toEqual([]);
    expect(api.requests).toHaveLength(1);
    expect(new URL(api.requests[0]!.url).pathname).toBe('/v1/documents/d1/events');
    expect(api.requests[0]!.headers.get('accept')).toBe('text/event-stream');
  });

  it('opens a cut stream again with Last-Event-ID', async () => {
    const api = fakeFetch([
      () => streamResponse([event(doc('rendering', 20), '111')]),
      () => streamResponse([event(doc('ready', 100), '222')]),
    ]);
    const { result, updates } = follow(api.fetch);

    await expect(result).resolves.toMatchObject({ status: 'ready' });
    expect(updates.map((d) => d.status)).toEqual(['rendering', 'ready']);
    expect(api.requests[1]!.headers.get('last-event-id')).toBe('111');
  });

  it('falls back to polling every interval when the stream keeps failing', async () => {
    const api = fakeFetch(
      [() => streamResponse([event(doc('rendering', 20))]), () => Promise.reject(new TypeError('cut'))],
      [
        () => json(200, doc('rendering', 60)),
        () => json(503, { status: 503, code: 'unavailable' }),
        () => json(200, doc('ready', 100)),
      ],
    );
    const { result, updates, modes } = follow(api.fetch);

    await expect(result).resolves.toMatchObject({ status: 'ready' });
    expect(modes).toEqual(['polling']);
    expect(updates.map((d) => d.progress)).toEqual([20, 60, 100]);
    expect(api.requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/v1/documents/d1/events',
      '/v1/documents/d1/events',
      '/v1/documents/d1',
      '/v1/documents/d1',
      '/v1/documents/d1',
    ]);
  });

  it('polls every 2 seconds by default', async () => {
    vi.useFakeTimers();
    const api = fakeFetch(
      [() => Promise.reject(new TypeError('no stream'))],
      [() => json(200, doc('rendering', 50)), () => json(200, doc('ready', 100))],
    );
    const { result, updates } = follow(api.fetch, { pollMs: undefined, maxReconnects: 0 });
    await vi.advanceTimersByTimeAsync(10);
    expect(updates.map((d) => d.progress)).toEqual([50]);
    await vi.advanceTimersByTimeAsync(1900);
    expect(updates).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await expect(result).resolves.toMatchObject({ status: 'ready' });
  });

  it('reports a failed document and stops', async () => {
    const api = fakeFetch([
      () => streamResponse([event(doc('failed', 30, { error: 'boom' }))], { hang: true }),
    ]);
    const { result } = follow(api.fetch);
    await expect(result).resolves.toMatchObject({ status: 'failed' });
  });

  it('rejects with the API’s problem when the document is refused', async () => {
    const problem = { status: 404, code: 'not_found', title: 'Not found', type: 'about:blank' };
    const api = fakeFetch([() => json(404, problem)], [() => json(404, problem)]);
    const { result } = follow(api.fetch);
    await expect(result).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('stops quietly when aborted while the stream hangs', async () => {
    const api = fakeFetch([() => streamResponse([event(doc('rendering', 10))], { hang: true })]);
    const { result, controller, updates } = follow(api.fetch);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    controller.abort();
    await expect(result).resolves.toBeNull();
  });
});
