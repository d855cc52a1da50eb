import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { jsonResponse } from '@/testing/data';
import { sendBulk, skippedMessage, useBulkUpdate } from './bulk';
import { taskKeys } from './keys';

const idsFrom = (count: number) =>
  Array.from({ length: count }, (_, i) => i.toString(16).padStart(24, '0'));

/** Answers each bulk request with `status` for every id it names. */
function bulkFetch(status: string) {
  return vi.fn(async (_url: string, init: RequestInit) => {
    const { ids } = JSON.parse(init.body as string) as { ids: string[] };
    return jsonResponse({ results: ids.map((id) => ({ id, status })) });
  });
}

/** Signed in, with the fetch a test stubs put back afterwards. */
function signedIn() {
  resetApiClientForTests();
  setAccessToken('token');
  return () => vi.unstubAllGlobals();
}

describe('bulk changes', () => {
  beforeEach(signedIn);

  it('when more tasks are selected than one request takes, then they go in batches of 100', async () => {
    const fetchMock = bulkFetch('updated');
    vi.stubGlobal('fetch', fetchMock);
    const ids = idsFrom(230);
    const results = await sendBulk(ids, { type: 'setPriority', priority: 'low' });
    expect(fetchMock).toHaveBeenCalledTimes(3);
    const sizes = fetchMock.mock.calls.map(
      ([, init]) => (JSON.parse(init.body as string) as { ids: string[] }).ids.length,
    );
    expect(sizes).toEqual([100, 100, 30]);
    expect(results.map((result) => result.id)).toEqual(ids);
  });

  it('when tasks are rejected or gone, then the message says so; otherwise there is none', () => {
    expect(skippedMessage([{ id: 'a', status: 'updated' }])).toBeNull();
    expect(
      skippedMessage([
        { id: 'a', status: 'rejected', reason: 'a task has at most 20 tags' },
        { id: 'b', status: 'rejected', reason: 'a task has at most 20 tags' },
        { id: 'c', status: 'not_found' },
      ]),
    ).toBe('2 tasks not changed: a task has at most 20 tags. 1 task no longer found.');
  });

  it('when a bulk change is saved, then the task lists and stats are refetched', async () => {
    vi.stubGlobal('fetch', bulkFetch('updated'));
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useBulkUpdate(), { wrapper });
    act(() => result.current.mutate({ ids: idsFrom(2), operation: { type: 'addTag', tag: 'x' } }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: taskKeys.all });
  });
});
