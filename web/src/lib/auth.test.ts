import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/data';
import { resetApiClientForTests } from './api-client';
import { loadUser } from './auth';
import { mayHaveSession, rememberSession } from './session-hint';

const user = { id: 'u1', name: 'Ada', email: 'ada@example.com', createdAt: '2026-01-01' };

describe('loadUser on a fresh page load', () => {
  beforeEach(() => {
    resetApiClientForTests();
    localStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when this browser never signed in, then it asks the server nothing', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    await expect(loadUser()).resolves.toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('when it signed in before, then the refresh cookie restores the session', async () => {
    rememberSession();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('/auth/refresh')
          ? jsonResponse({ accessToken: 'token', expiresIn: 900 })
          : jsonResponse({ user }),
      ),
    );
    await expect(loadUser()).resolves.toEqual(user);
    expect(mayHaveSession()).toBe(true);
  });

  it('when the cookie is refused, then the hint is dropped so the next load stays quiet', async () => {
    rememberSession();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ status: 401, title: 'No' }, 401)),
    );
    await expect(loadUser()).resolves.toBeNull();
    expect(mayHaveSession()).toBe(false);
  });
});
