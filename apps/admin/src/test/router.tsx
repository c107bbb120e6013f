import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { ToastProvider } from '../ui/Toast';

/**
 * Renders a page that uses links: one root route at `path` renders `ui` (links to other routes
 * still get their href), with a fresh query client and the toasts.
 */
export async function renderInRouter(ui: ReactElement, path = '/') {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const rootRoute = createRootRoute({
    notFoundComponent: () => null,
    component: () => (
      <>
        {ui}
        <Outlet />
      </>
    ),
  });
  const router = createRouter({
    routeTree: rootRoute,
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  await router.load();
  const result = render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...result, client, router };
}

type Answer = { status: number; body: unknown };
type Handler = Answer | Answer[] | ((request: Request, url: URL) => Answer);

/**
 * Stands in for the API by `METHOD /path` (query ignored): an answer, a list answered in turn (the
 * last one repeats), or a function of the request. Every request is recorded; unknown ones fail.
 */
export function stubApi(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  const served = new Map<string, number>();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request.clone());
      const url = new URL(request.url);
      const key = `${request.method} ${url.pathname}`;
      const handler = routes[key];
      if (!handler) throw new TypeError(`no stub for ${key}`);
      let answer: Answer;
      if (typeof handler === 'function') answer = handler(request, url);
      else if (Array.isArray(handler)) {
        const n = served.get(key) ?? 0;
        served.set(key, n + 1);
        answer = handler[Math.min(n, handler.length - 1)]!;
      } else answer = handler;
      const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': type },
      });
    }),
  );
  return requests;
}
