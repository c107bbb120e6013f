import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  type AnyRoute,
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { ToastProvider } from '../../ui/Toast';

type RouteOf = (parent: AnyRoute) => AnyRoute;

/**
 * Renders feature routes in a memory router (links, search params and the unsaved-changes guard need
 * one), with plain stand-ins for the pages they link to, a fresh query client and the toasts.
 */
export function renderRoutes(routes: RouteOf[], initial: string, stubs: readonly string[] = []) {
  const rootRoute = createRootRoute({ component: () => <Outlet /> });
  const children = [
    ...routes.map((make) => make(rootRoute)),
    ...stubs.map((path) => createRoute({ getParentRoute: () => rootRoute, path, component: () => null })),
  ];
  const router = createRouter({
    routeTree: rootRoute.addChildren(children),
    history: createMemoryHistory({ initialEntries: [initial] }),
  });
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  return router;
}

/** Stands in for the API by path: each handler answers the requests to its path; all are recorded. */
export function stubApi(handlers: Record<string, (url: URL) => unknown>) {
  const requests: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      requests.push(url);
      const handler = handlers[url.pathname];
      if (!handler) return new Response('{}', { status: 404 });
      return new Response(JSON.stringify(handler(url)), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return requests;
}
