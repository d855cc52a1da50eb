import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { authKeys } from '@/lib/auth';
import { Link } from '@/lib/router';
import { AppShell } from './app-shell';

function renderShell() {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => new Promise<Response>(() => {})),
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  queryClient.setQueryData(authKeys.user, {
    id: 'u1',
    name: 'Ada',
    email: 'ada@example.com',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  render(
    <QueryClientProvider client={queryClient}>
      <AppShell
        side={
          <nav aria-label="Projects">
            <Link to="/?project=p2">Work</Link>
          </nav>
        }
      >
        <h1>Tasks</h1>
      </AppShell>
    </QueryClientProvider>,
  );
}

describe('AppShell', () => {
  beforeEach(() => window.history.replaceState(null, '', '/?project=p1&q=paint'));
  afterEach(() => vi.unstubAllGlobals());

  it('when a project is chosen, then the Tasks and Dashboard links keep it, and Tasks stays current', () => {
    renderShell();
    const main = within(screen.getByRole('navigation', { name: 'Main' }));
    const tasks = main.getByRole('link', { name: 'Tasks' });
    expect(tasks.getAttribute('href')).toBe('/?project=p1');
    expect(tasks.getAttribute('aria-current')).toBe('page');
    expect(main.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe(
      '/dashboard?project=p1',
    );
    expect(main.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/settings');
  });

  it('when a place is chosen in the drawer, then the drawer closes and focus goes back', async () => {
    renderShell();
    const opener = screen.getByRole('button', { name: 'Projects' });
    await userEvent.click(opener);
    const drawer = screen.getByRole('dialog', { name: 'Projects' });
    await userEvent.click(within(drawer).getByRole('link', { name: 'Work' }));

    expect(window.location.search).toBe('?project=p2');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});
