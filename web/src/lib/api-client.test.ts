import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/data';
import {
  apiDownload,
  apiRequest,
  ApiError,
  fileNameOf,
  NetworkError,
  onSignedOut,
  refreshSession,
  resetApiClientForTests,
  setAccessToken,
} from './api-client';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function mockFetch(handler: Handler) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(handler(String(input), init ?? {})),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const authHeader = (init: RequestInit) =>
  (init.headers as Record<string, string> | undefined)?.Authorization;

describe('api client', () => {
  beforeEach(() => resetApiClientForTests());
  afterEach(() => vi.unstubAllGlobals());

  it('when several requests get 401 at once, then one refresh serves them all', async () => {
    setAccessToken('expired');
    let refreshes = 0;
    const fetchMock = mockFetch(async (url, init) => {
      if (url.endsWith('/auth/refresh')) {
        refreshes += 1;
        await new Promise((r) => setTimeout(r, 10));
        return jsonResponse({ accessToken: 'fresh', expiresIn: 900 });
      }
      return authHeader(init) === 'Bearer fresh'
        ? jsonResponse({ ok: url })
        : jsonResponse({ status: 401, title: 'Unauthorized' }, 401);
    });

    const results = await Promise.all([
      apiRequest('/tasks'),
      apiRequest('/tasks/stats'),
      apiRequest('/users/me'),
    ]);

    expect(refreshes).toBe(1);
    expect(results).toEqual([
      { ok: '/api/v1/tasks' },
      { ok: '/api/v1/tasks/stats' },
      { ok: '/api/v1/users/me' },
    ]);
    expect(fetchMock).toHaveBeenCalledTimes(7);
  });

  it('when the refresh is refused, then listeners hear that the session ended and the 401 surfaces', async () => {
    setAccessToken('expired');
    mockFetch(() => jsonResponse({ status: 401, title: 'Unauthorized' }, 401));
    const signedOut = vi.fn();
    onSignedOut(signedOut);

    await expect(apiRequest('/tasks')).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('when signing in fails with 401, then no refresh is attempted', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ status: 401, title: 'Bad credentials' }, 401));
    await expect(
      apiRequest('/auth/login', { method: 'POST', body: { email: 'a@b.c', password: 'x' } }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it('when the page loads without a cookie, then refreshSession answers false', async () => {
    mockFetch(() => jsonResponse({ status: 401 }, 401));
    await expect(refreshSession()).resolves.toBe(false);
  });

  it('when the API answers with a problem, then field errors are keyed by their first path segment', async () => {
    mockFetch(() =>
      jsonResponse(
        {
          status: 400,
          title: 'Invalid input',
          errors: [
            { path: 'email', message: 'Enter a valid email' },
            { path: 'tags.2', message: 'Too long' },
            { path: 'tags.3', message: 'Ignored: first message wins' },
          ],
        },
        400,
      ),
    );
    const error = (await apiRequest('/tasks', { method: 'POST', body: {} }).catch(
      (e) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.fieldErrors).toEqual({ email: 'Enter a valid email', tags: 'Too long' });
  });

  it('when the network is down, then a NetworkError says what to do', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiRequest('/tasks')).rejects.toBeInstanceOf(NetworkError);
  });

  it('when a request succeeds with 204, then it resolves to undefined and sends JSON headers', async () => {
    setAccessToken('token');
    const fetchMock = mockFetch(() => new Response(null, { status: 204 }));
    await expect(apiRequest('/tasks/1', { method: 'DELETE' })).resolves.toBeUndefined();
    const init = fetchMock.mock.calls[0]![1]!;
    expect(authHeader(init)).toBe('Bearer token');
  });

  it('when a create with an idempotency key gets a 503, then it is retried once with the same key', async () => {
    const unavailable = () =>
      new Response(JSON.stringify({ status: 503, title: 'Service unavailable' }), {
        status: 503,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      });
    const fetchMock = mockFetch(() =>
      fetchMock.mock.calls.length === 1 ? unavailable() : jsonResponse({ id: 't1' }, 201),
    );
    await expect(
      apiRequest('/tasks', { method: 'POST', body: { title: 'x' }, idempotencyKey: 'k-1' }),
    ).resolves.toEqual({ id: 't1' });
    const keys = fetchMock.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string>)['Idempotency-Key'],
    );
    expect(keys).toEqual(['"k-1"', '"k-1"']);

    fetchMock.mockClear();
    fetchMock.mockImplementation(() => Promise.resolve(unavailable()));
    await expect(apiRequest('/tasks', { method: 'POST', body: { title: 'x' } })).rejects.toThrow(
      ApiError,
    );
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it('when a raw body is sent, then it goes as it is with its own content type', async () => {
    setAccessToken('token');
    const fetchMock = mockFetch(() => jsonResponse({ imported: 1 }));
    const file = new Blob(['title\r\nMilk\r\n']);
    await apiRequest('/tasks/import', {
      method: 'POST',
      raw: { data: file, contentType: 'text/csv' },
    });
    const init = fetchMock.mock.calls[0]![1]!;
    expect(init.body).toBe(file);
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(authHeader(init)).toBe('Bearer token');
  });

  it('when a file is downloaded, then it is fetched with the token and keeps the server’s name', async () => {
    setAccessToken('token');
    const fetchMock = mockFetch(
      () =>
        new Response('title\r\n', {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="judix-tasks-2026-12-02.csv"',
          },
        }),
    );
    const download = await apiDownload('/tasks/export?format=csv');
    expect(download.fileName).toBe('judix-tasks-2026-12-02.csv');
    expect(await download.blob.text()).toBe('title\r\n');
    expect(authHeader(fetchMock.mock.calls[0]![1]!)).toBe('Bearer token');
  });

  it('when a download is refused, then the problem throws as an ApiError', async () => {
    mockFetch(() => jsonResponse({ status: 400, title: 'Invalid input' }, 400));
    await expect(apiDownload('/tasks/export?format=xlsx')).rejects.toMatchObject({ status: 400 });
  });

  it('reads a Content-Disposition file name quoted, escaped or bare, and null without one', () => {
    expect(fileNameOf('attachment; filename="a b.json"')).toBe('a b.json');
    expect(fileNameOf('attachment; filename="say \\"hi\\".csv"')).toBe('say "hi".csv');
    expect(fileNameOf('attachment; filename=tasks.csv; size=3')).toBe('tasks.csv');
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });
});
