import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
} from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { isTyping } from '@/hooks/use-shortcut';
import { useWindowList } from '@/hooks/use-window-list';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/components/ui/form-error';
import { hasActiveFilters, type TaskFilters } from '../api/filters';
import { useHiddenTaskIds } from '../api/pending-deletions';
import { taskListQueryOptions } from '../api/queries';
import type { TaskSelection } from '../api/selection';
import { TaskRow, type TaskRowActions } from './task-row';

interface TaskListProps extends TaskRowActions {
  filters: TaskFilters;
  onClearFilters: () => void;
  onShowDone: () => void;
  selection: TaskSelection;
}

/** `x` and Shift+X work from any control of a row except where text is typed (or a menu is open). */
function selectionKeyTarget(event: KeyboardEvent): string | undefined {
  if (event.key.toLowerCase() !== 'x' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement;
  const checkbox = target instanceof HTMLInputElement && target.type === 'checkbox';
  if ((isTyping(target) && !checkbox) || target.closest('[role="menu"]')) return;
  return target.closest<HTMLElement>('[data-task-id]')?.dataset.taskId;
}

const ROW_ESTIMATE_PX = 68;

export function TaskList({
  filters,
  onClearFilters,
  onShowDone,
  selection,
  ...actions
}: TaskListProps) {
  const query = useInfiniteQuery(taskListQueryOptions(filters));
  const hidden = useHiddenTaskIds();
  const tasks = useMemo(() => {
    const all = query.data?.pages.flatMap((page) => page.data) ?? [];
    return hidden.size === 0 ? all : all.filter((task) => !hidden.has(task.id));
  }, [query.data, hidden]);

  // Ranges follow the order on screen; rows read it through a ref so their callback stays the same.
  const order = useRef<string[]>([]);
  useLayoutEffect(() => {
    order.current = tasks.map((task) => task.id);
  }, [tasks]);
  const { ids: selectedIds, toggle, extendTo, remove } = selection;
  const settled = query.isSuccess && !query.isFetching;
  // Tasks that left the loaded list (a change or the filters took them out) leave the selection,
  // so an action only reaches tasks on screen. Every loaded page is reloaded together, so a task
  // missing from a settled list is not merely further down.
  useEffect(() => {
    if (!settled || selectedIds.size === 0) return;
    const shown = new Set(tasks.map((task) => task.id));
    const gone = [...selectedIds].filter((id) => !shown.has(id));
    if (gone.length > 0) remove(gone);
  }, [settled, tasks, selectedIds, remove]);
  const select = useCallback(
    (id: string, range: boolean) => (range ? extendTo(id, order.current) : toggle(id)),
    [toggle, extendTo],
  );
  const onKeyDown = (event: KeyboardEvent) => {
    const id = selectionKeyTarget(event);
    if (!id) return;
    event.preventDefault();
    select(id, event.shiftKey);
  };

  const { listRef, measureRef, range, rowHeight, totalHeight } = useWindowList(
    tasks.length,
    ROW_ESTIMATE_PX,
  );
  const lastIndex = range.end - 1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  // Infinite scroll: fetch the next page as the last rows come into view.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= tasks.length - 10) {
      void fetchNextPage();
    }
  }, [lastIndex, tasks.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending) return <Spinner label="Loading tasks…" />;
  if (query.isError && tasks.length === 0) {
    return (
      <div className="empty" role="alert">
        <h2>Tasks could not be loaded</h2>
        <p>{errorMessage(query.error)}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (tasks.length === 0) {
    return hasActiveFilters(filters) ? (
      <div className="empty">
        <h2>No tasks match</h2>
        <p>Nothing matches this search and these filters.</p>
        <button type="button" className="button" onClick={onClearFilters}>
          Clear filters
        </button>
      </div>
    ) : (
      <div className="empty">
        <h2>No open tasks</h2>
        <p>
          Type a task in the box above and press Enter. Press <kbd>n</kbd> from anywhere to start a
          new one.
        </p>
        {!filters.showDone && (
          <button type="button" className="button button-secondary" onClick={onShowDone}>
            Show done tasks
          </button>
        )}
      </div>
    );
  }

  return (
    <>
      <p className="list-count" aria-live="polite">
        {tasks.length} {tasks.length === 1 ? 'task' : 'tasks'}
        {hasNextPage ? ' loaded' : ''}
      </p>
      <div
        ref={listRef}
        role="list"
        aria-label="Tasks"
        className="task-list"
        style={{ height: totalHeight }}
        onKeyDown={onKeyDown}
      >
        {tasks.slice(range.start, range.end).map((task, offset) => {
          const index = range.start + offset;
          return (
            <div
              key={task.id}
              data-task-id={task.id}
              role="listitem"
              aria-setsize={hasNextPage ? -1 : tasks.length}
              aria-posinset={index + 1}
              ref={offset === 0 ? measureRef : undefined}
              className="task-item"
              style={{ transform: `translateY(${index * rowHeight}px)` }}
            >
              <TaskRow
                task={task}
                selected={selection.ids.has(task.id)}
                onSelect={select}
                {...actions}
              />
            </div>
          );
        })}
      </div>
      <div className="list-footer">
        {hasNextPage ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={isFetchingNextPage}
            onClick={() => void fetchNextPage()}
          >
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : (
          <span className="muted">That’s all.</span>
        )}
        {query.isFetchNextPageError && (
          <p className="form-error" role="alert">
            More tasks could not be loaded: {errorMessage(query.error)}
          </p>
        )}
      </div>
    </>
  );
}
