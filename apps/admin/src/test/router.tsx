import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from '@tanstack/react-router';
import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ToastProvider } from '../ui/Toast';
import { stubApi as stubRoutes } from './api';

/**
 * Renders a page or form inside a router (for links and the unsaved-changes guard), a fresh query
 * client without retries, and the notifications; every path shows the same element.
 */
export async function renderPage(ui: ReactElement, { path = '/' } = {}) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const rootRoute = createRootRoute();
  const page = createRoute({ getParentRoute: () => rootRoute, path: '$', component: () => ui });
  const router = createRouter({
    routeTree: rootRoute.addChildren([page]),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  let result: ReturnType<typeof render> | undefined;
  await act(async () => {
    result = render(
      <QueryClientProvider client={client}>
        <ToastProvider>
          {/* biome-ignore lint/suspicious/noExplicitAny: a test router, not the app's registered one */}
          <RouterProvider router={router as any} />
        </ToastProvider>
      </QueryClientProvider>,
    );
    await router.load();
  });
  return { ...(result as ReturnType<typeof render>), router, client };
}

/** The page at `path` (default `/`). */
export const renderInRouter = (ui: ReactElement, path = '/') => renderPage(ui, { path });

/** `stubApi` of test/api.ts, answering with the recorded requests only. */
export const stubApi = (routes: Parameters<typeof stubRoutes>[0]): Request[] => stubRoutes(routes).requests;
