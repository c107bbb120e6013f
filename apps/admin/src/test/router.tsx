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

/**
 * Renders a component as the page at `/`, inside a router (for navigation blockers and links), a
 * fresh query client without retries and the toasts.
 */
export async function renderInRouter(ui: ReactElement) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const rootRoute = createRootRoute();
  const index = createRoute({ getParentRoute: () => rootRoute, path: '/', component: () => ui });
  const router = createRouter({
    routeTree: rootRoute.addChildren([index]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  let result: ReturnType<typeof render> | undefined;
  await act(async () => {
    result = render(
      <QueryClientProvider client={client}>
        <ToastProvider>
          {/* biome-ignore lint/suspicious/noExplicitAny: a throwaway router of one route */}
          <RouterProvider router={router as any} />
        </ToastProvider>
      </QueryClientProvider>,
    );
    await router.load();
  });
  return { ...(result as ReturnType<typeof render>), client, router };
}
