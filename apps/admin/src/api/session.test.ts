import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession } from './session';

afterEach(() => vi.useRealTimers());

const user = {
  id: 'u1',
  email: 'anna@vg-example.de',
  name: 'Anna Schmidt',
  role: 'program_admin',
  municipalityId: null,
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
};
const tokens = (accessToken: string) => ({ tokenType: 'Bearer', accessToken, expiresIn: 900, user });
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A Web Lock manager of one browser, shared by the tabs (sessions) of a test: runs callbacks in turn. */
function fakeLocks() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
      const run = tail.then(callback);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * The API's refresh: rotates the one cookie of the browser; a refresh that overlaps another (and so
 * would present a rotated token) is counted, as the API would end the sign-in.
 */
function fakeApi() {
  let generation = 0;
  let running = 0;
  const seen = { refreshes: 0, overlapping: 0, requests: [] as Request[] };
  const fetch = vi.fn(async (request: Request) => {
    seen.requests.push(request);
    const path = new URL(request.url).pathname;
    if (path === '/v1/auth/refresh') {
      seen.refreshes++;
      if (running > 0) seen.overlapping++;
      running++;
      await new Promise((r) => setTimeout(r, 5));
      running--;
      generation++;
      return json(200, tokens(`at-${generation}`));
    }
    const auth = request.headers.get('authorization');
    return auth === `Bearer at-${generation}` && generation > 0
      ? json(200, { data: [], nextCursor: null })
      : json(401, { status: 401, code: 'unauthorized' });
  });
  return { fetch, seen };
}

const get = (token?: string) =>
  new Request(
    'http://localhost/v1/workshops',
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );

describe('session', () => {
  it('runs one refresh at a time: one per tab for concurrent callers, and in turn across tabs', async () => {
    const api = fakeApi();
    const locks = fakeLocks();
    const tab1 = createSession({ fetch: api.fetch, locks, origin: 'http://localhost' });
    const tab2 = createSession({ fetch: api.fetch, locks, origin: 'http://localhost' });

    const results = await Promise.all([tab1.refresh(), tab1.refresh(), tab1.start(), tab2.refresh()]);

    expect(results).toEqual([true, true, true, true]);
    expect(api.seen.refreshes).toBe(2);
    expect(api.seen.overlapping).toBe(0);
    expect(tab1.getState().user).toEqual(user);
    const refresh = api.seen.requests[0]!;
    expect(refresh.method).toBe('POST');
    expect(refresh.headers.get('x-werkstatt-client')).toBe('browser');
    expect(refresh.credentials).toBe('include');
  });

  it('on 401 refreshes once and sends the request again with the new token', async () => {
    const api = fakeApi();
    const session = createSession({ fetch: api.fetch, origin: 'http://localhost' });

    const responses = await Promise.all([session.fetch(get('expired')), session.fetch(get('expired'))]);

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(api.seen.refreshes).toBe(1);
    const retried = api.seen.requests.filter((r) => r.headers.get('authorization') === 'Bearer at-1');
    expect(retried).toHaveLength(2);
  });

  it('ends the session when the refresh is refused, and does not retry', async () => {
    const fetch = vi.fn(async (request: Request) =>
      new URL(request.url).pathname === '/v1/auth/login'
        ? json(200, tokens('at-1'))
        : json(401, { status: 401, code: 'unauthorized' }),
    );
    const session = createSession({ fetch, origin: 'http://localhost' });
    await session.login('anna@vg-example.de', 'richtig-richtig');
    const signedOut = vi.fn();
    session.subscribe(signedOut);

    const response = await session.fetch(get('at-1'));

    expect(response.status).toBe(401);
    expect(fetch.mock.calls.map(([r]) => new URL(r.url).pathname)).toEqual([
      '/v1/auth/login',
      '/v1/workshops',
      '/v1/auth/refresh',
    ]);
    expect(session.getState().user).toBeNull();
    expect(session.getAccessToken()).toBeNull();
    expect(signedOut).toHaveBeenCalled();
  });

  it('refreshes a minute before the access token expires', async () => {
    vi.useFakeTimers();
    const api = fakeApi();
    const session = createSession({ fetch: api.fetch, origin: 'http://localhost' });
    const first = session.start();
    await vi.advanceTimersByTimeAsync(10);
    await first;
    expect(session.getAccessToken()).toBe('at-1');

    await vi.advanceTimersByTimeAsync(900_000 - 60_000);
    expect(api.seen.refreshes).toBe(2);
    await vi.advanceTimersByTimeAsync(10);
    expect(session.getAccessToken()).toBe('at-2');
  });
});
