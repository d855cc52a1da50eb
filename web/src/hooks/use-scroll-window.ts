// Windowed rendering inside a scrolling box (a board column), the sibling of use-window-list for
// lists that scroll with the page: the same arithmetic, read from the box's own scroll position.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { visibleRange, type WindowRange } from './use-window-list';

export function useScrollWindow(count: number, estimatedRowHeight: number, overscan = 6) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [rowHeight, setRowHeight] = useState(estimatedRowHeight);
  const [range, setRange] = useState<WindowRange>({ start: 0, end: Math.min(count, 20) });

  const update = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    const next = visibleRange({
      count,
      rowHeight,
      listTop: 0,
      scrollY: box.scrollTop,
      viewportHeight: box.clientHeight,
      overscan,
    });
    setRange((current) =>
      current.start === next.start && current.end === next.end ? current : next,
    );
  }, [count, rowHeight, overscan]);

  useLayoutEffect(update, [update]);

  useEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    box.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      box.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [update]);

  // Cards share one height, re-read when the first mounted one changes size (a narrower column).
  const measureRef = useCallback((row: HTMLElement | null) => {
    if (!row || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const height = entry ? Math.round(entry.borderBoxSize[0]?.blockSize ?? 0) : 0;
      if (height > 0) setRowHeight(height);
    });
    observer.observe(row);
    return () => observer.disconnect();
  }, []);

  /** Scrolls just enough that row `index` is in view. */
  const revealRow = useCallback(
    (index: number) => {
      const box = scrollRef.current;
      if (!box) return;
      const top = index * rowHeight;
      if (top < box.scrollTop) box.scrollTop = top;
      else if (top + rowHeight > box.scrollTop + box.clientHeight) {
        box.scrollTop = top + rowHeight - box.clientHeight;
      }
    },
    [rowHeight],
  );

  return { scrollRef, measureRef, range, rowHeight, totalHeight: count * rowHeight, revealRow };
}
