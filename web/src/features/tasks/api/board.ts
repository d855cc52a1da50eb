// The board's logic without React: which column query holds a status, where a dropped card goes
// (as the api's before/after), the keyboard move's steps, and the optimistic reorder of the cache.
import type { QueryClient } from '@tanstack/react-query';
import type { ListData } from './cache';
import type { TaskFilters } from './filters';
import { taskKeys } from './keys';
import { STATUS_LABELS, STATUSES, type Status, type Task } from './types';

/** The list's filters that a board applies; status, sort and "show done" are the columns' own. */
export function columnFilters(filters: TaskFilters, project: string, status: Status): TaskFilters {
  return { ...filters, project, status: [status], showDone: false, sort: 'rank' };
}

/** The api's way of naming a place in a column: right before or after a card, or last or first. */
export type MovePlace = { before: string | null } | { after: string | null };

/**
 * The place for a card that should end up at `index` of a column (counted with the card in it),
 * named by its new neighbour. The card after it is named when there is one; otherwise the last
 * loaded card, because a column may have pages still to load and `{ before: null }` would send
 * the card past them.
 */
export function placeAt(columnIds: readonly string[], cardId: string, index: number): MovePlace {
  const others = columnIds.filter((id) => id !== cardId);
  const next = others[index];
  if (next !== undefined) return { before: next };
  const last = others.at(-1);
  return last === undefined ? { before: null } : { after: last };
}

/** Where a card is, or is being moved to: a column and an index in it, counted with the card. */
export interface BoardSpot {
  status: Status;
  index: number;
}

/** A card being moved, by pointer or by keyboard, before it is dropped. */
export interface BoardMove {
  task: Task;
  from: BoardSpot;
  to: BoardSpot;
}

/** How many cards a column would hold with the moving card in it. */
export function sizeWith(move: Pick<BoardMove, 'from'>, status: Status, count: number): number {
  return status === move.from.status ? count : count + 1;
}

/**
 * The slot, among the cards a column shows (the moving card still in its own place), where the drop
 * indicator goes for a move's target; the inverse of `indexFromSlot`.
 */
export function slotOf(move: BoardMove): number {
  const { from, to } = move;
  return to.status === from.status && to.index > from.index ? to.index + 1 : to.index;
}

/** The target index for a pointer over `slot` (0 above the first card shown, count below the last). */
export function indexFromSlot(from: BoardSpot, status: Status, slot: number): number {
  return status === from.status && slot > from.index ? slot - 1 : slot;
}

/** Whether a move would leave the card where it was. */
export const isStill = (move: BoardMove) =>
  move.to.status === move.from.status && move.to.index === move.from.index;

export type KeyboardStep =
  | { kind: 'move'; move: BoardMove }
  | { kind: 'drop'; move: BoardMove }
  | { kind: 'cancel'; move: BoardMove }
  | { kind: 'ignore' };

/**
 * One key pressed while a card is held: arrows move its target within the column (up, down) or to
 * the neighbouring column at the same height (left, right), Space or Enter drop it, Escape puts it
 * back. `counts` are the cards each column holds now.
 */
export function keyboardStep(
  move: BoardMove,
  key: string,
  counts: Readonly<Record<Status, number>>,
): KeyboardStep {
  const { to } = move;
  const last = (status: Status) => sizeWith(move, status, counts[status]) - 1;
  const at = (status: Status, index: number): KeyboardStep => ({
    kind: 'move',
    move: { ...move, to: { status, index: Math.max(0, Math.min(index, last(status))) } },
  });
  const column = STATUSES.indexOf(to.status);
  switch (key) {
    case 'ArrowUp':
      return at(to.status, to.index - 1);
    case 'ArrowDown':
      return at(to.status, to.index + 1);
    case 'Home':
      return at(to.status, 0);
    case 'End':
      return at(to.status, last(to.status));
    case 'ArrowLeft':
      return column > 0 ? at(STATUSES[column - 1]!, to.index) : at(to.status, to.index);
    case 'ArrowRight':
      return column < STATUSES.length - 1
        ? at(STATUSES[column + 1]!, to.index)
        : at(to.status, to.index);
    case ' ':
    case 'Enter':
      return { kind: 'drop', move };
    case 'Escape':
      return { kind: 'cancel', move };
    default:
      return { kind: 'ignore' };
  }
}

/** "Position 3 of 10 in To do", for the live announcements. */
export function describeSpot(move: BoardMove, spot: BoardSpot, count: number): string {
  return `Position ${spot.index + 1} of ${sizeWith(move, spot.status, count)} in ${STATUS_LABELS[spot.status]}.`;
}

/** Takes the task out of a column's pages, wherever it is. */
function without(data: ListData, id: string): ListData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      data: page.data.filter((task) => task.id !== id),
    })),
  };
}

/** Puts the task at `index` of the column (counted over every loaded page). */
function insertAt(data: ListData, task: Task, index: number): ListData {
  let remaining = index;
  const pages = data.pages.map((page) => ({ ...page, data: [...page.data] }));
  for (const [number, page] of pages.entries()) {
    if (remaining <= page.data.length || number === pages.length - 1) {
      page.data.splice(Math.min(remaining, page.data.length), 0, task);
      break;
    }
    remaining -= page.data.length;
  }
  return { ...data, pages };
}

/**
 * The optimistic move: the task leaves every cached list and enters the target column's at its
 * index, with its new status. Other lists (the task list's) hold it in an order a status does not
 * change, so they only get the new copy.
 */
export function moveInCache(
  queryClient: QueryClient,
  filters: TaskFilters,
  project: string,
  move: BoardMove,
): Task {
  const moved: Task = { ...move.task, status: move.to.status };
  for (const status of STATUSES) {
    const key = taskKeys.list(columnFilters(filters, project, status));
    queryClient.setQueryData<ListData>(key, (data) => {
      if (!data) return data;
      const rest = without(data, moved.id);
      return status === move.to.status && data.pages.length > 0
        ? insertAt(rest, moved, move.to.index)
        : rest;
    });
  }
  return moved;
}
