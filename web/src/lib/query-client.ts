import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { getLiveState } from './live-state';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // While the live stream is open it keeps the task queries (stats included, under
        // ['tasks']) current, so coming back to the tab only rereads them while it is down.
        refetchOnWindowFocus: (query) =>
          !(getLiveState() === 'open' && query.queryKey[0] === 'tasks'),
        // Client errors will not heal by retrying; network blips and 5xx may.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
