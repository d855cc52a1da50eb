import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider, type InfiniteData } from '@tanstack/react-query';
import { LiveIndicator } from '@/components/layout/live-indicator';
import { Toaster } from '@/components/ui/toast';
import { filtersFromSearchParams } from '@/features/tasks/api/filters';
import { taskKeys } from '@/features/tasks/api/keys';
import type { TaskPage } from '@/features/tasks/api/types';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { authKeys } from '@/lib/auth';
import { buildTask, jsonResponse } from '@/testing/data';
import { LiveUpdates } from './live-updates';

const filters = filtersFromSearchParams(new URLSearchParams());

/** A text/event-stream answer whose body the test writes and ends. */
function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

type Stream = ReturnType<typeof eventStream>;

function setup(answers: Array<Stream | Response>) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    if (url.endsWith('/auth/refresh')) return jsonResponse({ accessToken: 'fresh' });
    const answer = answers.shift();
    if (!answer) return new Promise<Response>(() => {});
    return answer instanceof Response ? answer : answer.response;
  });
  vi.stubGlobal('fetch', fetchMock);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  queryClient.setQueryData(authKeys.user, {
    id: 'u1',
    name: 'Ada',
    email: 'ada@example.com',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  const first = buildTask({ title: 'First' });
  queryClient.setQueryData<InfiniteData<TaskPage, string | null>>(taskKeys.list(filters), {
    pages: [{ data: [first], nextCursor: null }],
    pageParams: [null],
  });
  render(
    <QueryClientProvider client={queryClient}>
      <LiveUpdates />
      <LiveIndicator />
      <Toaster />
    </QueryClientProvider>,
  );
  const titles = () =>
    queryClient
      .getQueryData<InfiniteData<TaskPage>>(taskKeys.list(filters))!
      .pages.flatMap((page) => page.data.map((task) => task.title));
  const streamCalls = () => calls.filter((call) => call.url.endsWith('/events'));
  return { queryClient, first, titles, streamCalls };
}

const event = (name: string, id: string, data: unknown) =>
  `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

describe('LiveUpdates', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the stream is ready, then the indicator reads Live and events update the cache', async () => {
    const stream = eventStream();
    const { first, titles, queryClient, streamCalls } = setup([stream]);
    expect(screen.getByText('Reconnecting…')).toBeTruthy();

    stream.send('event: ready\ndata: {}\n\n');
    await screen.findByText('Live');
    expect(streamCalls()[0]!.headers).toMatchObject({
      Accept: 'text/event-stream',
      Authorization: 'Bearer token',
    });

    stream.send(event('task.created', '1', { task: buildTask({ title: 'From elsewhere' }) }));
    await vi.waitFor(() => expect(titles()).toEqual(['From elsewhere', 'First']));

    stream.send(event('task.updated', '2', { task: { ...first, title: 'Renamed', version: 2 } }));
    await vi.waitFor(() => expect(titles()).toEqual(['From elsewhere', 'Renamed']));

    // An older version, such as the echo of a save this tab has already applied, is ignored.
    stream.send(event('task.updated', '3', { task: { ...first, title: 'Stale', version: 1 } }));
    stream.send(event('task.deleted', '4', { id: 'nothing' }));
    await vi.waitFor(() =>
      expect(queryClient.getQueryState(taskKeys.list(filters))!.dataUpdateCount).toBe(4),
    );
    expect(titles()).toEqual(['From elsewhere', 'Renamed']);
  });

  it('when the server ends the stream, then it reconnects after its retry delay with the last event id', async () => {
    const dropped = eventStream();
    const resumed = eventStream();
    const { streamCalls } = setup([dropped, resumed]);
    dropped.send('retry: 10\nevent: ready\ndata: {}\n\n');
    dropped.send(event('task.deleted', '41', { id: 'gone' }));
    await screen.findByText('Live');
    dropped.end();

    await screen.findByText('Reconnecting…');
    await vi.waitFor(() => expect(streamCalls()).toHaveLength(2));
    expect(streamCalls()[1]!.headers['Last-Event-ID']).toBe('41');
    resumed.send('event: ready\ndata: {}\n\n');
    await screen.findByText('Live');
  });

  it('when the token has expired, then the session is refreshed and the stream opened with the new one', async () => {
    const stream = eventStream();
    const { streamCalls } = setup([jsonResponse({ status: 401 }, 401), stream]);
    await vi.waitFor(() => expect(streamCalls()).toHaveLength(2));
    expect(streamCalls()[1]!.headers.Authorization).toBe('Bearer fresh');
    stream.send('event: ready\ndata: {}\n\n');
    await screen.findByText('Live');
  });

  it('when an event cannot be read, then it is skipped and the ones after it still apply', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stream = eventStream();
    const { titles } = setup([stream]);
    stream.send('event: ready\ndata: {}\n\nid: 1\nevent: task.created\ndata: {oops\n\n');
    stream.send(event('task.created', '2', { task: buildTask({ title: 'After it' }) }));
    await vi.waitFor(() => expect(titles()).toEqual(['After it', 'First']));
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });

  it('when the stream comes back with no event id to resume from, then the task queries are reloaded', async () => {
    // The least jitter: the retry after the 503 comes after half the default 3 s.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    const stream = eventStream();
    const { queryClient, streamCalls } = setup([jsonResponse({ status: 503 }, 503), stream]);
    await vi.waitFor(() => expect(streamCalls()).toHaveLength(2), { timeout: 2500 });
    random.mockRestore();
    expect(queryClient.getQueryState(taskKeys.list(filters))!.isInvalidated).toBe(false);
    stream.send('event: ready\ndata: {}\n\n');
    await vi.waitFor(() =>
      expect(queryClient.getQueryState(taskKeys.list(filters))!.isInvalidated).toBe(true),
    );
  });

  it('when a reminder comes due, then the cached task shows it fired and a notice names it', async () => {
    const stream = eventStream();
    const { first, queryClient } = setup([stream]);
    stream.send('event: ready\ndata: {}\n\n');
    const reminded = {
      ...first,
      remindAt: '2026-12-03T17:00:00.000Z',
      remindedAt: '2026-12-03T17:00:00.300Z',
      version: 2,
    };
    stream.send(event('reminder.due', '5', { task: reminded }));

    expect((await screen.findByText('Reminder: First')).closest('[role="status"]')).toBeTruthy();
    const list = queryClient.getQueryData<InfiniteData<TaskPage>>(taskKeys.list(filters))!;
    expect(list.pages[0]!.data[0]).toEqual(reminded);
  });

  it('when reset arrives, then every task query is reloaded', async () => {
    const stream = eventStream();
    const { queryClient } = setup([stream]);
    stream.send('event: ready\ndata: {}\n\n');
    stream.send(event('reset', '9', {}));
    await vi.waitFor(() =>
      expect(queryClient.getQueryState(taskKeys.list(filters))!.isInvalidated).toBe(true),
    );
  });
});
