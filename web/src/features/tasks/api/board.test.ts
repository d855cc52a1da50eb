import { describe, expect, it } from 'vitest';
import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { buildTask } from '@/testing/data';
import {
  columnFilters,
  describeSpot,
  indexFromSlot,
  isStill,
  keyboardStep,
  moveInCache,
  placeAt,
  slotOf,
  type BoardMove,
} from './board';
import { filtersFromSearchParams } from './filters';
import { taskKeys } from './keys';
import { applyTaskEvent } from './live';
import type { Status, Task, TaskPage } from './types';

const PROJECT = 'p'.repeat(24);

describe('placeAt', () => {
  const column = ['a', 'b', 'c', 'd'];

  it('when a card goes above another, then the card below it is named', () => {
    expect(placeAt(column, 'd', 0)).toEqual({ before: 'a' });
    expect(placeAt(column, 'd', 1)).toEqual({ before: 'b' });
    // Counted without the card itself: "b" at index 2 lands between "c" and "d".
    expect(placeAt(column, 'b', 2)).toEqual({ before: 'd' });
  });

  it('when a card goes to the end of what is loaded, then it follows the last loaded card', () => {
    expect(placeAt(column, 'a', 3)).toEqual({ after: 'd' });
    expect(placeAt(column, 'x', 4)).toEqual({ after: 'd' });
  });

  it('when the column is empty, or holds only the card, then it goes last', () => {
    expect(placeAt([], 'x', 0)).toEqual({ before: null });
    expect(placeAt(['x'], 'x', 0)).toEqual({ before: null });
  });
});

const move = (from: [Status, number], to: [Status, number] = from): BoardMove => ({
  task: buildTask({ title: 'Card', status: from[0] }),
  from: { status: from[0], index: from[1] },
  to: { status: to[0], index: to[1] },
});

describe('slots and indexes', () => {
  it('when the pointer is below the held card in its own column, then the slot counts the card', () => {
    const from = { status: 'todo' as const, index: 1 };
    expect(indexFromSlot(from, 'todo', 0)).toBe(0);
    expect(indexFromSlot(from, 'todo', 1)).toBe(1);
    expect(indexFromSlot(from, 'todo', 2)).toBe(1);
    expect(indexFromSlot(from, 'todo', 4)).toBe(3);
    expect(indexFromSlot(from, 'done', 2)).toBe(2);
  });

  it('when a target index is drawn, then the indicator goes to the slot that gives it back', () => {
    for (const [to, slot] of [
      [['todo', 0], 0],
      [['todo', 1], 1],
      [['todo', 3], 4],
      [['done', 2], 2],
    ] as const) {
      const held = move(['todo', 1], [to[0], to[1]]);
      expect(slotOf(held)).toBe(slot);
      expect(indexFromSlot(held.from, to[0], slot)).toBe(to[1]);
    }
  });

  it('when the target is where the card was, then the move is still', () => {
    expect(isStill(move(['todo', 2]))).toBe(true);
    expect(isStill(move(['todo', 2], ['todo', 3]))).toBe(false);
    expect(isStill(move(['todo', 2], ['done', 2]))).toBe(false);
  });
});

describe('keyboardStep', () => {
  const counts = { todo: 4, in_progress: 2, done: 0 };
  const target = (step: ReturnType<typeof keyboardStep>) =>
    step.kind === 'move' ? [step.move.to.status, step.move.to.index] : step.kind;

  it('when the arrows go up and down, then the target moves within the column and stops at its ends', () => {
    expect(target(keyboardStep(move(['todo', 1]), 'ArrowUp', counts))).toEqual(['todo', 0]);
    expect(target(keyboardStep(move(['todo', 0]), 'ArrowUp', counts))).toEqual(['todo', 0]);
    expect(target(keyboardStep(move(['todo', 2]), 'ArrowDown', counts))).toEqual(['todo', 3]);
    // Four cards, the held one among them: index 3 is the last.
    expect(target(keyboardStep(move(['todo', 3]), 'ArrowDown', counts))).toEqual(['todo', 3]);
    expect(target(keyboardStep(move(['todo', 2]), 'Home', counts))).toEqual(['todo', 0]);
    expect(target(keyboardStep(move(['todo', 0]), 'End', counts))).toEqual(['todo', 3]);
  });

  it('when the arrows go sideways, then the target is the neighbour column at the same height, clamped', () => {
    expect(target(keyboardStep(move(['todo', 3]), 'ArrowRight', counts))).toEqual([
      'in_progress',
      2,
    ]);
    expect(target(keyboardStep(move(['todo', 1]), 'ArrowRight', counts))).toEqual([
      'in_progress',
      1,
    ]);
    expect(target(keyboardStep(move(['todo', 1]), 'ArrowLeft', counts))).toEqual(['todo', 1]);
    const inProgress = move(['todo', 3], ['in_progress', 2]);
    expect(target(keyboardStep(inProgress, 'ArrowRight', counts))).toEqual(['done', 0]);
    expect(target(keyboardStep(inProgress, 'ArrowLeft', counts))).toEqual(['todo', 2]);
    // Another column holds one more card with this one in it: index 2 is below both of its cards.
    expect(target(keyboardStep(inProgress, 'ArrowDown', counts))).toEqual(['in_progress', 2]);
    expect(target(keyboardStep(move(['done', 0]), 'ArrowRight', counts))).toEqual(['done', 0]);
  });

  it('when Space, Enter, Escape or another key is pressed, then the card is dropped, put back or nothing happens', () => {
    const held = move(['todo', 1], ['done', 0]);
    expect(keyboardStep(held, ' ', counts)).toEqual({ kind: 'drop', move: held });
    expect(keyboardStep(held, 'Enter', counts)).toEqual({ kind: 'drop', move: held });
    expect(keyboardStep(held, 'Escape', counts)).toEqual({ kind: 'cancel', move: held });
    expect(keyboardStep(held, 'a', counts)).toEqual({ kind: 'ignore' });
  });

  it('when a spot is described, then it reads as a position out of the cards there with the card', () => {
    const held = move(['todo', 1], ['in_progress', 0]);
    expect(describeSpot(held, held.to, counts.in_progress)).toBe('Position 1 of 3 in In progress.');
    expect(describeSpot(held, held.from, counts.todo)).toBe('Position 2 of 4 in To do.');
  });
});

