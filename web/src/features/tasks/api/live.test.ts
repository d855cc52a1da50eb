import { describe, expect, it } from 'vitest';
import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { buildTask } from '@/testing/data';
import { filtersFromSearchParams, type TaskFilters } from './filters';
import { taskKeys } from './keys';
import { applyTaskEvent } from './live';
import type { Task, TaskPage } from './types';

const newest = filtersFromSearchParams(new URLSearchParams('done=show'));
const byTitle = filtersFromSearchParams(new URLSearchParams('done=show&sort=title'));
const recent = filtersFromSearchParams(new URLSearchParams('done=show&sort=-updatedAt'));
const doneOnly = filtersFromSearchParams(new URLSearchParams('status=done'));
const STATS = [...taskKeys.all, 'stats', 'UTC'];

function setup() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  const first = buildTask({ title: 'Alpha' });
  const second = buildTask({ title: 'Beta' });
  const put = (filters: TaskFilters, data: Task[], nextCursor: string | null = null) =>
    queryClient.setQueryData<InfiniteData<TaskPage, string | null>>(taskKeys.list(filters), {
      pages: [{ data, nextCursor }],
      pageParams: [null],
    });
  put(newest, [second, first]);
  put(byTitle, [first, second]);
  put(recent, [second, first]);
  put(doneOnly, []);
  queryClient.setQueryData(taskKeys.detail(first.id), first);
  queryClient.setQueryData(STATS, { total: 2 });
  const titles = (filters: TaskFilters) =>
    queryClient
      .getQueryData<InfiniteData<TaskPage>>(taskKeys.list(filters))!
      .pages.flatMap((page) => page.data.map((task) => task.title));
  const stale = (key: readonly unknown[]) => queryClient.getQueryState(key)!.isInvalidated;
  return { queryClient, first, second, put, titles, stale };
}

