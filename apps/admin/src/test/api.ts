import { vi } from 'vitest';
import { session } from '../api/session';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Answer = Reply | Reply[] | ((request: Request, url: URL) => Reply);

/**
 * Stands in for the API by route: `'GET /v1/users'` answers every such request (a list answers one
 * per call, the last one repeating); unknown routes fail like a lost connection. Returns the requests.
 */
export function stubApi(routes: Record<string, Answer>) {
  const requests: Request[] = [];
  const calls = new Map<string, number>();
  const fetchMock = vi.fn(async (request: Request) => {
    // A clone, so a test can still read the body the code under test sent.
    requests.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const answer = routes[key];
    if (!answer) throw new TypeError(`Failed to fetch (${key})`);
    let reply: Reply;
    if (typeof answer === 'function') reply = answer(request, new URL(request.url));
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

/**
 * `stubApi` for answers given as replies only, with the requests looked up by `'METHOD /path'`.
 */
export function fakeApi(routes: Record<string, Reply | Reply[]>) {
  const { requests } = stubApi(routes);
  return {
    requests,
    of: (key: string) => requests.filter((r) => `${r.method} ${new URL(r.url).pathname}` === key),
  };
}

/** Signs the tab's session in as a user of the given role (the API answered the login). */
export async function signInAs(role: 'program_admin' | 'moderator') {
  const user = {
    id: `u-${role}`,
    email: `${role}@werkstatt.example`,
    name: role === 'moderator' ? 'Moritz Moderation' : 'Petra Programmbüro',
    role,
    municipalityId: null,
    disabled: false,
    lastLoginAt: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    deletedAt: null,
  };
  fakeApi({
    'POST /v1/auth/login': {
      status: 200,
      body: { tokenType: 'Bearer', accessToken: `at-${role}`, expiresIn: 900, user },
    },
  });
  await session.login(user.email, 'richtig-richtig-richtig');
  vi.unstubAllGlobals();
}