describe('moveInCache', () => {
  const filters = filtersFromSearchParams(new URLSearchParams('priority=high'));
  const listFilters = filtersFromSearchParams(new URLSearchParams('done=show'));

  function setup() {
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false, staleTime: Infinity } },
    });
    const card = (title: string, status: Status) =>
      buildTask({ title, status, priority: 'high', projectId: PROJECT });
    const [a, b, c, d] = [
      card('A', 'todo'),
      card('B', 'todo'),
      card('C', 'todo'),
      card('D', 'todo'),
    ];
    const x = card('X', 'in_progress');
    const put = (status: Status, pages: Task[][]) =>
      queryClient.setQueryData<InfiniteData<TaskPage, string | null>>(
        taskKeys.list(columnFilters(filters, PROJECT, status)),
        {
          pages: pages.map((data, page) => ({
            data,
            nextCursor: page < pages.length - 1 ? `${page + 1}` : null,
          })),
          pageParams: pages.map((_, page) => (page === 0 ? null : `${page}`)),
        },
      );
    put('todo', [
      [a!, b!],
      [c!, d!],
    ]);
    put('in_progress', [[x]]);
    put('done', [[]]);
    queryClient.setQueryData(taskKeys.list(listFilters), {
      pages: [{ data: [d, c, b, a, x], nextCursor: null }],
      pageParams: [null],
    });
    const titles = (status: Status) =>
      queryClient
        .getQueryData<InfiniteData<TaskPage>>(
          taskKeys.list(columnFilters(filters, PROJECT, status)),
        )!
        .pages.flatMap((page) => page.data.map((task) => task.title));
    return { queryClient, a: a!, b: b!, d: d!, x, titles };
  }

  it('when a card moves within its column, then it takes its new place across the pages', () => {
    const { queryClient, a, titles } = setup();
    moveInCache(queryClient, filters, PROJECT, {
      task: a,
      from: { status: 'todo', index: 0 },
      to: { status: 'todo', index: 2 },
    });
    expect(titles('todo')).toEqual(['B', 'C', 'A', 'D']);
  });

  it('when a card moves to another column, then it leaves its own and enters the other with its status', () => {
    const { queryClient, d, titles } = setup();
    const moved = moveInCache(queryClient, filters, PROJECT, {
      task: d,
      from: { status: 'todo', index: 3 },
      to: { status: 'in_progress', index: 0 },
    });
    expect(moved.status).toBe('in_progress');
    expect(titles('todo')).toEqual(['A', 'B', 'C']);
    expect(titles('in_progress')).toEqual(['D', 'X']);
    moveInCache(queryClient, filters, PROJECT, {
      task: moved,
      from: { status: 'in_progress', index: 0 },
      to: { status: 'done', index: 0 },
    });
    expect(titles('in_progress')).toEqual(['X']);
    expect(titles('done')).toEqual(['D']);
  });

  it('when another device moves a card of a column, then the live event reloads that column', () => {
    const { queryClient, b } = setup();
    const key = taskKeys.list(columnFilters(filters, PROJECT, 'todo'));
    applyTaskEvent(queryClient, {
      event: 'task.updated',
      data: { task: { ...b, rank: 1e15, version: b.version + 1 } },
    });
    expect(queryClient.getQueryState(key)!.isInvalidated).toBe(true);
  });
});
