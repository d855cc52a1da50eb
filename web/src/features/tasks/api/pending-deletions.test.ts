import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { buildTask } from '@/testing/data';
import { filtersFromSearchParams } from './filters';
import { taskKeys } from './keys';
import {
  scheduleBulkDeletion,
  scheduleDeletion,
  undoDeletion,
  UNDO_WINDOW_MS,
  useHiddenTaskIds,
} from './pending-deletions';
import type { TaskPage } from './types';

const filters = filtersFromSearchParams(new URLSearchParams());

function setup() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const task = buildTask({ title: 'Doomed' });
  queryClient.setQueryData<InfiniteData<TaskPage, string | null>>(taskKeys.list(filters), {
    pages: [{ data: [task, buildTask()], nextCursor: null }],
    pageParams: [null],
  });
  const fetchMock = vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));
  vi.stubGlobal('fetch', fetchMock);
  const ids = () =>
    queryClient
      .getQueryData<InfiniteData<TaskPage>>(taskKeys.list(filters))!
      .pages.flatMap((page) => page.data.map((item) => item.id));
  return { queryClient, task, fetchMock, ids };
}

describe('delete with undo', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('when undone within the window, then nothing is sent and the task comes back', () => {
    const { queryClient, task, fetchMock } = setup();
    const hidden = renderHook(() => useHiddenTaskIds());

    scheduleDeletion(queryClient, task);
    hidden.rerender();
    expect(hidden.result.current.has(task.id)).toBe(true);

    undoDeletion(task.id);
    vi.advanceTimersByTime(UNDO_WINDOW_MS * 2);
    hidden.rerender();
    expect(hidden.result.current.has(task.id)).toBe(false);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('when the window closes, then the DELETE is sent and the task leaves the cache', async () => {
    const { queryClient, task, fetchMock, ids } = setup();
    scheduleDeletion(queryClient, task);
    expect(fetchMock).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS);
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(fetchMock.mock.calls[0]).toEqual([
      `/api/v1/tasks/${task.id}`,
      expect.objectContaining({ method: 'DELETE' }),
    ]);
    await vi.waitFor(() => expect(ids()).not.toContain(task.id));
  });

  it('when the server refuses the DELETE, then the task is put back', async () => {
    const { queryClient, task, fetchMock, ids } = setup();
    fetchMock.mockImplementation(() =>
      Promise.resolve(new Response(JSON.stringify({ status: 500 }), { status: 500 })),
    );
    scheduleDeletion(queryClient, task);
    await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await vi.waitFor(() => expect(ids()).toContain(task.id));
  });

  it('when a bulk deletion is undone, then nothing is sent and every task comes back', () => {
    const { queryClient, task, fetchMock, ids } = setup();
    const [, other] = ids();
    const hidden = renderHook(() => useHiddenTaskIds());
    const key = scheduleBulkDeletion(queryClient, [task.id, other!]);
    hidden.rerender();
    expect([...hidden.result.current]).toEqual([task.id, other]);
    undoDeletion(key);
    vi.advanceTimersByTime(UNDO_WINDOW_MS * 2);
    hidden.rerender();
    expect(hidden.result.current.size).toBe(0);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('when a bulk deletion window closes, then one bulk request deletes every task', async () => {
    const { queryClient, task, fetchMock, ids } = setup();
    const all = ids();
    fetchMock.mockImplementation(() =>
      Promise.resolve(
        new Response(JSON.stringify({ results: all.map((id) => ({ id, status: 'deleted' })) }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    scheduleBulkDeletion(queryClient, all);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS);
    expect(fetchMock).toHaveBeenCalledOnce();
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/tasks/bulk');
    expect(JSON.parse(init.body as string)).toEqual({ ids: all, operation: { type: 'delete' } });
    await vi.waitFor(() => expect(ids()).toEqual([]));
    expect(ids()).not.toContain(task.id);
  });
});
