import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { buildTask } from '@/testing/data';
import type { Task } from '../api/types';
import { filtersFromSearchParams } from '../api/filters';
import { taskKeys } from '../api/keys';
import { TaskList } from './task-list';

function renderList(count: number, hasMore = false, overrides: Partial<Task> = {}) {
  const filters = filtersFromSearchParams(new URLSearchParams());
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: Infinity, retry: false } },
  });
  const tasks = Array.from({ length: count }, (_, i) =>
    buildTask({ title: `Task number ${i}`, ...overrides }),
  );
  queryClient.setQueryData(taskKeys.list(filters), {
    pages: [{ data: tasks, nextCursor: hasMore ? 'next' : null }],
    pageParams: [null],
  });
  const actions = {
    onEdit: vi.fn(),
    onStatusChange: vi.fn(),
    onDelete: vi.fn(),
    onTagFilter: vi.fn(),
    onShowDone: vi.fn(),
  };
  render(
    <QueryClientProvider client={queryClient}>
      <TaskList filters={filters} onClearFilters={vi.fn()} {...actions} />
    </QueryClientProvider>,
  );
  return { tasks, actions };
}

describe('TaskList', () => {
  it('with 5,000 tasks loaded, mounts only a window of rows', () => {
    renderList(5000);
    const rows = screen.getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByText('5000 tasks')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Tasks' }).style.height).toBe(`${5000 * 68}px`);
  });

  it('changes status, opens and deletes through the row controls', async () => {
    const { tasks, actions } = renderList(3);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Complete “Task number 0”' }));
    expect(actions.onStatusChange).toHaveBeenCalledWith(tasks[0], 'done');
    await user.click(screen.getByRole('button', { name: 'More for “Task number 1”' }));
    const menu = screen.getByRole('menu', { name: 'More for “Task number 1”' });
    expect(document.activeElement?.textContent).toBe('Mark as in progress');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(actions.onStatusChange).toHaveBeenCalledWith(tasks[1], 'done');
    expect(menu.isConnected).toBe(false);
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'More for “Task number 1”' }),
    );
    await user.click(screen.getByRole('button', { name: 'More for “Task number 1”' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mark as in progress' }));
    expect(actions.onStatusChange).toHaveBeenCalledWith(tasks[1], 'in_progress');
    await user.click(screen.getByRole('button', { name: 'Edit “Task number 2”' }));
    expect(actions.onEdit).toHaveBeenCalledWith(tasks[2]);
    await user.click(screen.getByRole('button', { name: 'Delete “Task number 2”' }));
    expect(actions.onDelete).toHaveBeenCalledWith(tasks[2]);
  });

  it('offers a keyboard-reachable Load more while the server has more', () => {
    renderList(3, true);
    expect(screen.getByRole('button', { name: /Load more|Loading/ })).toBeTruthy();
  });

  it('says what to do when there are no open tasks, and offers the done ones', async () => {
    const { actions } = renderList(0);
    expect(screen.getByRole('heading', { name: 'No open tasks' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show done tasks' }));
    expect(actions.onShowDone).toHaveBeenCalled();
  });

  it('shows the priority only when it is not the default, and filters by a clicked tag', async () => {
    const { tasks, actions } = renderList(1, false, { priority: 'medium', tags: ['work'] });
    const row = screen.getByRole('listitem');
    expect(row.textContent).not.toMatch(/Medium/);
    await userEvent.click(screen.getByRole('button', { name: 'Show tasks tagged #work' }));
    expect(actions.onTagFilter).toHaveBeenCalledWith('work');
    expect(tasks[0]!.priority).toBe('medium');
  });

  it('shows a priority other than the default', () => {
    renderList(1, false, { priority: 'high' });
    expect(screen.getByRole('listitem').textContent).toMatch(/Priority High/);
  });
});