describe('applyTaskEvent', () => {
  it('when a task is created elsewhere, then newest-first lists show it on top and a sorted list is reloaded', () => {
    const { queryClient, titles, stale } = setup();
    const task = buildTask({ title: 'Gamma' });
    applyTaskEvent(queryClient, { event: 'task.created', data: { task } });

    expect(titles(newest)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(titles(recent)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(stale(taskKeys.list(newest))).toBe(false);
    expect(stale(taskKeys.list(byTitle))).toBe(true);
    expect(titles(doneOnly)).toEqual([]);
    expect(stale(taskKeys.list(doneOnly))).toBe(false);
    expect(stale(STATS)).toBe(true);
  });

  it('when the created task is already listed, or this tab is adding one, then it is not added again', () => {
    const { queryClient, first, put, titles } = setup();
    put(recent, [buildTask({ id: 'temp-1', title: 'Mine' }), first]);
    applyTaskEvent(queryClient, { event: 'task.created', data: { task: first } });
    applyTaskEvent(queryClient, {
      event: 'task.created',
      data: { task: buildTask({ title: 'Theirs' }) },
    });

    expect(titles(newest)).toEqual(['Theirs', 'Beta', 'Alpha']);
    expect(titles(recent)).toEqual(['Mine', 'Alpha']);
  });

  it('when a newer version arrives, then every list and the detail show it, in place when its sort key is the same', () => {
    const { queryClient, first, titles, stale } = setup();
    const edited = { ...first, description: 'notes', version: 2 };
    applyTaskEvent(queryClient, { event: 'task.updated', data: { task: edited } });

    expect(queryClient.getQueryData(taskKeys.detail(first.id))).toEqual(edited);
    expect(titles(newest)).toEqual(['Beta', 'Alpha']);
    expect(titles(byTitle)).toEqual(['Alpha', 'Beta']);
    expect(titles(recent)).toEqual(['Alpha', 'Beta']);
    expect(stale(taskKeys.list(byTitle))).toBe(false);
    expect(stale(STATS)).toBe(true);
  });

  it('when a reminder comes due, then every list and the detail show the task as reminded', () => {
    const { queryClient, first, titles, stale } = setup();
    const reminded = {
      ...first,
      remindAt: '2026-12-03T17:00:00.000Z',
      remindedAt: '2026-12-03T17:00:00.400Z',
      version: 2,
    };
    applyTaskEvent(queryClient, { event: 'reminder.due', data: { task: reminded } });

    expect(queryClient.getQueryData(taskKeys.detail(first.id))).toEqual(reminded);
    const list = queryClient.getQueryData<InfiniteData<TaskPage>>(taskKeys.list(byTitle))!;
    expect(list.pages[0]!.data[0]).toEqual(reminded);
    expect(titles(recent)).toEqual(['Alpha', 'Beta']);
    expect(stale(STATS)).toBe(true);
  });

  it('when a change moves a task in a sorted list or into a filtered one, then those lists are reloaded', () => {
    const { queryClient, first, titles, stale } = setup();
    const renamed = { ...first, title: 'Zulu', status: 'done' as const, version: 2 };
    applyTaskEvent(queryClient, { event: 'task.updated', data: { task: renamed } });

    expect(titles(newest)).toEqual(['Beta', 'Zulu']);
    expect(stale(taskKeys.list(byTitle))).toBe(true);
    expect(stale(taskKeys.list(doneOnly))).toBe(true);
    expect(stale(taskKeys.list(newest))).toBe(false);
  });

  it('when the event is not newer than the cache (this tab’s own save), then lists already holding the save are left alone', () => {
    const { queryClient, first, titles, stale, put } = setup();
    const saved = { ...first, title: 'Saved here', version: 3 };
    queryClient.setQueryData(taskKeys.detail(first.id), saved);
    put(newest, [saved]);
    put(byTitle, [saved]);
    applyTaskEvent(queryClient, {
      event: 'task.updated',
      data: { task: { ...first, title: 'Older', version: 2 } },
    });

    expect(queryClient.getQueryData(taskKeys.detail(first.id))).toEqual(saved);
    expect(titles(newest)).toEqual(['Saved here']);
    expect(stale(taskKeys.list(byTitle))).toBe(false);
  });

  it('when a list read during this tab’s save holds an older copy, then it takes the save, not the older event', () => {
    const { queryClient, first, titles } = setup();
    const saved = { ...first, title: 'Saved here', version: 3 };
    queryClient.setQueryData(taskKeys.detail(first.id), saved);
    applyTaskEvent(queryClient, {
      event: 'task.updated',
      data: { task: { ...first, title: 'Older', version: 2 } },
    });

    expect(titles(newest)).toEqual(['Beta', 'Saved here']);
  });

  it('when a matching task is missing from a list with pages still to load, then the list is left alone', () => {
    const { queryClient, first, put, stale } = setup();
    put(byTitle, [], 'cursor');
    applyTaskEvent(queryClient, {
      event: 'task.updated',
      data: { task: { ...first, description: 'notes', version: 2 } },
    });
    expect(stale(taskKeys.list(byTitle))).toBe(false);
  });

  it('when a repeating task is completed elsewhere, then the lists are reloaded for its next occurrence', () => {
    const { queryClient, stale } = setup();
    const daily = buildTask({
      title: 'Water plants',
      dueDate: '2026-01-02T09:00:00.000Z',
      recurrence: { frequency: 'daily', interval: 1, timeZone: 'UTC', until: null, count: null },
    });
    applyTaskEvent(queryClient, { event: 'task.created', data: { task: daily } });
    applyTaskEvent(queryClient, {
      event: 'task.updated',
      data: { task: { ...daily, status: 'done', version: daily.version + 1 } },
    });
    expect(stale(taskKeys.list(newest))).toBe(true);
  });

  it('when a task is deleted elsewhere, then it leaves every list and its detail', () => {
    const { queryClient, first, titles } = setup();
    applyTaskEvent(queryClient, { event: 'task.deleted', data: { id: first.id } });
    expect(titles(newest)).toEqual(['Beta']);
    expect(titles(byTitle)).toEqual(['Beta']);
    expect(queryClient.getQueryData(taskKeys.detail(first.id))).toBeUndefined();
  });

  it('when a bulk change arrives, then the changed tasks show it and the lists are reloaded for their versions', () => {
    const { queryClient, first, second, stale } = setup();
    applyTaskEvent(queryClient, {
      event: 'tasks.bulk',
      data: {
        operation: { type: 'setPriority', priority: 'high' },
        results: [
          { id: first.id, status: 'updated' },
          { id: second.id, status: 'unchanged' },
        ],
      },
    });
    const list = queryClient.getQueryData<InfiniteData<TaskPage>>(taskKeys.list(newest))!;
    expect(list.pages[0]!.data.map((task) => task.priority)).toEqual(['medium', 'high']);
    expect(stale(taskKeys.list(newest))).toBe(true);
  });

  it('when a bulk delete arrives, then only the deleted tasks disappear', () => {
    const { queryClient, first, second, titles } = setup();
    applyTaskEvent(queryClient, {
      event: 'tasks.bulk',
      data: {
        operation: { type: 'delete' },
        results: [
          { id: first.id, status: 'deleted' },
          { id: second.id, status: 'not_found' },
        ],
      },
    });
    expect(titles(newest)).toEqual(['Beta']);
  });

  it.each(['reset', 'tasks.imported'] as const)(
    'when %s arrives, then every task query is reloaded',
    (event) => {
      const { queryClient, first, stale } = setup();
      applyTaskEvent(
        queryClient,
        event === 'reset'
          ? { event, data: {} }
          : { event: 'tasks.imported', data: { imported: 3 } },
      );
      for (const filters of [newest, byTitle, recent, doneOnly]) {
        expect(stale(taskKeys.list(filters))).toBe(true);
      }
      expect(stale(taskKeys.detail(first.id))).toBe(true);
      expect(stale(STATS)).toBe(true);
    },
  );

  it('when a task moves to another project elsewhere, then a list scoped to its old project drops it', () => {
    const { queryClient, first, second, put, titles } = setup();
    const scoped = filtersFromSearchParams(new URLSearchParams(`project=${first.projectId}`));
    put(scoped, [second, first]);
    const moved = { ...first, projectId: 'a'.repeat(24), version: first.version + 1 };
    applyTaskEvent(queryClient, { event: 'task.updated', data: { task: moved } });

    expect(titles(scoped)).toEqual(['Beta']);
    expect(titles(newest)).toEqual(['Beta', 'Alpha']);
  });
});
