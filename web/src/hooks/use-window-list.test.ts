import { describe, expect, it } from 'vitest';
import { visibleRange } from './use-window-list';

const base = { count: 5000, rowHeight: 50, listTop: 200, viewportHeight: 1000, overscan: 5 };

describe('visibleRange', () => {
  it('at the top, mounts the rows that fit the viewport plus the overscan', () => {
    expect(visibleRange({ ...base, scrollY: 0 })).toEqual({ start: 0, end: 21 });
  });

  it('deep in the list, mounts only the window around the viewport', () => {
    expect(visibleRange({ ...base, scrollY: 100_200 })).toEqual({ start: 1995, end: 2025 });
  });

  it('never goes past either end', () => {
    expect(visibleRange({ ...base, scrollY: 10_000_000 })).toEqual({ start: 5000, end: 5000 });
    expect(visibleRange({ ...base, count: 3, scrollY: 0 })).toEqual({ start: 0, end: 3 });
    expect(visibleRange({ ...base, count: 0, scrollY: 0 })).toEqual({ start: 0, end: 0 });
  });
});
