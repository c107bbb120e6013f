import { vi } from 'vitest';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Answer = Reply | Reply[] | ((request: Request) => Reply);

/**
 * Stands in for the API by route: `'GET /v1/users'` answers every such request (a list answers one
 * per call, the last one repeating); unknown routes fail like a lost connection. Returns the requests.
 */
export function stubApi(routes: Record<string, Answer>) {
  const requests: Request[] = [];
  const calls = new Map<string, number>();
  const fetchMock = vi.fn(async (request: Request) => {
    requests.push(request);
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const answer = routes[key];
    if (!answer) throw new TypeError(`Failed to fetch (${key})`);
    let reply: Reply;
    if (typeof answer === 'function') reply = answer(request);
    else if (Array.isArray(answer)) {
      const n = calls.get(key) ?? 0;
      calls.set(key, n + 1);
      reply = answer[Math.min(n, answer.length - 1)] as Reply;
    } else reply = answer;
    const type = reply.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(reply.status === 204 ? null : JSON.stringify(reply.body ?? null), {
      status: reply.status,
      headers: { 'content-type': type, ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  const find = (method: string, path: string) =>
    requests.filter((r) => r.method === method && new URL(r.url).pathname === path);
  return { requests, find };
}

export const page = <T>(data: T[], nextCursor: string | null = null) => ({
  status: 200,
  body: { data, nextCursor },
});
