import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import {
  QueryClient,
  QueryClientProvider,
  useInfiniteQuery,
  type InfiniteData,
} from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { buildTask, jsonResponse } from '@/testing/data';
import { matchesFilters } from './cache';
import { setConflict, useConflict } from './conflicts';
import { filtersFromSearchParams } from './filters';
import { taskKeys } from './keys';
import { useCreateTask, useUpdateTask } from './mutations';
import { taskListQueryOptions } from './queries';
import type { TaskPage } from './types';

const allTasks = filtersFromSearchParams(new URLSearchParams('done=show'));
const doneOnly = filtersFromSearchParams(new URLSearchParams('status=done'));

function setup() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  const first = buildTask({ title: 'First' });
  const second = buildTask({ title: 'Second' });
  const page = (data = [first, second]): InfiniteData<TaskPage, string | null> => ({
    pages: [{ data, nextCursor: null }],
    pageParams: [null],
  });
  queryClient.setQueryData(taskKeys.list(allTasks), page());
  queryClient.setQueryData(taskKeys.list(doneOnly), page([]));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const titles = (filters = allTasks) =>
    queryClient
      .getQueryData<InfiniteData<TaskPage>>(taskKeys.list(filters))!
      .pages.flatMap((p) => p.data.map((t) => `${t.title}:${t.status}`));
  return { queryClient, first, second, wrapper, titles };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('optimistic task mutations', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
    setConflict(null);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when a status change is in flight, then every list shows it at once; the server answer replaces it', async () => {
    const { first, wrapper, titles } = setup();
    const response = deferred<Response>();
    const fetchMock = vi.fn(() => response.promise);
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useUpdateTask(), { wrapper });

    act(() => result.current.mutate({ task: first, changes: { status: 'done' } }));
    await waitFor(() => expect(titles()).toEqual(['First:done', 'Second:todo']));
    expect(titles(doneOnly)).toEqual([]);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['If-Match']).toBe('"1"');

    response.resolve(
      jsonResponse({ ...first, status: 'done', title: 'First (saved)', version: 2 }),
    );
    await waitFor(() => expect(titles()).toEqual(['First (saved):done', 'Second:todo']));
  });

  it('when the server refuses the change, then the lists roll back', async () => {
    const { first, wrapper, titles } = setup();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse({ status: 500, title: 'Boom' }, 500))),
    );
    const { result } = renderHook(() => useUpdateTask(), { wrapper });

    act(() => result.current.mutate({ task: first, changes: { title: 'Renamed' } }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(titles()).toEqual(['First:todo', 'Second:todo']);
  });

  it('when If-Match is stale (412), then the current version is loaded and a conflict is raised', async () => {
    const { first, wrapper, titles } = setup();
    const theirs = { ...first, title: 'Changed in the other tab', version: 5 };
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) =>
        Promise.resolve(
          init.method === 'PATCH'
            ? jsonResponse({ status: 412, title: 'Precondition Failed' }, 412)
            : jsonResponse(theirs),
        ),
      ),
    );
    const { result } = renderHook(() => ({ update: useUpdateTask(), conflict: useConflict() }), {
      wrapper,
    });

    act(() => result.current.update.mutate({ task: first, changes: { title: 'Mine' } }));
    await waitFor(() => expect(result.current.conflict).not.toBeNull());
    expect(result.current.conflict).toEqual({ mine: { title: 'Mine' }, theirs });
    expect(titles()).toEqual(['Changed in the other tab:todo', 'Second:todo']);
  });

  it('when a repeating task is completed, then the lists are read again for its next occurrence', async () => {
    const { queryClient, first, wrapper } = setup();
    const series = buildTask({
      dueDate: '2026-11-02T09:00:00.000Z',
      recurrence: { frequency: 'daily', interval: 1, timeZone: 'UTC', until: null, count: null },
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        jsonResponse({ ...(url.endsWith(series.id) ? series : first), status: 'done' }),
      ),
    );
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const { result } = renderHook(() => useUpdateTask(), { wrapper });

    // A one-off task's lists are only marked stale: the cache holds the server's answer.
    await act(() => result.current.mutateAsync({ task: first, changes: { status: 'done' } }));
    expect(invalidate).not.toHaveBeenCalledWith({ queryKey: taskKeys.all });

    await act(() => result.current.mutateAsync({ task: series, changes: { status: 'done' } }));
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: taskKeys.all }));
  });

  it('when a task is created, then it appears first only in the lists it matches, then takes the real id', async () => {
    const { wrapper, titles, queryClient } = setup();
    const response = deferred<Response>();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => response.promise),
    );
    const { result } = renderHook(() => useCreateTask(), { wrapper });

    act(() => result.current.mutate({ title: 'New one' }));
    await waitFor(() => expect(titles()).toEqual(['New one:todo', 'First:todo', 'Second:todo']));
    expect(titles(doneOnly)).toEqual([]);
    const placeholder = queryClient.getQueryData<InfiniteData<TaskPage>>(taskKeys.list(allTasks))!
      .pages[0]!.data[0]!;
    expect(placeholder.id).toMatch(/^temp-/);

    const created = buildTask({ title: 'New one' });
    response.resolve(jsonResponse(created, 201));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
  });

  it('when a create fails, then the placeholder goes away', async () => {
    const { wrapper, titles } = setup();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse({ status: 400, title: 'Invalid' }, 400))),
    );
    const { result } = renderHook(() => useCreateTask(), { wrapper });
    act(() => result.current.mutate({ title: 'Doomed' }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(titles()).toEqual(['First:todo', 'Second:todo']);
  });
});

