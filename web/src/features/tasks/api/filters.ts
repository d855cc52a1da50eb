// The list's filters, kept in the URL so a view can be bookmarked and Back undoes a change.
import { PRIORITIES, SORTS, STATUSES, type Priority, type Sort, type Status } from './types';

export interface TaskFilters {
  status: Status[];
  priority: Priority[];
  tag: string;
  q: string;
  overdue: boolean;
  sort: Sort;
}

export const DEFAULT_SORT: Sort = '-createdAt';

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  allowed.filter((value) => values.includes(value));

export function filtersFromSearchParams(params: URLSearchParams): TaskFilters {
  const sort = params.get('sort');
  return {
    status: oneOf(STATUSES, params.getAll('status')),
    priority: oneOf(PRIORITIES, params.getAll('priority')),
    tag: params.get('tag')?.trim().toLowerCase() ?? '',
    q: params.get('q')?.trim() ?? '',
    overdue: params.get('overdue') === 'true',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : DEFAULT_SORT,
  };
}

/** Search parameters for both the page URL and the API call; defaults are left out. */
export function filtersToSearchParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const status of filters.status) params.append('status', status);
  for (const priority of filters.priority) params.append('priority', priority);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.q) params.set('q', filters.q);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  return params;
}

export function hasActiveFilters(filters: TaskFilters): boolean {
  return (
    filters.status.length > 0 ||
    filters.priority.length > 0 ||
    filters.tag !== '' ||
    filters.q !== '' ||
    filters.overdue
  );
}
