import { vi } from 'vitest';
import { session } from '../api/session';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Stands in for the API by route: `'GET /v1/programs/p1'` → the replies in turn (the last one
 * repeats). Unknown routes fail the test loudly. The requests are recorded.
 */
export function fakeApi(routes: Record<string, Reply | Reply[]>) {
  const requests: Request[] = [];
  const queues = new Map(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const fetchMock = vi.fn(async (request: Request) => {
    requests.push(request.clone());
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`unexpected request ${key}`);
    const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
    const type = reply.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(reply.status === 204 ? null : JSON.stringify(reply.body ?? null), {
      status: reply.status,
      headers: { 'content-type': type, ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
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
