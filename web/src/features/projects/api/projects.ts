// The user's projects: one query holds them all (at most 100), in their order.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Project } from '@/lib/api/types';

export type { Project, ProjectColor } from '@/lib/api/types';

export const projectKeys = { all: ['projects'] as const };

export const projectsQueryOptions = () =>
  queryOptions({
    queryKey: projectKeys.all,
    queryFn: ({ signal }) =>
      apiRequest<{ data: Project[] }>('/projects', { signal }).then((list) => list.data),
  });

/** Every project, the Inbox included, by position; an empty list until they are loaded. */
export function useProjects(): Project[] {
  return useQuery(projectsQueryOptions()).data ?? NONE;
}

const NONE: Project[] = [];
