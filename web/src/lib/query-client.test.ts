import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Query } from '@tanstack/react-query';
import { openLiveStream } from './live-stream';
import { createQueryClient } from './query-client';

const queryWithKey = (queryKey: unknown[]) => ({ queryKey }) as unknown as Query;

describe('createQueryClient', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the live stream is open, then only the queries it does not cover refetch on focus', async () => {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) =>
        controller.enqueue(new TextEncoder().encode('event: ready\ndata: {}\n\n')),
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })),
    );
    const onFocus = createQueryClient().getDefaultOptions().queries!.refetchOnWindowFocus as (
      query: Query,
    ) => boolean;
    const tasks = queryWithKey(['tasks', 'list', {}]);
    const sessions = queryWithKey(['sessions']);
    expect(onFocus(tasks)).toBe(true);

    const stop = openLiveStream(() => {});
    await vi.waitFor(() => expect(onFocus(tasks)).toBe(false));
    expect(onFocus(sessions)).toBe(true);

    stop();
    expect(onFocus(tasks)).toBe(true);
  });
});
