import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import type { DeviceSession } from '@/lib/api/types';
import { jsonResponse } from '@/testing/data';
import { SessionsSection } from './sessions-section';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function buildSession(overrides: Partial<DeviceSession> = {}): DeviceSession {
  return {
    id: 'AAAAAAAAAAAAAAAA',
    device: 'Firefox on Linux',
    address: '203.0.113.0',
    createdAt: minutesAgo(600),
    lastUsedAt: minutesAgo(0),
    current: true,
    ...overrides,
  };
}

const laptop = buildSession();
const phone = buildSession({
  id: 'BBBBBBBBBBBBBBBB',
  device: 'Safari on iPhone',
  address: '2001:db8:abcd::',
  lastUsedAt: minutesAgo(5),
  current: false,
});

function renderSection(fetch: (url: string, init: RequestInit) => Promise<Response>) {
  vi.stubGlobal('fetch', vi.fn(fetch));
  const handlers = { onSignOut: vi.fn(), onSignOutEverywhere: vi.fn() };
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <SessionsSection {...handlers} />
    </QueryClientProvider>,
  );
  return handlers;
}

describe('SessionsSection', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the sessions load, then each shows its device, last use and address, and this device is marked', async () => {
    renderSection(async () => jsonResponse({ data: [laptop, phone] }));
    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Firefox on Linux');
    expect(within(items[0]!).getByText('This device')).toBeTruthy();
    expect(items[0]!.textContent).toContain('just now · 203.0.113.0');
    expect(items[1]!.textContent).toContain('5 minutes ago · 2001:db8:abcd::');
    expect(within(items[1]!).queryByText('This device')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign out Safari on iPhone' })).toBeTruthy();
  });

  it('when another device is signed out, then it is revoked by id and leaves the list', async () => {
    const calls: string[] = [];
    let revoked = false;
    const { onSignOut } = renderSection(async (url, init) => {
      calls.push(`${init.method ?? 'GET'} ${url}`);
      if (init.method === 'DELETE') {
        revoked = true;
        return jsonResponse(null, 204);
      }
      return jsonResponse({ data: revoked ? [laptop] : [laptop, phone] });
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign out Safari on iPhone' }));

    await vi.waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(calls).toContain('DELETE /api/v1/auth/sessions/BBBBBBBBBBBBBBBB');
    expect(onSignOut).not.toHaveBeenCalled();
  });

  it('when this device is signed out, then the usual sign-out runs instead of a revocation', async () => {
    const fetch = vi.fn(async () => jsonResponse({ data: [laptop, phone] }));
    const { onSignOut } = renderSection(fetch);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledOnce();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('when the sessions cannot be loaded, then it says so and this device can still sign out', async () => {
    const { onSignOut } = renderSection(async () =>
      jsonResponse({ status: 500, title: 'Internal' }, 500),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Judix had a problem on its side');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledOnce();
  });
});
