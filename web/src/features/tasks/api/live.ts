// Applies the live stream's task events to the cache. The cache is written directly where the
// outcome is certain; a list whose order or filters make a task's place uncertain is invalidated
// instead, because a wrong list is worse than one more request.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import {
  filtersOf,
  matchesFilters,
  newestCopy,
  removeTask,
  replaceTask,
  type ListData,
} from './cache';
import { taskKeys } from './keys';
import type { BulkOperation, BulkResult, ListSort, Task } from './types';

export type TaskEvent =
  | { event: 'task.created'; data: { task: Task } }
  | { event: 'task.updated'; data: { task: Task } }
  /** The server marked the task reminded (a new version): to the cache, an update like any. */
  | { event: 'reminder.due'; data: { task: Task } }
  | { event: 'task.deleted'; data: { id: string } }
  | { event: 'tasks.bulk'; data: { operation: BulkOperation; results: BulkResult['results'] } }
  | { event: 'tasks.imported'; data: { imported: number } }
  | { event: 'reset'; data: Record<string, never> };

export const TASK_EVENTS: ReadonlySet<string> = new Set<TaskEvent['event']>([
  'task.created',
  'task.updated',
  'reminder.due',
  'task.deleted',
  'tasks.bulk',
  'tasks.imported',
  'reset',
]);

/** Sorts under which a task that was just created or changed belongs at the very top. */
const NEWEST_FIRST: ReadonlySet<ListSort> = new Set(['-createdAt', '-updatedAt']);

type SortField = 'createdAt' | 'updatedAt' | 'dueDate' | 'priority' | 'title' | 'rank';

const sortField = (sort: ListSort) => sort.replace(/^-/, '') as SortField;

function lists(queryClient: QueryClient) {
  return queryClient
    .getQueriesData<ListData>({ queryKey: taskKeys.lists() })
    .filter((entry): entry is [QueryKey, ListData] => entry[1] !== undefined);
}

const tasksOf = (data: ListData) => data.pages.flatMap((page) => page.data);

function invalidateList(queryClient: QueryClient, key: QueryKey): void {
  void queryClient.invalidateQueries({ queryKey: key, exact: true });
}

/** Puts the task first in the list, taking it out of wherever it was. */
function placeFirst(queryClient: QueryClient, key: QueryKey, task: Task): void {
  queryClient.setQueryData<ListData>(key, (data) => {
    if (!data || data.pages.length === 0) return data;
    const pages = data.pages.map((page) => ({
      ...page,
      data: page.data.filter((item) => item.id !== task.id),
    }));
    pages[0] = { ...pages[0]!, data: [task, ...pages[0]!.data] };
    return { ...data, pages };
  });
}

/** Swaps in the newer copy of the task in this list only, or drops it when it no longer belongs. */
function replaceIn(queryClient: QueryClient, key: QueryKey, task: Task, keep: boolean): void {
  queryClient.setQueryData<ListData>(key, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            data: keep
              ? page.data.map((item) => (item.id === task.id ? task : item))
              : page.data.filter((item) => item.id !== task.id),
          })),
        }
      : data,
  );
}

function applyCreated(queryClient: QueryClient, task: Task): void {
  for (const [key, data] of lists(queryClient)) {
    const filters = filtersOf(key);
    if (!matchesFilters(task, filters)) continue;
    const tasks = tasksOf(data);
    // Already there: this tab created it and has the server's answer.
    if (tasks.some((item) => item.id === task.id)) continue;
    // This tab's own create is in flight; when it settles, it refetches the lists.
    if (tasks.some((item) => item.id.startsWith('temp-'))) continue;
    if (NEWEST_FIRST.has(filters.sort)) placeFirst(queryClient, key, task);
    else invalidateList(queryClient, key);
  }
}

function applyUpdated(queryClient: QueryClient, event: Task): void {
  // A copy as new or newer in the cache is this tab's own write, already applied, or an event
  // overtaken by one: that copy is what the lists should hold. Each list is still judged on its
  // own, since one read while the write was on its way can hold the task as it was, or miss it.
  const before = newestCopy(queryClient, event.id);
  const task = before && before.version > event.version ? before : event;

  for (const [key, data] of lists(queryClient)) {
    const filters = filtersOf(key);
    const cached = tasksOf(data).find((item) => item.id === task.id);
    const matches = matchesFilters(task, filters);
    if (cached) {
      if (cached.version >= task.version) continue;
      const field = sortField(filters.sort);
      if (!matches) replaceIn(queryClient, key, task, false);
      else if (filters.sort === '-updatedAt') placeFirst(queryClient, key, task);
      // Its sort key is the same, so its place is too.
      else if (task[field] === cached[field]) replaceIn(queryClient, key, task, true);
      else invalidateList(queryClient, key);
    } else if (matches) {
      // It matched before too and the list has pages still to load: it is on one of those.
      const unloaded =
        before !== undefined &&
        matchesFilters(before, filters) &&
        data.pages.at(-1)?.nextCursor != null;
      if (unloaded) continue;
      if (filters.sort === '-updatedAt') placeFirst(queryClient, key, task);
      else invalidateList(queryClient, key);
    }
  }

  const detail = queryClient.getQueryData<Task>(taskKeys.detail(task.id));
  if (detail && detail.version < task.version) {
    queryClient.setQueryData(taskKeys.detail(task.id), task);
  }
  // The server added the series' next occurrence, which no cached list holds yet.
  if (task.recurrence !== null && task.status === 'done' && before?.status !== 'done') {
    void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
  }
}

/** The visible part of a bulk change that the client can work out without the server. */
function withOperation(task: Task, operation: BulkOperation): Task | null {
  switch (operation.type) {
    case 'setPriority':
      return { ...task, priority: operation.priority };
    case 'addTag':
      return task.tags.includes(operation.tag)
        ? task
        : { ...task, tags: [...task.tags, operation.tag] };
    case 'removeTag':
      return { ...task, tags: task.tags.filter((tag) => tag !== operation.tag) };
    default:
      return null;
  }
}

function applyBulk(
  queryClient: QueryClient,
  operation: BulkOperation,
  results: BulkResult['results'],
): void {
  const ids = results
    .filter((result) => result.status === 'updated' || result.status === 'deleted')
    .map((result) => result.id);
  if (ids.length === 0) return;
  if (operation.type === 'delete') {
    for (const id of ids) removeTask(queryClient, id);
    return;
  }
  for (const id of ids) {
    const cached = newestCopy(queryClient, id);
    const changed = cached && withOperation(cached, operation);
    if (changed) replaceTask(queryClient, changed);
  }
  // The event carries no versions, and an edit sent with a stale one would be refused as a
  // conflict, so the changed tasks are read again (a status or due date change may also move them
  // between lists, or complete a series).
  void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
  for (const id of ids) void queryClient.invalidateQueries({ queryKey: taskKeys.detail(id) });
}

/** Brings the cache up to date with one task event from the live stream. */
export function applyTaskEvent(queryClient: QueryClient, { event, data }: TaskEvent): void {
  switch (event) {
    case 'task.created':
      applyCreated(queryClient, data.task);
      break;
    case 'task.updated':
    case 'reminder.due':
      applyUpdated(queryClient, data.task);
      break;
    case 'task.deleted':
      removeTask(queryClient, data.id);
      break;
    case 'tasks.bulk':
      applyBulk(queryClient, data.operation, data.results);
      break;
    case 'tasks.imported':
    case 'reset':
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      return;
  }
  void queryClient.invalidateQueries({ queryKey: [...taskKeys.all, 'stats'] });
}