describe('matchesFilters', () => {
  it('judges search, tag and overdue like the API', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const task = buildTask({
      title: 'Quarterly Report',
      tags: ['work'],
      dueDate: '2026-03-09T12:00:00Z',
    });
    const filters = (query: string) => filtersFromSearchParams(new URLSearchParams(query));
    expect(matchesFilters(task, filters('q=report&tag=work&overdue=true'), now)).toBe(true);
    expect(matchesFilters(task, filters('q=invoice'), now)).toBe(false);
    expect(matchesFilters(task, filters('tag=home'), now)).toBe(false);
    expect(matchesFilters({ ...task, status: 'done' }, filters('overdue=true'), now)).toBe(false);
  });

  it('leaves done tasks out unless they are shown or picked', () => {
    const done = buildTask({ status: 'done' });
    const filters = (query: string) => filtersFromSearchParams(new URLSearchParams(query));
    expect(matchesFilters(done, filters(''))).toBe(false);
    expect(matchesFilters(done, filters('done=show'))).toBe(true);
    expect(matchesFilters(done, filters('status=done'))).toBe(true);
  });
});

describe('a list read while a change is on its way', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when its answer, sent before the change was saved, lands after it, then the list is read again', async () => {
    const { queryClient, first, wrapper } = setup();
    const saved = { ...first, status: 'done' as const, version: 2 };
    const patch = deferred<Response>();
    const staleList = deferred<Response>();
    let listReads = 0;
    const fetchMock = vi.fn((url: string) => {
      if (!url.includes('/tasks?')) return patch.promise;
      listReads += 1;
      return listReads === 1
        ? staleList.promise
        : Promise.resolve(jsonResponse({ data: [saved], nextCursor: null }));
    });
    vi.stubGlobal('fetch', fetchMock);
    const { result: update } = renderHook(() => useUpdateTask(), { wrapper });
    act(() => update.current.mutate({ task: first, changes: { status: 'done' } }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));

    // "Show done" opens a list that is not cached: its read goes out while the change is pending.
    const showDone = filtersFromSearchParams(new URLSearchParams('done=show&sort=title'));
    const { result: list } = renderHook(() => useInfiniteQuery(taskListQueryOptions(showDone)), {
      wrapper,
    });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    patch.resolve(jsonResponse(saved));
    await waitFor(() => expect(update.current.isSuccess).toBe(true));
    staleList.resolve(jsonResponse({ data: [first], nextCursor: null }));

    await waitFor(() =>
      expect(list.current.data?.pages[0]?.data.map((t) => `${t.title}:${t.status}`)).toEqual([
        'First:done',
      ]),
    );
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(queryClient.isFetching()).toBe(0);
  });
});
