import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';

/** Renders with a fresh query client that neither retries nor caches between tests. */
export function renderWithQuery(ui: ReactElement) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}

/** Stands in for the network: each call answers with the next response; the requests are recorded. */
export function stubFetch(...responses: { status: number; body: unknown }[]) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (request: Request) => {
    requests.push(request);
    const next = responses.shift();
    if (!next) throw new TypeError('Failed to fetch');
    const type = next.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: { 'content-type': type },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return requests;
}

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: 'about:blank',
  title: 'Problem',
  status,
  code,
  requestId: 'req-1',
  ...extra,
});
