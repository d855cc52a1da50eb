// Windowed rendering for a long list that scrolls with the page: only the rows in or near the
// viewport are mounted, so 5,000 tasks cost as much to render as 30. Rows share one height, read
// from the first mounted row, because that keeps the arithmetic exact without measuring every row.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface WindowRange {
  start: number;
  end: number;
}

/** The rows [start, end) to mount for the given scroll position, with `overscan` rows either side. */
export function visibleRange(options: {
  count: number;
  rowHeight: number;
  listTop: number;
  scrollY: number;
  viewportHeight: number;
  overscan: number;
}): WindowRange {
  const { count, rowHeight, listTop, scrollY, viewportHeight, overscan } = options;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor((scrollY - listTop) / rowHeight);
  const last = Math.ceil((scrollY - listTop + viewportHeight) / rowHeight);
  return {
    start: Math.max(0, Math.min(count, first - overscan)),
    end: Math.max(0, Math.min(count, last + overscan)),
  };
}

/**
 * Rows share one height, read from the first mounted row (pass `measureRef` as its ref) and read
 * again when it changes size: the layout decides it (narrow screens stack a row's controls).
 */
export function useRowHeight(estimatedRowHeight: number) {
  const [rowHeight, setRowHeight] = useState(estimatedRowHeight);
  const measureRef = useCallback((row: HTMLElement | null) => {
    if (!row || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const height = entry ? Math.round(entry.borderBoxSize[0]?.blockSize ?? 0) : 0;
      if (height > 0) setRowHeight(height);
    });
    observer.observe(row);
    return () => observer.disconnect();
  }, []);
  return { rowHeight, measureRef };
}

/**
 * Runs `update` now and then at most once a frame while the page (or the `box`, when given)
 * scrolls or the window is resized.
 */
export function useUpdateOnScroll(update: () => void, box?: RefObject<HTMLElement | null>) {
  useLayoutEffect(update, [update]);
  useEffect(() => {
    const scroller = box ? box.current : window;
    if (!scroller) return;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    scroller.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [update, box]);
}

export function useWindowList(count: number, estimatedRowHeight: number, overscan = 8) {
  const listRef = useRef<HTMLDivElement>(null);
  const { rowHeight, measureRef } = useRowHeight(estimatedRowHeight);
  const [range, setRange] = useState<WindowRange>({ start: 0, end: Math.min(count, 30) });

  const update = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    const listTop = list.getBoundingClientRect().top + window.scrollY;
    const next = visibleRange({
      count,
      rowHeight,
      listTop,
      scrollY: window.scrollY,
      viewportHeight: window.innerHeight,
      overscan,
    });
    setRange((current) =>
      current.start === next.start && current.end === next.end ? current : next,
    );
  }, [count, rowHeight, overscan]);
  useUpdateOnScroll(update);

  return { listRef, measureRef, range, rowHeight, totalHeight: count * rowHeight };
}
