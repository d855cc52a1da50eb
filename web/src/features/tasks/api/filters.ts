// The list's filters, kept in the URL so a view can be bookmarked and Back undoes a change.
import {
  PRIORITIES,
  SORTS,
  STATUSES,
  type ListSort,
  type Priority,
  type Sort,
  type Status,
} from './types';

export interface TaskFilters {
  status: Status[];
  priority: Priority[];
  tag: string;
  q: string;
  overdue: boolean;
  /** Done tasks are hidden unless asked for, here or by picking statuses. */
  showDone: boolean;
  /** A board column's is `rank`, which the URL never holds: the list offers the others. */
  sort: ListSort;
  /** The project the list is scoped to, by id; empty for every project. */
  project: string;
}

export const DEFAULT_SORT: Sort = '-createdAt';

/** Every filter at its default, for "Clear filters" (the sort and the project stay). */
export const NO_FILTERS = {
  status: [],
  priority: [],
  tag: '',
  q: '',
  overdue: false,
  showDone: false,
} satisfies Omit<TaskFilters, 'sort' | 'project'>;

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
    showDone: params.get('done') === 'show',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : DEFAULT_SORT,
    project: params.get('project')?.trim() ?? '',
  };
}

/** The statuses a list shows: the picked ones, else all but done unless done is shown. */
export function visibleStatuses(filters: TaskFilters): Status[] {
  if (filters.status.length > 0) return filters.status;
  return filters.showDone ? [] : STATUSES.filter((status) => status !== 'done');
}

/** The page URL's search parameters; defaults are left out. */
export function filtersToSearchParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const status of filters.status) params.append('status', status);
  for (const priority of filters.priority) params.append('priority', priority);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.q) params.set('q', filters.q);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.showDone) params.set('done', 'show');
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.project) params.set('project', filters.project);
  return params;
}

/** The API's search parameters for the list. */
export function listSearchParams(filters: TaskFilters): URLSearchParams {
  const params = filtersToSearchParams({ ...filters, status: visibleStatuses(filters) });
  params.delete('done');
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
