import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { TaskStats } from '@/lib/api/types';

// Under ['tasks'] so every task change, which invalidates that prefix, refreshes the numbers.
export const statsQueryOptions = (timeZone: string) =>
  queryOptions({
    queryKey: ['tasks', 'stats', timeZone] as const,
    queryFn: ({ signal }) =>
      apiRequest<TaskStats>(`/tasks/stats?tz=${encodeURIComponent(timeZone)}`, { signal }),
  });
