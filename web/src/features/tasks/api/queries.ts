import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { listSearchParams, type TaskFilters } from './filters';
import { taskKeys } from './keys';
import type { Task, TaskPage } from './types';

export const PAGE_SIZE = 100;

export const taskListQueryOptions = (filters: TaskFilters) =>
  infiniteQueryOptions({
    queryKey: taskKeys.list(filters),
    queryFn: ({ pageParam, signal }) => {
      const params = listSearchParams(filters);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return apiRequest<TaskPage>(`/tasks?${params.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const taskQueryOptions = (id: string) =>
  queryOptions({
    queryKey: taskKeys.detail(id),
    queryFn: ({ signal }) => apiRequest<Task>(`/tasks/${id}`, { signal }),
  });
