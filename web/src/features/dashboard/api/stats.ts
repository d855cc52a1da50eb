import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { TaskStats } from '@/lib/api/types';

// Under ['tasks'] so every task change, which invalidates that prefix, refreshes the numbers.
// `project` scopes the counts to one project; empty counts every task.
export const statsQueryOptions = (timeZone: string, project = '') =>
  queryOptions({
    queryKey: ['tasks', 'stats', timeZone, project] as const,
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ tz: timeZone });
      if (project) params.set('project', project);
      return apiRequest<TaskStats>(`/tasks/stats?${params.toString()}`, { signal });
    },
  });
