// Writes into the cached task lists, shared by the optimistic create, update and delete.
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import { isOverdue } from '@/lib/dates';
import { visibleStatuses, type TaskFilters } from './filters';
import { taskKeys } from './keys';
import type { Task, TaskPage } from './types';

export type ListData = InfiniteData<TaskPage, string | null>;
export type ListSnapshot = Array<[QueryKey, ListData | undefined]>;

/** Whether a task belongs in a list with these filters, judged the way the API judges. */
export function matchesFilters(task: Task, filters: TaskFilters, now = new Date()): boolean {
  if (filters.project && task.projectId !== filters.project) return false;
  const statuses = visibleStatuses(filters);
  if (statuses.length > 0 && !statuses.includes(task.status)) return false;
  if (filters.priority.length > 0 && !filters.priority.includes(task.priority)) return false;
  if (filters.tag && !task.tags.includes(filters.tag)) return false;
  if (filters.overdue && !isOverdue(task, now)) return false;
  if (filters.q) {
    const needle = filters.q.toLowerCase();
    const haystack = `${task.title}\n${task.description}`.toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

export async function snapshotLists(queryClient: QueryClient): Promise<ListSnapshot> {
  await queryClient.cancelQueries({ queryKey: taskKeys.lists() });
  return queryClient.getQueriesData<ListData>({ queryKey: taskKeys.lists() });
}

export function restoreLists(queryClient: QueryClient, snapshot: ListSnapshot): void {
  for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
}

export function filtersOf(key: QueryKey): TaskFilters {
  return key[2] as TaskFilters;
}

export function insertTask(queryClient: QueryClient, task: Task): void {
  for (const [key] of queryClient.getQueriesData<ListData>({ queryKey: taskKeys.lists() })) {
    if (!matchesFilters(task, filtersOf(key))) continue;
    queryClient.setQueryData<ListData>(key, (data) => {
      if (!data || data.pages.length === 0) return data;
      const [first, ...rest] = data.pages;
      return { ...data, pages: [{ ...first!, data: [task, ...first!.data] }, ...rest] };
    });
  }
}

/** Replaces the task with the same id (or `replaceId`) in every list, dropping it where it no longer matches. */
export function replaceTask(queryClient: QueryClient, task: Task, replaceId = task.id): void {
  for (const [key] of queryClient.getQueriesData<ListData>({ queryKey: taskKeys.lists() })) {
    const keep = matchesFilters(task, filtersOf(key));
    queryClient.setQueryData<ListData>(key, (data) => {
      if (!data) return data;
      let changed = false;
      const pages = data.pages.map((page) => {
        const index = page.data.findIndex((item) => item.id === replaceId);
        if (index === -1) return page;
        changed = true;
        const next = [...page.data];
        if (keep) next[index] = task;
        else next.splice(index, 1);
        return { ...page, data: next };
      });
      return changed ? { ...data, pages } : data;
    });
  }
  if (!replaceId.startsWith('temp-')) queryClient.setQueryData(taskKeys.detail(task.id), task);
}

/** The newest copy of the task anywhere in the cache (its detail or any list), or undefined. */
export function newestCopy(queryClient: QueryClient, id: string): Task | undefined {
  let newest = queryClient.getQueryData<Task>(taskKeys.detail(id));
  for (const [, data] of queryClient.getQueriesData<ListData>({ queryKey: taskKeys.lists() })) {
    const found = data?.pages.flatMap((page) => page.data).find((item) => item.id === id);
    if (found && (!newest || found.version > newest.version)) newest = found;
  }
  return newest;
}

export function removeTask(queryClient: QueryClient, id: string): void {
  queryClient.setQueriesData<ListData>({ queryKey: taskKeys.lists() }, (data) => {
    if (!data) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        data: page.data.filter((task) => task.id !== id),
      })),
    };
  });
  queryClient.removeQueries({ queryKey: taskKeys.detail(id) });
}

/**
 * After a change the server has confirmed: the stats are refetched at once, the lists only marked
 * stale, because refetching an infinite list re-reads every page loaded so far (fifty requests
 * with 2,500 tasks on screen) and the cache already holds the server's answer. A list still being
 * read is the exception: its request may have reached the server before the change did (a list
 * opened while the change was on its way, "Show done" right after ticking a task), and its answer,
 * landing after the change's, would put the old task back for good, since the live event of the
 * change finds that version already cached. It is read again.
 */
export function settleTaskChange(queryClient: QueryClient): Promise<void> {
  void queryClient.invalidateQueries({ queryKey: taskKeys.lists(), refetchType: 'none' });
  const cache = queryClient.getQueryCache();
  for (const reading of cache.findAll({ queryKey: taskKeys.lists(), fetchStatus: 'fetching' })) {
    // Once its answer is in (a first read in flight is not cancelled, only joined, by a refetch),
    // unless another change has started meanwhile: that one cancelled the read, and its own
    // settling reads again what is still being read then.
    const unsubscribe = cache.subscribe(({ query }) => {
      if (query.queryHash !== reading.queryHash || query.state.fetchStatus !== 'idle') return;
      unsubscribe();
      if (queryClient.isMutating() > 0) return;
      void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
    });
  }
  return queryClient.invalidateQueries({ queryKey: [...taskKeys.all, 'stats'] });
}
