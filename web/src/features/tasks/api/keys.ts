import type { TaskFilters } from './filters';

// From general to specific, so one invalidation of `all` reaches lists, details and the stats that
// the dashboard keeps under ['tasks', 'stats', …].
export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (filters: TaskFilters) => [...taskKeys.lists(), filters] as const,
  details: () => [...taskKeys.all, 'detail'] as const,
  detail: (id: string) => [...taskKeys.details(), id] as const,
};
