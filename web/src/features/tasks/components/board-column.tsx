import { useEffect, useMemo } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useScrollWindow } from '@/hooks/use-scroll-window';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/components/ui/form-error';
import { columnFilters, slotOf, type BoardMove } from '../api/board';
import type { TaskFilters } from '../api/filters';
import { useHiddenTaskIds } from '../api/pending-deletions';
import { taskListQueryOptions } from '../api/queries';
import { STATUS_LABELS, type Status, type Task } from '../api/types';
import { BoardCard, type BoardCardActions } from './board-card';

const CARD_ESTIMATE_PX = 76;

/** One column's cards as loaded so far, in rank order, without those being deleted. */
export function useColumn(filters: TaskFilters, project: string, status: Status) {
  const query = useInfiniteQuery({
    ...taskListQueryOptions(columnFilters(filters, project, status)),
    enabled: project !== '',
  });
  const hidden = useHiddenTaskIds();
  const tasks = useMemo(() => {
    const all = query.data?.pages.flatMap((page) => page.data) ?? [];
    return hidden.size === 0 ? all : all.filter((task) => !hidden.has(task.id));
  }, [query.data, hidden]);
  return { query, tasks };
}

export type Column = ReturnType<typeof useColumn>;

interface BoardColumnProps {
  status: Status;
  column: Column;
  /** The card being moved, if any: its own card is drawn held, its target gets the indicator. */
  move: BoardMove | null;
  /** Keyboard moves scroll the column to keep the target in view; a pointer scrolls it itself. */
  follow: boolean;
  focusId: string | null;
  actions: BoardCardActions;
}

export function BoardColumn({ status, column, move, follow, focusId, actions }: BoardColumnProps) {
  const { query, tasks } = column;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const label = STATUS_LABELS[status];
  const { scrollRef, measureRef, range, rowHeight, totalHeight, revealRow } = useScrollWindow(
    tasks.length,
    CARD_ESTIMATE_PX,
  );
  const lastIndex = range.end - 1;

  // Paging follows the scroll, as on the list.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= tasks.length - 10) {
      void fetchNextPage();
    }
  }, [lastIndex, tasks.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const targeted = move?.to.status === status;
  const slot = move && targeted ? slotOf(move) : null;
  const heldIndex = move?.from.status === status ? move.from.index : -1;
  useEffect(() => {
    if (follow && slot !== null) revealRow(slot);
  }, [follow, slot, revealRow]);
  const focusIndex = focusId ? tasks.findIndex((task) => task.id === focusId) : -1;
  useEffect(() => {
    if (focusIndex >= 0) revealRow(focusIndex);
  }, [focusIndex, revealRow]);

  // The windowed cards, plus the held one wherever it is: it keeps the focus while it is moved.
  // The range is a render behind when the column shrinks (a card left it), hence the bound.
  const shown: number[] = [];
  const end = Math.min(range.end, tasks.length);
  for (let index = range.start; index < end; index++) shown.push(index);
  for (const extra of [heldIndex, focusIndex]) {
    if (extra >= 0 && extra < tasks.length && (extra < range.start || extra >= range.end)) {
      shown.push(extra);
    }
  }
  const count = `${tasks.length}${hasNextPage ? '+' : ''}`;
  const countText = `${tasks.length}${hasNextPage ? ' or more' : ''} ${tasks.length === 1 ? 'task' : 'tasks'}`;
  const headingId = `board-column-${status}`;
  const renderCard = (task: Task, index: number) => (
    <div
      key={task.id}
      role="listitem"
      // Only a window of the column is in the page: these say where in the whole it is.
      aria-setsize={hasNextPage ? -1 : tasks.length}
      aria-posinset={index + 1}
      className="board-item"
      ref={index === range.start ? measureRef : undefined}
      style={{ transform: `translateY(${index * rowHeight}px)` }}
    >
      <BoardCard
        task={task}
        status={status}
        index={index}
        held={index === heldIndex}
        focus={task.id === focusId}
        {...actions}
      />
    </div>
  );

  return (
    <section
      className={`board-column${targeted ? ' is-target' : ''}`}
      aria-labelledby={headingId}
      data-board-column={status}
    >
      <h2 id={headingId} className="board-column-head">
        <span className={`board-status board-status-${status}`} aria-hidden="true" />
        {label}
        <span className="board-count" aria-hidden="true">
          {count}
        </span>
        <span className="sr-only">, {countText}</span>
      </h2>
      <div
        ref={scrollRef}
        className="board-scroll"
        data-row-height={rowHeight}
        data-count={tasks.length}
      >
        {query.isPending ? (
          <Spinner label={`Loading ${label}…`} />
        ) : query.isError && tasks.length === 0 ? (
          <div className="board-empty" role="alert">
            <p>{errorMessage(query.error)}</p>
            <button type="button" className="button" onClick={() => void query.refetch()}>
              Try again
            </button>
          </div>
        ) : (
          <>
            <div
              role="list"
              aria-label={label}
              className="board-cards"
              style={{ height: totalHeight + (targeted && heldIndex < 0 ? rowHeight : 0) }}
            >
              {shown.map((index) => renderCard(tasks[index]!, index))}
              {slot !== null && (
                <div
                  className="board-drop"
                  aria-hidden="true"
                  style={{ transform: `translateY(${slot * rowHeight}px)` }}
                />
              )}
            </div>
            {tasks.length === 0 && <p className="board-empty muted">No tasks</p>}
            {isFetchingNextPage && <p className="board-empty muted">Loading…</p>}
            {query.isFetchNextPageError && (
              <p className="form-error" role="alert">
                More tasks could not be loaded: {errorMessage(query.error)}
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
