import type { QueryClient } from '@tanstack/react-query';

/**
 * After a decision: the inbox, the overview's count and newest entries, and the workshops (accepting
 * may have scheduled one) are read again. Keys are `[method, path, init]`, so a prefix covers all.
 */
export const invalidateAfterDecision = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshop-applications'] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/reports/overview'] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops'] }),
  ]);
