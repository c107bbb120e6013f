import type { Schema } from '@werkstatt/api-client';

type TokenResponse = Schema<'TokenResponse'>;
export type SessionUser = Schema<'User'>;

/** Cookie mode: the refresh token lives in an HttpOnly cookie on /v1/auth, never in this script. */
const browserClient = { 'x-werkstatt-client': 'browser' } as const;
/** Refresh this long before the access token expires, so a request never carries a stale one. */
const REFRESH_AHEAD_MS = 60_000;
const LOCK_NAME = 'werkstatt-refresh';

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface SessionDeps {
  fetch: (request: Request) => Promise<Response>;
  /** `navigator.locks`: serialises refreshes across tabs, which share the one refresh cookie. */
  locks?: LockManagerLike | undefined;
  origin: string;
}

export interface SessionState {
  user: SessionUser | null;
}

/**
 * The signed-in session of this tab. The access token is kept in memory only. The API rotates the
 * refresh cookie on every refresh and ends the whole sign-in when a rotated one comes back, so only
 * one refresh runs at a time: one promise per tab, and a Web Lock across tabs (a tab that waited sends
 * the cookie the other tab just received).
 */
export function createSession({ fetch, locks, origin }: SessionDeps) {
  let accessToken: string | null = null;
  let state: SessionState = { user: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | null = null;
  let started: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();

  const url = (path: string) => new URL(path, origin).toString();
  const publish = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  function clear() {
    clearTimeout(timer);
    accessToken = null;
    if (state.user) publish({ user: null });
  }

  function accept(tokens: TokenResponse) {
    accessToken = tokens.accessToken;
    clearTimeout(timer);
    const delay = Math.max(tokens.expiresIn * 1000 - REFRESH_AHEAD_MS, 5_000);
    timer = setTimeout(() => void refresh(), delay);
    publish({ user: tokens.user });
  }

  async function postAuth(path: string, body: unknown, token?: string): Promise<Response> {
    return fetch(
      new Request(url(path), {
        method: 'POST',
        credentials: 'include',
        headers: {
          ...browserClient,
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
  }

  async function refreshNow(): Promise<boolean> {
    try {
      const response = await postAuth('/v1/auth/refresh', {});
      if (!response.ok) {
        clear();
        return false;
      }
      accept((await response.json()) as TokenResponse);
      return true;
    } catch {
      // Offline: keep what we have; the next request or timer tries again.
      return accessToken !== null;
    }
  }

  /** Gets a new access token from the refresh cookie; false when there is no sign-in (any more). */
  function refresh(): Promise<boolean> {
    inFlight ??= (locks ? locks.request(LOCK_NAME, refreshNow) : refreshNow()).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    getState: (): SessionState => state,
    getAccessToken: (): string | null => accessToken,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    /** The silent sign-in on start, from the refresh cookie; done once per page load. */
    start(): Promise<boolean> {
      started ??= refresh();
      return started;
    },

    /** Signs in; throws the API's problem document when it refuses. */
    async login(email: string, password: string): Promise<SessionUser> {
      const response = await postAuth('/v1/auth/login', { email, password });
      const body = await response.json();
      if (!response.ok) throw body;
      accept(body as TokenResponse);
      started = Promise.resolve(true);
      return (body as TokenResponse).user;
    },

    /**
     * Changes the user's own password. The API ends every session of the user, this one too, and
     * answers with a new one (its refresh cookie set), which this tab takes over at once.
     */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      if (!accessToken) await refresh();
      const response = await postAuth(
        '/v1/me/password',
        { currentPassword, newPassword },
        accessToken ?? undefined,
      );
      const body = await response.json();
      if (!response.ok) throw body;
      accept(body as TokenResponse);
    },

    /** Ends this sign-in (`everywhere`: every sign-in of the user, on every device). */
    async logout({ everywhere = false } = {}): Promise<void> {
      try {
        if (everywhere && accessToken) await postAuth('/v1/auth/logout-all', {}, accessToken);
        else await postAuth('/v1/auth/logout', {});
      } finally {
        clear();
      }
    },

    /**
     * fetch for the API client: a request refused with 401 gets one refresh and is sent once more
     * with the new token. When no refresh is possible the session ends, and the app goes to sign-in.
     */
    async fetch(request: Request): Promise<Response> {
      const retry = request.clone();
      const sentWith = request.headers.get('authorization');
      const response = await fetch(request);
      if (response.status !== 401 || new URL(request.url).pathname.startsWith('/v1/auth/')) return response;
      // Another request may have refreshed meanwhile; then its token is tried without a new refresh.
      const current = accessToken && `Bearer ${accessToken}`;
      if (!current || current === sentWith) {
        if (!(await refresh())) return response;
      }
      retry.headers.set('authorization', `Bearer ${accessToken}`);
      const second = await fetch(retry);
      if (second.status === 401) clear();
      return second;
    },
  };
}

export type Session = ReturnType<typeof createSession>;

const navigatorLocks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;

export const session = createSession({
  fetch: (request) => globalThis.fetch(request),
  locks: navigatorLocks,
  origin: globalThis.location?.origin ?? 'http://localhost',
});
