import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider, type InfiniteData } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import * as toast from '@/components/ui/toast';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { buildTask, jsonResponse } from '@/testing/data';
import { columnFilters } from './board';
import { filtersFromSearchParams } from './filters';
import { taskKeys } from './keys';
import { useMoveCard } from './move';
import type { Status, Task, TaskPage } from './types';

const PROJECT = 'p'.repeat(24);
const filters = filtersFromSearchParams(new URLSearchParams(''));

function setup() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  const [a, b, c] = ['A', 'B', 'C'].map((title) => buildTask({ title, projectId: PROJECT }));
  const put = (status: Status, data: Task[]) =>
    queryClient.setQueryData<InfiniteData<TaskPage, string | null>>(
      taskKeys.list(columnFilters(filters, PROJECT, status)),
      { pages: [{ data, nextCursor: null }], pageParams: [null] },
    );
  put('todo', [a!, b!, c!]);
  put('in_progress', []);
  put('done', []);
  const titles = (status: Status) =>
    queryClient
      .getQueryData<InfiniteData<TaskPage>>(taskKeys.list(columnFilters(filters, PROJECT, status)))!
      .pages.flatMap((page) => page.data.map((task) => task.title));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return { a: a!, b: b!, c: c!, titles, wrapper };
}

const calls = (fetchMock: ReturnType<typeof vi.fn>) =>
  fetchMock.mock.calls.map(([url, init]) => {
    const request = init as RequestInit;
    return [
      request.method,
      String(url),
      request.body ? JSON.parse(String(request.body)) : undefined,
      (request.headers as Record<string, string>)['If-Match'],
    ];
  });

describe('useMoveCard', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when a card is dropped lower in its column, then it moves at once and the api is told its new neighbour', async () => {
    const { a, b, c, titles, wrapper } = setup();
    const fetchMock = vi.fn(async () => jsonResponse({ ...a, rank: 99, version: 2 }));
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useMoveCard(), { wrapper });

    act(() =>
      result.current.drop({
        move: { task: a, from: { status: 'todo', index: 0 }, to: { status: 'todo', index: 2 } },
        filters,
        project: PROJECT,
        shown: [a.id, b.id, c.id],
      }),
    );
    await waitFor(() => expect(titles('todo')).toEqual(['B', 'C', 'A']));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(calls(fetchMock)).toEqual([
      ['POST', `/api/v1/tasks/${a.id}/move`, { after: c.id }, undefined],
    ]);
  });

  it('when a card is dropped in another column, then its status is changed with If-Match, then it is put in place', async () => {
    const { b, titles, wrapper } = setup();
    const fetchMock = vi.fn(async () => jsonResponse({ ...b, status: 'done', version: 2 }));
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useMoveCard(), { wrapper });

    act(() =>
      result.current.drop({
        move: { task: b, from: { status: 'todo', index: 1 }, to: { status: 'done', index: 0 } },
        filters,
        project: PROJECT,
        shown: [],
      }),
    );
    await waitFor(() => expect(titles('done')).toEqual(['B']));
    expect(titles('todo')).toEqual(['A', 'C']);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(calls(fetchMock)).toEqual([
      ['PATCH', `/api/v1/tasks/${b.id}`, { status: 'done' }, '"1"'],
      ['POST', `/api/v1/tasks/${b.id}/move`, { before: null }, undefined],
    ]);
  });

  it('when the server refuses the move with a conflict, then the board goes back and says so', async () => {
    const { b, titles, wrapper } = setup();
    const shown = vi.spyOn(toast, 'showToast');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ status: 412, title: 'Precondition Failed' }, 412)),
    );
    const { result } = renderHook(() => useMoveCard(), { wrapper });

    act(() =>
      result.current.drop({
        move: {
          task: b,
          from: { status: 'todo', index: 1 },
          to: { status: 'in_progress', index: 0 },
        },
        filters,
        project: PROJECT,
        shown: [],
      }),
    );
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(titles('todo')).toEqual(['A', 'B', 'C']);
    expect(titles('in_progress')).toEqual([]);
    expect(shown).toHaveBeenCalledWith({
      message: '“B” was changed elsewhere, so it was not moved. The board shows its latest state.',
    });
  });
});
