import { describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fullDateTime } from '@/lib/dates';
import { buildTask } from '@/testing/data';
import type { Task } from '../api/types';
import { filtersFromSearchParams } from '../api/filters';
import { taskKeys } from '../api/keys';
import { useTaskSelection } from '../api/selection';
import { TaskList } from './task-list';

type ListProps = Omit<Parameters<typeof TaskList>[0], 'selection'>;

/** The list with a real selection, reported to the test on every render. */
function WithSelection(props: ListProps & { onSelection: (ids: string[]) => void }) {
  const { onSelection, ...listProps } = props;
  const selection = useTaskSelection();
  onSelection([...selection.ids]);
  return <TaskList {...listProps} selection={selection} />;
}

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
  let selected: string[] = [];
  render(
    <QueryClientProvider client={queryClient}>
      <WithSelection
        filters={filters}
        onClearFilters={vi.fn()}
        onSelection={(ids) => (selected = ids)}
        {...actions}
      />
    </QueryClientProvider>,
  );
  const selectedTitles = () =>
    tasks.filter((task) => selected.includes(task.id)).map((task) => task.title);
  const showOnly = (shown: Task[]) =>
    act(() =>
      queryClient.setQueryData(taskKeys.list(filters), {
        pages: [{ data: shown, nextCursor: null }],
        pageParams: [null],
      }),
    );
  return { tasks, actions, selectedTitles, showOnly };
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

  it('marks a repeating task with its rule, and only that one', () => {
    renderList(1, false, {
      dueDate: '2026-11-02T09:00:00.000Z',
      recurrence: {
        frequency: 'weekly',
        interval: 1,
        timeZone: 'UTC',
        until: null,
        count: 3,
        weekdays: ['mo', 'tu', 'we', 'th', 'fr'],
      },
    });
    const repeat = screen.getByRole('img', { name: 'Repeats every weekday, 3 times left' });
    expect(repeat.getAttribute('title')).toBe('Every weekday, 3 times left');
    cleanup();
    renderList(1);
    expect(screen.queryByRole('img', { name: /^Repeats/ })).toBeNull();
  });

  it('rings a bell for a task with a reminder, named by when it is due or when it fired', () => {
    const remindAt = new Date(2026, 11, 3, 17, 0).toISOString();
    renderList(1, false, { remindAt });
    const pending = screen.getByRole('img', { name: /^Reminder at / });
    expect(pending.getAttribute('aria-label')).toBe(`Reminder at ${fullDateTime(remindAt)}`);
    expect(pending.getAttribute('aria-label')).toMatch(/2026/);
    cleanup();
    const remindedAt = new Date(2026, 11, 3, 17, 0, 2).toISOString();
    renderList(1, false, { remindAt, remindedAt });
    expect(
      screen.getByRole('img', { name: `Reminded at ${fullDateTime(remindedAt)}` }),
    ).toBeTruthy();
    cleanup();
    renderList(1);
    expect(screen.queryByRole('img', { name: /^Remind/ })).toBeNull();
  });

  const selectBox = (title: string) => screen.getByRole('checkbox', { name: `Select “${title}”` });

  it('selects with a click, a range with shift-click, and unselects with a second click', async () => {
    const { selectedTitles } = renderList(6);
    const user = userEvent.setup();
    await user.click(selectBox('Task number 1'));
    await user.keyboard('{Shift>}');
    await user.click(selectBox('Task number 4'));
    await user.keyboard('{/Shift}');
    expect(selectedTitles()).toEqual([
      'Task number 1',
      'Task number 2',
      'Task number 3',
      'Task number 4',
    ]);
    expect((selectBox('Task number 3') as HTMLInputElement).checked).toBe(true);
    await user.click(selectBox('Task number 2'));
    expect(selectedTitles()).toEqual(['Task number 1', 'Task number 3', 'Task number 4']);
  });

  it('toggles the focused row with x and selects a range from the last selected with Shift+X', async () => {
    const { selectedTitles } = renderList(5);
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Edit “Task number 0”' }).focus();
    await user.keyboard('x');
    expect(selectedTitles()).toEqual(['Task number 0']);
    screen.getByRole('button', { name: 'Edit “Task number 2”' }).focus();
    await user.keyboard('{Shift>}X{/Shift}');
    expect(selectedTitles()).toEqual(['Task number 0', 'Task number 1', 'Task number 2']);
    selectBox('Task number 1').focus();
    await user.keyboard('x');
    expect(selectedTitles()).toEqual(['Task number 0', 'Task number 2']);
    await user.keyboard('{Control>}x{/Control}');
    expect(selectedTitles()).toEqual(['Task number 0', 'Task number 2']);
  });

  it('keeps the selection of rows the window unmounts while scrolling', async () => {
    const { selectedTitles } = renderList(500);
    const user = userEvent.setup();
    await user.click(selectBox('Task number 0'));
    const scrollTo = async (y: number) => {
      // jsdom lays nothing out: the list's top moves up by what the page scrolled.
      Object.defineProperty(window, 'scrollY', { value: y, configurable: true });
      vi.spyOn(screen.getByRole('list'), 'getBoundingClientRect').mockReturnValue({
        top: -y,
      } as DOMRect);
      await act(async () => {
        fireEvent.scroll(window);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      });
    };
    await scrollTo(200 * 68);
    expect(screen.queryByRole('checkbox', { name: 'Select “Task number 0”' })).toBeNull();
    await user.click(selectBox('Task number 200'));
    await scrollTo(0);
    expect((selectBox('Task number 0') as HTMLInputElement).checked).toBe(true);
    expect(selectedTitles()).toEqual(['Task number 0', 'Task number 200']);
  });

  it('when a selected task leaves the reloaded list, then it leaves the selection', async () => {
    const { tasks, selectedTitles, showOnly } = renderList(3);
    const user = userEvent.setup();
    await user.click(selectBox('Task number 0'));
    await user.click(selectBox('Task number 2'));
    showOnly([tasks[1]!, tasks[2]!]);
    await waitFor(() => expect(selectedTitles()).toEqual(['Task number 2']));
  });
});
