import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';

export interface TaskStats {
  total: number;
  byStatus: { todo: number; in_progress: number; done: number };
  byPriority: { low: number; medium: number; high: number };
  overdue: number;
  dueToday: number;
  completedLast7Days: number;
}

// Under ['tasks'] so every task change, which invalidates that prefix, refreshes the numbers.
export const statsQueryOptions = (timeZone: string) =>
  queryOptions({
    queryKey: ['tasks', 'stats', timeZone] as const,
    queryFn: ({ signal }) =>
      apiRequest<TaskStats>(`/tasks/stats?tz=${encodeURIComponent(timeZone)}`, { signal }),
  });
